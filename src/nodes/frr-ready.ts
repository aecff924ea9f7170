// Before the Kubernetes nodes' speakers dial their ToRs: wait until every FRR router of the lab
// has left Idle for each of its neighbors. Right after `vtysh … router bgp …` FRR holds new
// neighbors in Idle for about a second and closes incoming connections from them ("Waiting for
// peer OPEN"); a speaker whose first attempt lands there waits out its ConnectRetry timer —
// Cilium's default is 120 s — before trying again. Measured on FRR 8.4: Idle → Active in < 1 s.
import type { NodeRecord, Runtime } from "../runtime/types.js";
import { pollUntil, type Clock } from "../util/poll.js";
import { frrNeighbors } from "./frr-json.js";

const POLL_MS = 100;

/**
 * Neighbors still Idle, or undefined when the router has no BGP to wait for: vtysh fails (no
 * bgpd), or prints something the FRR adapter cannot read. Not waiting is the safe side here: this
 * wait only spares the speakers a retry timer, and deploy's convergence wait reports what is down.
 */
async function idleNeighbors(runtime: Runtime, router: NodeRecord): Promise<string[] | undefined> {
  const r = await runtime
    .exec(router, ["vtysh", "-c", "show bgp neighbors json"], { timeoutMs: 5_000 })
    .catch(() => undefined);
  if (!r || r.exitCode !== 0) return undefined;
  let neighbors;
  try {
    neighbors = frrNeighbors(r.stdout, router.name);
  } catch {
    return undefined;
  }
  return [...neighbors].filter(([, n]) => n.bgpState === "Idle").map(([name]) => name);
}

/**
 * Returns the `router: neighbor` pairs still Idle when the time ran out (empty when all are
 * ready). Routers without bgpd are not waited for, and a router that is ready is not asked again.
 */
export async function waitForFrrNeighbors(
  runtime: Runtime,
  routers: readonly NodeRecord[],
  timeoutMs: number,
  clock?: Clock,
): Promise<string[]> {
  let waiting = [...routers];
  const look = async (): Promise<string[]> => {
    const states = await Promise.all(
      waiting.map(async (r) => ({ r, idle: await idleNeighbors(runtime, r) })),
    );
    waiting = states.filter((s) => s.idle !== undefined && s.idle.length > 0).map((s) => s.r);
    return states.flatMap((s) => (s.idle ?? []).map((n) => `${s.r.name}: ${n}`));
  };
  const polled = await pollUntil({
    clock,
    timeoutMs,
    intervalMs: POLL_MS,
    read: look,
    done: (idle) => idle.length === 0,
  });
  return polled.value;
}
