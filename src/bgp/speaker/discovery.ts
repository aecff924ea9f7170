// autoDiscovery at run time: an instance's discovered peers become ordinary peers addressed at
// the namespace's current default gateway. The speaker re-reads the gateways every
// DISCOVERY_POLL_MS and, when one changed, reloads the instance with the new address: the old
// session ends with Cease/Other Configuration Change (RFC 4486) and one to the new gateway
// starts, through the same path as any configuration change.
import type { InstanceConfig, PeerConfig } from "../config/speaker-config.js";
import type { GatewaySource } from "./default-gateway.js";

export const DISCOVERY_POLL_MS = 1000;

export interface Discovered {
  /** The instance with each discovered peer that has a gateway as a peer of that address. */
  readonly config: InstanceConfig;
  /** Per discovered peer name, the address found (undefined: no default route of its family). */
  readonly addresses: ReadonlyMap<string, string | undefined>;
}

export function discoverPeers(instance: InstanceConfig, gateways: GatewaySource | undefined): Discovered {
  const addresses = new Map<string, string | undefined>();
  const found: PeerConfig[] = [];
  for (const d of instance.discoveredPeers ?? []) {
    const address = gateways?.(d.autoDiscovery.addressFamily);
    addresses.set(d.peer.name, address);
    if (address !== undefined) found.push({ ...d.peer, address });
  }
  if (found.length === 0) return { config: instance, addresses };
  return { config: { ...instance, peers: [...instance.peers, ...found] }, addresses };
}

/** What changed between two discoveries, as log lines; empty when nothing did. */
export function discoveryChanges(
  before: ReadonlyMap<string, string | undefined> | undefined,
  after: ReadonlyMap<string, string | undefined>,
  families: ReadonlyMap<string, string>,
): string[] {
  const lines: string[] = [];
  for (const [name, address] of after) {
    const was = before?.get(name);
    if (before !== undefined && was === address) continue;
    const family = families.get(name) ?? "";
    if (address === undefined)
      lines.push(
        before === undefined || was === undefined
          ? `peer ${name}: no ${family} default route in this namespace yet; it is discovered when one appears`
          : `peer ${name}: the ${family} default route via ${was} is gone; the session to it ends`,
      );
    else if (was === undefined)
      lines.push(`peer ${name}: discovered ${address}, the ${family} default gateway`);
    else
      lines.push(
        `peer ${name}: the ${family} default gateway changed from ${was} to ${address}; following it`,
      );
  }
  return lines;
}
