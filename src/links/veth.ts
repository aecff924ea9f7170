// Point-to-point links between two nodes: one veth pair, each end born in its node's network
// namespace under its final name (see vethAddArgs for why no temporary host-side names).
import { addVeth, deleteLinkIfExists, setLinkUp } from "../host/ip.js";
import type { LinkEnd, VethLinkRecord } from "./types.js";

export function planVeth(a: LinkEnd, b: LinkEnd, mtu: number): VethLinkRecord {
  return { kind: "veth", a, b, mtu };
}

export async function createVeth(link: VethLinkRecord): Promise<void> {
  await addVeth(
    { netns: link.a.netns, ifname: link.a.ifname },
    { netns: link.b.netns, ifname: link.b.ifname },
    link.mtu,
  );
  await setLinkUp(link.a.netns, link.a.ifname);
  await setLinkUp(link.b.netns, link.b.ifname);
}

/**
 * Deleting either end deletes the pair; both are tried because after a crash only one may be
 * left to name (its namespace gone with the other end in it). A removed namespace already took
 * its ends with it, so a missing namespace counts as done.
 */
export async function removeVeth(link: VethLinkRecord): Promise<void> {
  if (!(await deleteLinkIfExists(link.a.netns, link.a.ifname))) {
    await deleteLinkIfExists(link.b.netns, link.b.ifname);
  }
}
