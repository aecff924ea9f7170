// Before the Kubernetes nodes' speakers dial their ToRs: wait until every FRR router of the lab
// has left Idle for each of its neighbors. Right after `vtysh … router bgp …` FRR holds new
// neighbors in Idle for about a second and closes incoming connections from them ("Waiting for
// peer OPEN"); a speaker whose first attempt lands there waits out its ConnectRetry timer —
// Cilium's default is 120 s — before trying again. Measured on FRR 8.4: Idle → Active in < 1 s.
import type { NodeRecord, Runtime } from "../runtime/types.js";

const POLL_MS = 100;

type Neighbors = Record<string, { bgpState?: string }>;

/** Neighbors still Idle, or undefined when the router has no BGP (vtysh fails or prints no JSON). */
async function idleNeighbors(runtime: Runtime, router: NodeRecord): Promise<string[] | undefined> {
  const r = await runtime.exec(router, ["vtysh", "-c", "show bgp neighbors json"]).catch(() => undefined);
  if (!r || r.exitCode !== 0) return undefined;
  let parsed: Neighbors;
  try {
    parsed = JSON.parse(r.stdout) as Neighbors;
  } catch {
    return undefined;
  }
  return Object.entries(parsed)
    .filter(([, n]) => n.bgpState === "Idle")
    .map(([name]) => name);
}

/**
 * Returns the `router: neighbor` pairs still Idle when the time ran out (empty when all are
 * ready). Routers without bgpd are not waited for.
 */
export async function waitForFrrNeighbors(
  runtime: Runtime,
  routers: readonly NodeRecord[],
  timeoutMs: number,
): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let waiting = [...routers];
  let idle: string[] = [];
  for (;;) {
    const states = await Promise.all(
      waiting.map(async (r) => ({ r, idle: await idleNeighbors(runtime, r) })),
    );
    waiting = states.filter((s) => s.idle !== undefined && s.idle.length > 0).map((s) => s.r);
    idle = states.flatMap((s) => (s.idle ?? []).map((n) => `${s.r.name}: ${n}`));
    if (waiting.length === 0 || Date.now() > deadline) return idle;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
