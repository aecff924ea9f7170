// Shape check of `topology.links`: the brief form (`endpoints: ["a:eth1", "b:eth1"]`) and the
// typed veth form (`type: veth`, `endpoints: [{node, interface}, …]`). Other containerlab link
// types are recognised and refused, since fabric only wires veth pairs for now.
import type { YamlPath } from "../source.js";
import { ENDPOINT_FIELDS, ENDPOINT_IGNORED, LINK_FIELDS, LINK_IGNORED, OTHER_LINK_TYPES } from "./fields.js";
import type { Located, RawEndpoint, RawLink } from "./raw.js";
import { checkKeys, isObj, optString, typeName, type Obj, type ShapeContext } from "./shape-util.js";
import { didYouMean } from "../suggest.js";

export function shapeLinks(ctx: ShapeContext, value: unknown, path: YamlPath): RawLink[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    ctx.diagnostics.push(
      ctx.report.error("field-type", `"links" must be a list, not ${typeName(value)}`, path),
    );
    return [];
  }
  const links: RawLink[] = [];
  value.forEach((item: unknown, i) => {
    const link = shapeLink(ctx, item, [...path, i]);
    if (link) links.push(link);
  });
  return links;
}

function shapeLink(ctx: ShapeContext, item: unknown, path: YamlPath): RawLink | undefined {
  if (!isObj(item)) {
    ctx.diagnostics.push(
      ctx.report.error("field-type", `a link must be a mapping, not ${typeName(item)}`, path),
    );
    return undefined;
  }
  const type = optString(ctx, item, "type", path);
  if (type && type.value !== "veth") {
    const known = (OTHER_LINK_TYPES as readonly string[]).includes(type.value);
    ctx.diagnostics.push(
      known
        ? ctx.report.error(
            "link-type-unsupported",
            `link type "${type.value}" is not supported by fabric yet; only veth links are`,
            type.path,
            { suggestion: "connect the node to another node with a veth link instead" },
          )
        : ctx.report.error("link-type-unknown", `unknown link type "${type.value}"`, type.path, {
            suggestion: didYouMean(type.value, ["veth", ...OTHER_LINK_TYPES]) ?? "fabric supports type: veth",
          }),
    );
    return undefined;
  }
  // Only now: the fields of other link types (host-interface, remote …) are not unknown to them.
  checkKeys(ctx, item, path, "a link", LINK_FIELDS, LINK_IGNORED);
  const form = type ? "veth" : "brief";
  const endpointsPath = [...path, "endpoints"];
  const raw = item["endpoints"];
  if (!Array.isArray(raw)) {
    ctx.diagnostics.push(
      ctx.report.error(
        "link-endpoint-count",
        raw === undefined
          ? "a link needs exactly two endpoints"
          : `"endpoints" must be a list, not ${typeName(raw)}`,
        raw === undefined ? path : endpointsPath,
        { suggestion: 'write endpoints: ["node1:eth1", "node2:eth1"]' },
      ),
    );
    return undefined;
  }
  const endpoints: RawEndpoint[] = [];
  raw.forEach((e: unknown, i) => {
    const at = [...endpointsPath, i];
    const endpoint = form === "brief" ? briefEndpoint(ctx, e, at) : typedEndpoint(ctx, e, at);
    if (endpoint) endpoints.push(endpoint);
  });
  return { path, form, endpoints, written: raw.length, endpointsPath, ...mtuOf(ctx, item, path) };
}

/** `"node:iface"`, split at the first colon as containerlab does. */
export function briefEndpoint(ctx: ShapeContext, value: unknown, path: YamlPath): RawEndpoint | undefined {
  if (typeof value !== "string") {
    ctx.diagnostics.push(
      ctx.report.error(
        "endpoint-malformed",
        `a link endpoint must be a "node:interface" string, not ${typeName(value)}`,
        path,
        {
          suggestion: isObj(value)
            ? "for {node, interface} endpoints add `type: veth` to the link"
            : undefined,
        },
      ),
    );
    return undefined;
  }
  const colon = value.indexOf(":");
  const node = colon < 0 ? "" : value.slice(0, colon);
  const iface = colon < 0 ? "" : value.slice(colon + 1);
  if (node === "" || iface === "") {
    const what = colon < 0 ? "has no colon" : node === "" ? "has no node name" : "has no interface name";
    ctx.diagnostics.push(
      ctx.report.error(
        "endpoint-malformed",
        `link endpoint "${value}" ${what}; expected "node:interface"`,
        path,
        {
          suggestion:
            colon < 0 && value.includes("-")
              ? `did you mean "${value.replace("-", ":")}"?`
              : 'e.g. "tor0:eth1"',
        },
      ),
    );
    return undefined;
  }
  return { node, iface, path };
}

function typedEndpoint(ctx: ShapeContext, value: unknown, path: YamlPath): RawEndpoint | undefined {
  if (!isObj(value)) {
    ctx.diagnostics.push(
      ctx.report.error(
        "endpoint-malformed",
        `a veth link endpoint must be a mapping with node and interface, not ${typeName(value)}`,
        path,
        {
          suggestion:
            typeof value === "string" ? 'drop `type: veth` to use "node:interface" strings' : undefined,
        },
      ),
    );
    return undefined;
  }
  checkKeys(ctx, value, path, "a link endpoint", ENDPOINT_FIELDS, ENDPOINT_IGNORED);
  const node = optString(ctx, value, "node", path);
  const iface = optString(ctx, value, "interface", path);
  const missing = [node ? undefined : "node", iface ? undefined : "interface"].filter((m) => m !== undefined);
  if (!node || !iface || node.value === "" || iface.value === "") {
    ctx.diagnostics.push(
      ctx.report.error(
        "endpoint-malformed",
        `link endpoint is missing its ${missing.join(" and ") || "name"}`,
        path,
        {
          suggestion: "write {node: tor0, interface: eth1}",
        },
      ),
    );
    return undefined;
  }
  return { node: node.value, iface: iface.value, path };
}

function mtuOf(ctx: ShapeContext, item: Obj, path: YamlPath): { mtu?: Located<number> } {
  const value = item["mtu"];
  if (value === undefined || value === null) return {};
  const at = [...path, "mtu"];
  if (typeof value === "number") return { mtu: { value, path: at } };
  ctx.diagnostics.push(
    ctx.report.error(
      "link-mtu-invalid",
      `mtu must be an integer between 68 and 65535, not ${typeName(value)}`,
      at,
    ),
  );
  return {};
}
