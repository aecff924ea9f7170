// Before the Kubernetes nodes' speakers dial their ToRs: wait until every FRR router of the lab
// has left Idle for each neighbor a speaker can be. Right after `vtysh … router bgp …` FRR holds
// new neighbors in Idle for about a second and closes incoming connections from them ("Waiting
// for peer OPEN"); a speaker whose first attempt lands there waits out its ConnectRetry timer —
// Cilium's default is 120 s — before trying again. Measured on FRR 8.4: Idle → Active in < 1 s.
//
// Only neighbors configured by address are waited for (a CiliumBGPPeer's peerAddress is an IP).
// A neighbor named by an interface (`neighbor net0 interface`) stays Idle until it hears the far
// end's IPv6 router advertisement: another router's comes when that router's FRR is up (waiting
// for those held the reference lab's speakers back 1.5 s: they started 3.1 s into the deploy, 1.6 s
// without), and an unnumbered speaker's only once the speaker runs, so waiting for it could only
// time out (10 s, measured on labs/cilium-bgp-unnumbered). The routers' own sessions do not
// depend on the speakers, and deploy's convergence wait still waits for every session.
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
