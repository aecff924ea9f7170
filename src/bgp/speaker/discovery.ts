// autoDiscovery at run time: an instance's discovered peers become ordinary peers addressed at
// the namespace's current default gateway (mode DefaultGateway) or at the router heard on an
// interface (mode Unnumbered). The speaker looks again every DISCOVERY_POLL_MS and, when an
// address changed, reloads the instance with the new one: the old session ends with Cease/Other
// Configuration Change (RFC 4486) and one to the new address starts, through the same path as
// any configuration change.
import type { AutoDiscovery, InstanceConfig, PeerConfig } from "../config/speaker-config.js";
import type { GatewaySource } from "./default-gateway.js";

/** The link-local address of the router last heard on an interface, undefined before any. */
export type RouterSource = (interfaceName: string) => string | undefined;

export interface DiscoverySources {
  readonly gateways?: GatewaySource | undefined;
  readonly routers?: RouterSource | undefined;
}

/** What a discovered peer is, for log lines: "ipv4 default gateway", "router on net0". */
export function discoveryTarget(d: AutoDiscovery): string {
  return d.mode === "DefaultGateway" ? `${d.addressFamily} default gateway` : `router on ${d.interface}`;
}

function lookUp(d: AutoDiscovery, sources: DiscoverySources): string | undefined {
  return d.mode === "DefaultGateway" ? sources.gateways?.(d.addressFamily) : sources.routers?.(d.interface);
}

export const DISCOVERY_POLL_MS = 1000;

export interface Discovered {
  /** The instance with each discovered peer that has a gateway as a peer of that address. */
  readonly config: InstanceConfig;
  /** Per discovered peer name, the address found (undefined: no default route of its family). */
  readonly addresses: ReadonlyMap<string, string | undefined>;
}

export function discoverPeers(instance: InstanceConfig, sources: DiscoverySources): Discovered {
  const addresses = new Map<string, string | undefined>();
  const found: PeerConfig[] = [];
  for (const d of instance.discoveredPeers ?? []) {
    const address = lookUp(d.autoDiscovery, sources);
    addresses.set(d.peer.name, address);
    if (address === undefined) continue;
    // A link-local address is only meaningful with its interface (RFC 4291 §2.5.6).
    const where = d.autoDiscovery.mode === "Unnumbered" ? { interface: d.autoDiscovery.interface } : {};
    found.push({ ...d.peer, address, ...where });
  }
  if (found.length === 0) return { config: instance, addresses };
  return { config: { ...instance, peers: [...instance.peers, ...found] }, addresses };
}

/** What changed between two discoveries, as log lines; empty when nothing did. */
export function discoveryChanges(
  before: ReadonlyMap<string, string | undefined> | undefined,
  after: ReadonlyMap<string, string | undefined>,
  modes: ReadonlyMap<string, AutoDiscovery>,
): string[] {
  const lines: string[] = [];
  for (const [name, address] of after) {
    const was = before?.get(name);
    if (before !== undefined && was === address) continue;
    const mode = modes.get(name);
    if (!mode) continue;
    const target = discoveryTarget(mode);
    if (address === undefined)
      lines.push(
        before === undefined || was === undefined
          ? `peer ${name}: ${missing(mode)} yet; it is discovered when one appears`
          : `peer ${name}: the ${target} ${was} is gone; the session to it ends`,
      );
    else if (was === undefined) lines.push(`peer ${name}: discovered ${address}, the ${target}`);
    else lines.push(`peer ${name}: the ${target} changed from ${was} to ${address}; following it`);
  }
  return lines;
}

function missing(d: AutoDiscovery): string {
  return d.mode === "DefaultGateway"
    ? `no ${d.addressFamily} default route in this namespace`
    : `no router advertisement heard on ${d.interface}`;
}
