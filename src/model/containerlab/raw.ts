// The containerlab topology as written, after the shape check: every field has the type
// containerlab expects, or is absent. Each value keeps the YAML path it was written at, so that a
// rule that finds a problem after inheritance can still point at the line that caused it.
import type { YamlPath } from "../source.js";

export interface Located<T> {
  readonly value: T;
  readonly path: YamlPath;
}

/**
 * One node definition: `topology.defaults`, a `topology.kinds.<kind>`, a
 * `topology.groups.<group>` or a `topology.nodes.<name>` entry all share this shape.
 */
export interface RawNodeDef {
  readonly path: YamlPath;
  readonly kind?: Located<string>;
  readonly group?: Located<string>;
  readonly image?: Located<string>;
  readonly cmd?: Located<string>;
  readonly entrypoint?: Located<string>;
  readonly exec?: readonly Located<string>[];
  readonly binds?: readonly Located<string>[];
  readonly env?: readonly RawEntry[];
  readonly labels?: readonly RawEntry[];
  readonly startupConfig?: Located<string>;
  readonly networkMode?: Located<string>;
  readonly mgmtIpv4?: Located<string>;
}

/** One `key: value` of a map such as env or labels, the value already made a string. */
export interface RawEntry {
  readonly key: string;
  readonly value: string;
  readonly path: YamlPath;
}

export interface RawMgmt {
  readonly network?: Located<string>;
  readonly ipv4Subnet?: Located<string>;
  readonly ipv6Subnet?: Located<string>;
  readonly bridge?: Located<string>;
}

/** A link endpoint as written: `"node:iface"` in the brief form, `{node, interface}` in the typed one. */
export interface RawEndpoint {
  readonly node: string;
  readonly iface: string;
  /** Where to point for the whole endpoint (the string, or the mapping). */
  readonly path: YamlPath;
}

export interface RawLink {
  readonly path: YamlPath;
  /** Which form it was written in; the typed form always says `type: veth` here. */
  readonly form: "brief" | "veth";
  /** Endpoints that parsed; malformed ones were reported by the shape check and are left out. */
  readonly endpoints: readonly RawEndpoint[];
  /** How many endpoints were written, parsed or not (for the "exactly two" rule). */
  readonly written: number;
  readonly endpointsPath: YamlPath;
  readonly mtu?: Located<number>;
}

export interface RawTopology {
  readonly name?: Located<string>;
  readonly prefix?: Located<string>;
  readonly mgmt: RawMgmt;
  readonly defaults?: RawNodeDef;
  readonly kinds: ReadonlyMap<string, RawNodeDef>;
  readonly groups: ReadonlyMap<string, RawNodeDef>;
  /** In the order written. */
  readonly nodes: ReadonlyMap<string, RawNodeDef>;
  readonly links: readonly RawLink[];
  /** Path of `topology.nodes` when present, else of `topology` or the root. */
  readonly nodesPath: YamlPath;
}
