// The part of an FRR configuration that says who may peer with whom: the `router bgp` of the
// default VRF, its neighbors (by address, by interface, or as peer-group names), peer-groups,
// listen ranges, remote-as, ebgp-multihop and passwords. Read from configuration lines as FRR
// takes them (frr.conf, or the -c commands of a vtysh call), each with where it was written;
// lines outside `router bgp`, and inside it that do not matter here, are skipped.
import type { Location } from "../../errors.js";
import { parseCidr, canonicalIp, type Cidr } from "../../net/index.js";

export interface ConfigLine {
  readonly text: string;
  readonly location: Location;
}

/** `remote-as 65010`, `remote-as internal`, `remote-as external`. */
export type RemoteAs = number | "internal" | "external";

export interface FrrNeighborSettings {
  remoteAs?: RemoteAs;
  peerGroup?: string;
  /** TTL allowed; `ebgp-multihop` alone is 255. */
  ebgpMultihop?: number;
  disableConnectedCheck?: boolean;
  /** TCP-MD5 (`neighbor X password P`), with the line that sets it: messages name the line, never P. */
  password?: {
    readonly value: string;
    /** The neighbor or peer-group the line names (a member's may come from its group). */
    readonly setOn: string;
    readonly location: Location;
  };
  location: Location;
}

export interface FrrBgp {
  readonly asn: number;
  readonly location: Location;
  /** Keyed by canonical address, interface name (`neighbor net0 interface`) or group name. */
  readonly neighbors: ReadonlyMap<string, FrrNeighborSettings>;
  readonly peerGroups: ReadonlyMap<string, FrrNeighborSettings>;
  readonly listenRanges: readonly {
    readonly range: Cidr;
    readonly peerGroup: string;
    readonly location: Location;
  }[];
}

const TOP_LEVEL = new Set(["interface", "line", "vrf", "route-map", "ip", "ipv6", "bfd", "end", "hostname"]);

/** The first `router bgp ASN` without a VRF, from lines in the order FRR reads them. */
export function readFrrBgp(lines: readonly ConfigLine[]): FrrBgp | undefined {
  let bgp: { asn: number; location: Location } | undefined;
  let inside = false;
  const neighbors = new Map<string, FrrNeighborSettings>();
  const peerGroups = new Map<string, FrrNeighborSettings>();
  const listenRanges: { range: Cidr; peerGroup: string; location: Location }[] = [];
  for (const line of lines) {
    const words = line.text.trim().split(/\s+/);
    if (words[0] === "router" && words[1] === "bgp") {
      const asn = Number(words[2]);
      // Another `router bgp` (a VRF, or a second one that FRR would refuse) ends ours.
      inside = bgp === undefined && words.length === 3 && Number.isInteger(asn) && asn > 0;
      if (inside) bgp = { asn, location: line.location };
      continue;
    }
    if (!inside) continue;
    // A command that only exists at the top level means the router block was left (by `exit`,
    // which also leaves an address-family, so it cannot be told apart on its own).
    if (TOP_LEVEL.has(words[0] ?? "")) {
      inside = false;
      continue;
    }
    if (words[0] === "bgp" && words[1] === "listen" && words[2] === "range" && words[4] === "peer-group") {
      const parsed = parseCidr(words[3] ?? "", { strict: false });
      if (parsed.ok && words[5])
        listenRanges.push({ range: parsed.cidr, peerGroup: words[5], location: line.location });
      continue;
    }
    if (words[0] !== "neighbor" || words[1] === undefined) continue;
    const name = canonicalIp(words[1]) ?? words[1];
    const rest = words.slice(2);
    if (rest[0] === "peer-group" && rest.length === 1) {
      if (!peerGroups.has(name)) peerGroups.set(name, { location: line.location });
      continue;
    }
    const target = peerGroups.get(name) ?? neighbors.get(name) ?? { location: line.location };
    if (!peerGroups.has(name) && !neighbors.has(name)) neighbors.set(name, target);
    // `neighbor net0 interface [peer-group G | remote-as X]`
    const args = rest[0] === "interface" ? rest.slice(1) : rest;
    applySetting(target, words[1], args, line.location);
  }
  if (!bgp) return undefined;
  return { ...bgp, neighbors, peerGroups, listenRanges };
}

function applySetting(
  target: FrrNeighborSettings,
  name: string,
  args: readonly string[],
  location: Location,
): void {
  const [key, value] = args;
  if (key === undefined) return;
  switch (key) {
    case "remote-as": {
      const n = Number(value);
      if (value === "internal" || value === "external") target.remoteAs = value;
      else if (Number.isInteger(n) && n > 0) target.remoteAs = n;
      target.location = location;
      break;
    }
    case "peer-group":
      if (value) target.peerGroup = value;
      target.location = location;
      break;
    case "ebgp-multihop":
      target.ebgpMultihop = value === undefined ? 255 : Number(value);
      break;
    case "disable-connected-check":
      target.disableConnectedCheck = true;
      break;
    case "password":
      // FRR takes the password as one word; a second `password` line replaces the first.
      if (value) target.password = { value, setOn: name, location };
      break;
    default:
      break;
  }
}

/** A neighbor's settings with its peer-group's filling what it does not set itself. */
export function effectiveSettings(bgp: FrrBgp, neighbor: FrrNeighborSettings): FrrNeighborSettings {
  const group = neighbor.peerGroup ? bgp.peerGroups.get(neighbor.peerGroup) : undefined;
  if (!group) return neighbor;
  return {
    ...group,
    ...Object.fromEntries(Object.entries(neighbor).filter(([, v]) => v !== undefined)),
    location: neighbor.location,
  } as FrrNeighborSettings;
}
