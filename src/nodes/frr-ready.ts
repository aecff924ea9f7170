// Before the Kubernetes nodes' speakers dial their ToRs: wait until every FRR router of the lab
// has left Idle for each neighbor a speaker can be. Right after `vtysh … router bgp …` FRR holds
// new neighbors in Idle for about a second and closes incoming connections from them ("Waiting
// for peer OPEN"); a speaker whose first attempt lands there waits out its ConnectRetry timer —
// Cilium's default is 120 s — before trying again. Measured on FRR 8.4: Idle → Active in < 1 s.
//
// Only neighbors configured by address are waited for. A speaker peers from an address (Cilium
// has no BGP unnumbered; a CiliumBGPPeer's peerAddress is an IP), so the FRR end of its session
// is a neighbor named by that address; a neighbor named by an interface (`neighbor net0
// interface`) is another router, which stays Idle until it has heard that router's IPv6 router
// advertisement. Waiting for those too held the reference lab's speakers back 1 s longer than
// they needed: its ToRs' address neighbors were past Idle 0.8 s into the wait, the interface
// neighbors of spine and ToRs 1.7 s. The routers' own sessions do not depend on the speakers,
// and deploy's convergence wait still waits for every session.
import { parseIp } from "../net/index.js";
import type { NodeRecord, Runtime } from "../runtime/types.js";
import { pollUntil, type Clock } from "../util/poll.js";
import { frrNeighbors } from "./frr-json.js";

const POLL_MS = 100;

/**
 * Neighbors a speaker may dial still Idle, or undefined when the router has no BGP to wait for: vtysh fails (no
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
  return [...neighbors]
    .filter(([name, n]) => n.bgpState === "Idle" && speakerMayDial(name))
    .map(([name]) => name);
}

/** A neighbor a speaker's session may end at: one FRR names by its address, not an interface. */
export function speakerMayDial(neighbor: string): boolean {
  return parseIp(neighbor) !== undefined;
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
