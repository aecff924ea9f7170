// The shape check: plain YAML values in, `RawTopology` out. Wrong types are errors; keys fabric
// does not know are warnings (containerlab tolerates extra keys). Nothing here looks across
// fields; that is what the rules are for.
import type { Diagnostic } from "../../errors.js";
import type { YamlDoc, YamlPath } from "../source.js";
import { reporter } from "./diag.js";
import { MGMT_FIELDS, MGMT_IGNORED, TOP_LEVEL_FIELDS, TOP_LEVEL_IGNORED, TOPOLOGY_FIELDS } from "./fields.js";
import type { RawMgmt, RawNodeDef, RawTopology } from "./raw.js";
import { shapeLinks } from "./shape-link.js";
import { shapeNodeDef } from "./shape-node.js";
import { checkKeys, isObj, optString, typeName, type Obj, type ShapeContext } from "./shape-util.js";

export interface ShapeResult {
  readonly raw?: RawTopology;
  readonly diagnostics: readonly Diagnostic[];
}

export function checkShape(doc: YamlDoc): ShapeResult {
  const ctx: ShapeContext = { report: reporter(doc), diagnostics: [] };
  const root = doc.value;
  if (!isObj(root)) {
    ctx.diagnostics.push(
      ctx.report.error(
        "topology-not-mapping",
        `a containerlab topology must be a mapping, not ${typeName(root)}`,
        [],
        {
          suggestion: "start the file with `name: <lab name>` and a `topology:` section",
        },
      ),
    );
    return { diagnostics: ctx.diagnostics };
  }
  checkKeys(ctx, root, [], "the topology file", TOP_LEVEL_FIELDS, TOP_LEVEL_IGNORED);
  const topology = sectionOf(ctx, root, "topology", []);
  const topoPath: YamlPath = root["topology"] === undefined ? [] : ["topology"];
  if (topology) checkKeys(ctx, topology, topoPath, "`topology`", TOPOLOGY_FIELDS);
  const t: Obj = topology ?? {};
  const name = optString(ctx, root, "name", []);
  const prefix = optString(ctx, root, "prefix", []);
  const defaults =
    t["defaults"] === undefined
      ? undefined
      : shapeNodeDef(ctx, t["defaults"], ["topology", "defaults"], "defaults");
  const raw: RawTopology = {
    ...(name ? { name } : {}),
    ...(prefix ? { prefix } : {}),
    mgmt: shapeMgmt(ctx, root),
    ...(defaults ? { defaults } : {}),
    kinds: defMap(ctx, t, "kinds", "kind"),
    groups: defMap(ctx, t, "groups", "group"),
    nodes: defMap(ctx, t, "nodes", "node"),
    links: shapeLinks(ctx, t["links"], ["topology", "links"]),
    nodesPath: t["nodes"] === undefined ? topoPath : ["topology", "nodes"],
  };
  return { raw, diagnostics: ctx.diagnostics };
}

function sectionOf(ctx: ShapeContext, parent: Obj, key: string, path: YamlPath): Obj | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (isObj(value)) return value;
  ctx.diagnostics.push(
    ctx.report.error("field-type", `"${key}" must be a mapping, not ${typeName(value)}`, [...path, key]),
  );
  return undefined;
}

function defMap(ctx: ShapeContext, topology: Obj, key: string, where: string): Map<string, RawNodeDef> {
  const out = new Map<string, RawNodeDef>();
  const section = sectionOf(ctx, topology, key, ["topology"]);
  if (!section) return out;
  for (const [name, value] of Object.entries(section)) {
    out.set(name, shapeNodeDef(ctx, value, ["topology", key, name], `${where} "${name}"`));
  }
  return out;
}

function shapeMgmt(ctx: ShapeContext, root: Obj): RawMgmt {
  const mgmt = sectionOf(ctx, root, "mgmt", []);
  if (!mgmt) return {};
  const path = ["mgmt"];
  checkKeys(ctx, mgmt, path, "`mgmt`", MGMT_FIELDS, MGMT_IGNORED);
  const network = optString(ctx, mgmt, "network", path);
  const ipv4Subnet = optString(ctx, mgmt, "ipv4-subnet", path);
  const ipv6Subnet = optString(ctx, mgmt, "ipv6-subnet", path);
  const bridge = optString(ctx, mgmt, "bridge", path);
  return {
    ...(network ? { network } : {}),
    ...(ipv4Subnet ? { ipv4Subnet } : {}),
    ...(ipv6Subnet ? { ipv6Subnet } : {}),
    ...(bridge ? { bridge } : {}),
  };
}
