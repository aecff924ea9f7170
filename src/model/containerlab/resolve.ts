// From a validated raw topology to the resolved `Topology`: defaults filled in, inheritance
// applied (see merge.ts), paths made absolute, network modes and endpoints resolved. Only called
// when the rules found no errors, so a value that does not parse here is a bug, not user input.
import { resolve as resolvePath } from "node:path";
import {
  DEFAULT_LINK_MTU,
  DEFAULT_MGMT,
  DEFAULT_PREFIX,
  type Bind,
  type NetworkMode,
  type Topology,
  type TopologyLink,
  type TopologyNode,
} from "../model.js";
import type { YamlDoc } from "../source.js";
import { assertNever, InternalError } from "../../errors.js";
import { parseBind } from "./binds.js";
import { isNodeKind } from "./kinds.js";
import type { EffectiveNode } from "./merge.js";
import { parseNetworkMode } from "./network-mode.js";
import type { Located, RawEntry, RawLink, RawTopology } from "./raw.js";

export interface ResolveInput {
  readonly file: string;
  readonly doc: YamlDoc;
  readonly raw: RawTopology;
  readonly nodes: readonly EffectiveNode[];
  readonly baseDir: string;
}

export function resolveTopology({ file, doc, raw, nodes, baseDir }: ResolveInput): Topology {
  const names = new Set(nodes.map((n) => n.name));
  return {
    file,
    name: raw.name?.value ?? "",
    prefix: raw.prefix?.value ?? DEFAULT_PREFIX,
    mgmt: {
      network: raw.mgmt.network?.value ?? DEFAULT_MGMT.network,
      ipv4Subnet: raw.mgmt.ipv4Subnet?.value ?? DEFAULT_MGMT.ipv4Subnet,
      ipv6Subnet: raw.mgmt.ipv6Subnet?.value ?? DEFAULT_MGMT.ipv6Subnet,
      ...(raw.mgmt.bridge ? { bridge: raw.mgmt.bridge.value } : {}),
      ipv4SubnetLocation: doc.locate(["mgmt", "ipv4-subnet"]),
    },
    nodes: nodes.map((n) => resolveNode(n, doc, baseDir, names)),
    links: raw.links.map((l) => resolveLink(l, doc)),
  };
}

function resolveNode(
  n: EffectiveNode,
  doc: YamlDoc,
  baseDir: string,
  names: ReadonlySet<string>,
): TopologyNode {
  const kind = n.kind?.value;
  if (kind === undefined || !isNodeKind(kind))
    throw new InternalError(`node ${n.name}: kind ${kind} passed validation`);
  const opt = (key: string, v: Located<string> | undefined) => (v ? { [key]: v.value } : {});
  return {
    name: n.name,
    kind,
    ...opt("image", n.image),
    ...opt("group", n.group),
    ...opt("cmd", n.cmd),
    ...opt("entrypoint", n.entrypoint),
    exec: n.exec.map((e) => e.value),
    binds: mergeBinds(n.binds, baseDir),
    env: toRecord(n.env),
    labels: toRecord(n.labels),
    ...(n.startupConfig ? { startupConfig: resolvePath(baseDir, n.startupConfig.value) } : {}),
    networkMode: resolveNetworkMode(n, names),
    ...opt("mgmtIpv4", n.mgmtIpv4),
    location: doc.locate(n.path, "key"),
  };
}

/** containerlab keys binds by the path inside the node; a more specific level replaces a less specific one. */
function mergeBinds(binds: readonly Located<string>[], baseDir: string): Bind[] {
  const byTarget = new Map<string, Bind>();
  for (const b of binds) {
    const parsed = parseBind(b.value, baseDir);
    if (!parsed.ok) throw new InternalError(`bind ${b.value} passed validation`);
    byTarget.set(parsed.bind.target, parsed.bind);
  }
  return [...byTarget.values()];
}

function toRecord(entries: readonly RawEntry[]): Record<string, string> {
  return Object.fromEntries(entries.map((e) => [e.key, e.value]));
}

function resolveNetworkMode(n: EffectiveNode, names: ReadonlySet<string>): NetworkMode {
  const mode = parseNetworkMode(n.networkMode?.value);
  if (!mode) throw new InternalError(`node ${n.name}: network-mode passed validation`);
  switch (mode.type) {
    case "default":
    case "host":
    case "none":
      return { type: mode.type };
    case "container":
      // Validation has checked the target is a node or a cluster node; a topology node wins a tie.
      return {
        type: "container",
        target: mode.target,
        targetIs: names.has(mode.target) ? "node" : "cluster-node",
      };
    default:
      return assertNever(mode, "network mode");
  }
}

function resolveLink(l: RawLink, doc: YamlDoc): TopologyLink {
  const [a, b] = l.endpoints;
  if (!a || !b || l.endpoints.length !== 2) throw new InternalError("link endpoints passed validation");
  return {
    endpoints: [
      { node: a.node, iface: a.iface },
      { node: b.node, iface: b.iface },
    ],
    mtu: l.mtu?.value ?? DEFAULT_LINK_MTU,
    location: doc.locate(l.path),
  };
}
