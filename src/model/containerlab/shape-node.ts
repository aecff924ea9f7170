// Shape check of one node definition (a node, a kind, a group, or the defaults).
import type { YamlPath } from "../source.js";
import { NODE_FIELDS, NODE_IGNORED } from "./fields.js";
import type { RawNodeDef } from "./raw.js";
import {
  checkKeys,
  isObj,
  optScalarMap,
  optString,
  optStringList,
  typeName,
  type ShapeContext,
} from "./shape-util.js";

/** `null` (a node written as `name:` with nothing under it) is an empty definition. */
export function shapeNodeDef(ctx: ShapeContext, value: unknown, path: YamlPath, where: string): RawNodeDef {
  if (value === null || value === undefined) return { path };
  if (!isObj(value)) {
    ctx.diagnostics.push(
      ctx.report.error("field-type", `${where} must be a mapping, not ${typeName(value)}`, path),
    );
    return { path };
  }
  checkKeys(ctx, value, path, where, NODE_FIELDS, NODE_IGNORED);
  const def: { -readonly [K in keyof RawNodeDef]: RawNodeDef[K] } = { path };
  def.kind = optString(ctx, value, "kind", path);
  def.group = optString(ctx, value, "group", path);
  def.image = optString(ctx, value, "image", path);
  def.cmd = optString(ctx, value, "cmd", path);
  def.entrypoint = optString(ctx, value, "entrypoint", path);
  def.exec = optStringList(ctx, value, "exec", path, "exec-not-strings");
  def.binds = optStringList(ctx, value, "binds", path, "bind-not-string");
  def.env = optScalarMap(ctx, value, "env", path, "env-not-scalar");
  def.labels = optScalarMap(ctx, value, "labels", path, "label-not-scalar");
  def.startupConfig = optString(ctx, value, "startup-config", path);
  def.networkMode = optString(ctx, value, "network-mode", path);
  def.mgmtIpv4 = optString(ctx, value, "mgmt-ipv4", path);
  // Drop the absent fields so that `field in def` and spreading stay meaningful.
  for (const key of Object.keys(def) as (keyof RawNodeDef)[]) if (def[key] === undefined) delete def[key];
  return def;
}
