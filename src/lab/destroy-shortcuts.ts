// What destroy need not remove one by one, because removing something else takes it along:
// - speaker instances, when the lab's speaker host is removed too: its SIGTERM sends Cease to
//   every peer of every instance at once (removing 256 instances one request after another
//   took 13.8 s of a 29 s destroy);
// - on the netns runtime, a veth or management attachment with an end in one of the lab's node
//   namespaces: deleting a namespace deletes its interfaces and each veth's peer with them, in
//   one kernel batch per namespace cleanup, where one `ip link del` each waited for the kernel
//   once per link (1,074 links: 8.6 s; batched in one `ip -batch`, still 9.5 s).
// Their entries are forgotten once what takes them along is gone.
import { existsSync } from "node:fs";
import type { LabResource } from "../state/resources.js";
import { sleep } from "../host/proc.js";
import { netnsPathOf } from "../runtime/netns/names.js";

interface Item {
  readonly resource: LabResource;
}

export interface Shortcuts<T extends Item> {
  /** Removed by removing each, stage by stage. */
  readonly staged: T[];
  /** Stopped with the speaker host. */
  readonly withHost: T[];
  /** Gone with their node namespaces. */
  readonly withNodes: T[];
}

export function destroyShortcuts<T extends Item>(known: readonly T[], runtime: string): Shortcuts<T> {
  const hasHost = known.some((k) => k.resource.type === "speaker-host");
  const withHost = hasHost ? known.filter((k) => k.resource.type === "speaker-instance") : [];
  const nodeNetns = new Set(
    runtime === "netns"
      ? known.flatMap((k) => (k.resource.type === "node" ? [netnsPathOf(k.resource.record.netnsName)] : []))
      : [],
  );
  const withNodes = known.filter(({ resource: r }) => {
    if (r.type !== "wiring") return false;
    switch (r.record.kind) {
      case "veth":
        return nodeNetns.has(r.record.a.netns) || nodeNetns.has(r.record.b.netns);
      case "mgmt-attachment":
        return nodeNetns.has(r.record.node.netns);
      case "mgmt-network":
        return false;
    }
  });
  const skipped = new Set([...withHost, ...withNodes]);
  return { staged: known.filter((k) => !skipped.has(k)), withHost, withNodes };
}

/**
 * The kernel destroys a namespace after its last reference goes, in a work queue: the host ends
 * of its veths disappear shortly after `ip netns delete`, not during it. Waits for them (reading
 * /sys/class/net, no process) and returns those still there after `timeoutMs`.
 */
export async function hostEndsGone(items: readonly Item[], timeoutMs: number): Promise<Set<Item>> {
  const deadline = Date.now() + timeoutMs;
  let waiting = items.filter((i) => hostEnd(i) !== undefined);
  for (;;) {
    waiting = waiting.filter((i) => existsSync(`/sys/class/net/${hostEnd(i)}`));
    if (waiting.length === 0 || Date.now() > deadline) return new Set(waiting);
    // The kernel's cleanup takes milliseconds here: a look (a stat per end still there, no
    // process) every 10 ms, where 50 ms added 25 ms on average to every destroy.
    await sleep(10);
  }
}

function hostEnd({ resource: r }: Item): string | undefined {
  return r.type === "wiring" && r.record.kind === "mgmt-attachment" ? r.record.hostIfname : undefined;
}
