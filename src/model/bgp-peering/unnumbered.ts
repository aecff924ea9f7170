// `fabric validate`'s both-ends check for an unnumbered session (autoDiscovery mode Unnumbered):
// there is no address to find the router by, so the router is whatever the topology links the
// node's interface to, and FRR must have an interface neighbor on its end of that link
// (`neighbor net2 interface …`): without one it sends no router advertisements there, so the
// node never discovers it, and it would refuse the session anyway.
import type { Diagnostic, Location } from "../../errors.js";
import type { InstanceConfig, PeerConfig } from "../../bgp/config/speaker-config.js";
import type { Topology, TopologyLink } from "../model.js";
import { effectiveSettings, type FrrBgp } from "./frr-bgp.js";
import { checkPasswords, type SpeakerPassword } from "./passwords.js";

/** The far end of the link on a Kubernetes node's interface, and the link itself. */
export interface FarEnd {
  readonly node: string;
  readonly iface: string;
  readonly link: TopologyLink;
}

/**
 * The link on `iface` of the Kubernetes node `clusterNode`: an endpoint on the node itself or on
 * a topology node that shares its network (`network-mode: container:<clusterNode>`).
 */
export function farEndOf(topology: Topology, clusterNode: string, iface: string): FarEnd | undefined {
  const holders = new Set([clusterNode]);
  for (const n of topology.nodes)
    if (n.networkMode.type === "container" && n.networkMode.target === clusterNode) holders.add(n.name);
  for (const link of topology.links) {
    const [a, b] = link.endpoints;
    if (holders.has(a.node) && a.iface === iface) return { node: b.node, iface: b.iface, link };
    if (holders.has(b.node) && b.iface === iface) return { node: a.node, iface: a.iface, link };
  }
  return undefined;
}

export interface UnnumberedCheck {
  readonly nodeName: string;
  readonly instance: InstanceConfig;
  /** The discovered peer, without an address (it is only known at run time). */
  readonly peer: Omit<PeerConfig, "address">;
  readonly iface: string;
  /** Where the CRD names the peer, its peerASN and the instance's localASN. */
  readonly peerAt?: Location | undefined;
  readonly peerAsnAt?: Location | undefined;
  readonly localAsnAt?: Location | undefined;
  /** Where the CRDs set (or would set) the peer's TCP-MD5 password. */
  readonly passwordAt: Pick<SpeakerPassword, "peerConfig" | "authSecretRefAt" | "secretAt" | "peerAt">;
  readonly where: (l: Location) => string;
  /** `file:line` of a topology link, as the user's paths are shown. */
  readonly linkAt: (l: Location) => string;
}

/** The far end's diagnostics; `router` is undefined when the far end is not a lab router. */
export function checkUnnumbered(
  c: UnnumberedCheck,
  far: FarEnd | undefined,
  router: { readonly name: string; readonly bgp: FrrBgp | undefined } | undefined,
): Diagnostic[] {
  const at = (l: Location | undefined): { location?: Location } => (l ? { location: l } : {});
  const who = `peer "${c.peer.name}" (unnumbered over ${c.iface})`;
  if (!far)
    return [
      {
        severity: "error",
        code: "bgp-unnumbered-no-link",
        message: `${who}: no link in the topology ends at ${c.nodeName}:${c.iface} (nor at a node sharing its network), so there is nothing to peer with`,
        ...at(c.peerAt),
        suggestion: `name the interface of ${c.nodeName}'s link to its router in unnumbered.interface`,
      },
    ];
  // Not a router (a host), or a router whose configuration fabric cannot read: nothing to compare.
  if (!router?.bgp) return [];
  const bgp = router.bgp;
  const routerAt = `${router.name} (${c.where(bgp.location)})`;
  const out: Diagnostic[] = [];
  if (c.peer.peerASN !== 0 && c.peer.peerASN !== bgp.asn)
    out.push({
      severity: "error",
      code: "bgp-peer-asn-mismatch",
      message: `peerASN ${c.peer.peerASN} for ${who}, but ${routerAt} at the other end of the link runs AS ${bgp.asn}`,
      ...at(c.peerAsnAt ?? c.peerAt),
      suggestion: `set peerASN: ${bgp.asn}, or 0 to accept what the peer announces`,
    });
  const neighbor = bgp.neighbors.get(far.iface);
  if (!neighbor) {
    out.push({
      severity: "error",
      code: "bgp-peer-no-neighbor",
      message: `${who} reaches ${router.name}:${far.iface} (link at ${c.linkAt(far.link.location)}), but ${routerAt} has no \`neighbor ${far.iface} interface\`: it sends no router advertisements there to be discovered by, and refuses the session`,
      ...at(c.peerAt),
      suggestion: `add \`neighbor ${far.iface} interface remote-as ${c.instance.localASN === bgp.asn ? "internal" : "external"}\` to ${router.name}'s router bgp ${bgp.asn}`,
    });
    return out;
  }
  const settings = effectiveSettings(bgp, neighbor);
  const remote = settings.remoteAs;
  const local = c.instance.localASN;
  const wrong =
    remote === "external"
      ? local === bgp.asn
      : remote === "internal"
        ? local !== bgp.asn
        : remote !== undefined && remote !== local;
  if (wrong)
    out.push({
      severity: "error",
      code: "bgp-peer-remote-as-mismatch",
      message: `${c.nodeName} runs AS ${local} in bgpInstance "${c.instance.name}", but ${router.name} (${c.where(settings.location)}) expects ${remote === "external" ? `an external AS (not ${bgp.asn})` : `AS ${remote === "internal" ? bgp.asn : remote}`} on ${far.iface}`,
      ...at(c.localAsnAt),
      suggestion: `change localASN, or remote-as on ${router.name}'s neighbor ${far.iface}`,
    });
  out.push(
    ...checkPasswords(
      { nodeName: c.nodeName, session: who, peer: c.peer, ...c.passwordAt },
      { name: router.name, neighbor: far.iface, settings },
      c.where,
    ),
  );
  return out;
}
