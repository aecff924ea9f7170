// Work on a deploy's critical path, marked so the process-wide limit on child processes lets it
// go first. A 1,024-node deploy starts every node at once: thousands of short commands for pods
// and exec lines, and 34 FRR routers each starting through a chain of ~8 commands one after
// another (config, frrinit.sh, vtysh until it answers). In a first-come queue each link of a
// router's chain waited behind the whole queue, so the routers were done 27 s after the last
// Kubernetes node, and the speakers (which wait for the routers) with them. The mark travels with
// the async context (AsyncLocalStorage), so nothing between the router's start and the limiter
// has to pass it along.
import { AsyncLocalStorage } from "node:async_hooks";

const urgent = new AsyncLocalStorage<true>();

/** Runs `work` with every child process it starts ahead of those not marked urgent. */
export function urgently<T>(work: () => Promise<T>): Promise<T> {
  return urgent.run(true, work);
}

/** True inside `urgently`, however deep in its async calls. */
export function isUrgent(): boolean {
  return urgent.getStore() === true;
}
