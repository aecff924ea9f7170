// The other end of a link, from the lab state's veth records, so `link down` cuts both sides as
// pulling a cable would. Ends are matched by network namespace and name, not node name: a node
// sharing a Kubernetes node's namespace (`network-mode: container:kind-worker`) owns the same
// interfaces under either name.
import { DeployedLab } from "../state/deployed-lab.js";
import type { LabState } from "../state/state-store.js";
import type { LinkEnd, VethLinkRecord } from "../links/types.js";

export interface LinkMatch {
  readonly link: VethLinkRecord;
  readonly here: LinkEnd;
  readonly peer: LinkEnd;
}

export function vethLinks(lab: LabState): VethLinkRecord[] {
  return new DeployedLab(lab).vethLinks();
}

export function findLink(lab: LabState, netns: string, iface: string): LinkMatch | undefined {
  for (const link of vethLinks(lab)) {
    if (link.a.netns === netns && link.a.ifname === iface) return { link, here: link.a, peer: link.b };
    if (link.b.netns === netns && link.b.ifname === iface) return { link, here: link.b, peer: link.a };
  }
  return undefined;
}

/** One key per cable, whichever end a fault named. */
export function linkKey(link: VethLinkRecord): string {
  return `link:${[`${link.a.node}:${link.a.ifname}`, `${link.b.node}:${link.b.ifname}`].sort().join("|")}`;
}
