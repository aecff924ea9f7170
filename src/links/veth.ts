// Point-to-point links between two nodes: one veth pair, each end born in its node's network
// namespace under its final name (see vethAddArgs for why no temporary host-side names).
import { deleteLinkIfExists, vethAddArgs } from "../host/ip.js";
import { hostIp, ipBatch } from "../host/ip-batch.js";
import type { LinkEnd, VethLinkRecord } from "./types.js";

export function planVeth(a: LinkEnd, b: LinkEnd, mtu: number): VethLinkRecord {
  return { kind: "veth", a, b, mtu };
}

/**
 * A pair between namespaces is made from the host, with `a` up, in the host's shared batch (see
 * IpBatcher), then `b` is brought up inside its namespace (the kernel cannot open a peer in the
 * creating request). A pair within one namespace (a node's cilium_host/cilium_net) is one batch
 * run inside it.
 */
export async function createVeth(link: VethLinkRecord): Promise<void> {
  const a = { netns: link.a.netns, ifname: link.a.ifname };
  const b = { netns: link.b.netns, ifname: link.b.ifname };
  if (a.netns === b.netns) {
    const here = { netns: undefined, ifname: "" };
    await ipBatch(a.netns, [
      vethAddArgs({ ...here, ifname: a.ifname }, { ...here, ifname: b.ifname }, link.mtu, { up: true }),
      ["link", "set", "dev", b.ifname, "up"],
    ]);
    return;
  }
  await hostIp.run(vethAddArgs(a, b, link.mtu, { up: true }));
  await ipBatch(b.netns, [["link", "set", "dev", b.ifname, "up"]]);
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
