// Imported routes into the node's kernel (fabric's route import, beyond Cilium): the Loc-RIB
// says which prefixes changed, this brings the kernel's table in line with their next hops.
//
// Batching: changes are collected for BATCH_DELAY_MS and written as one `ip -batch`; while a
// batch runs, new changes wait for the next one. A burst of 10,000 routes arriving over a few
// UPDATE reads becomes a couple of processes, not 10,000, and a prefix that flaps within a batch
// is written once, as it ends up.
//
// What the kernel gets per prefix: every multipath next hop (multipath.ts), each resolved to a
// connected gateway (next-hop.ts), as one route with `nexthop` entries when there are several
// (ECMP), tagged with fabric's protocol number and metric. A prefix with no path left, or only
// this node's own, is deleted; nothing is touched that fabric did not install.
import type { TimerHandle, TimerScheduler } from "../fsm/index.js";
import { isIpv6 } from "../../net/index.js";
import {
  FABRIC_PROTOCOL_NAMES,
  FABRIC_ROUTE_METRIC,
  RT_PROTO_FABRIC,
  type KernelAccess,
} from "./kernel-access.js";
import { resolveNextHop, type Gateway, type KernelTableRoute } from "./next-hop.js";

export const BATCH_DELAY_MS = 20;

export interface KernelFibDeps {
  readonly kernel: KernelAccess;
  readonly scheduler: TimerScheduler;
  readonly log: (line: string) => void;
  /** The next hops the prefix should have now (multipathNextHops); empty: not in the kernel. */
  readonly nextHops: (key: string) => readonly string[];
}

const TAG = ["proto", String(RT_PROTO_FABRIC), "metric", String(FABRIC_ROUTE_METRIC)];

/**
 * The `ip route` words for a set of gateways: `via` for one, `nexthop via …` for ECMP. An IPv6
 * gateway of an IPv4 prefix (RFC 8950, as unnumbered sessions carry them) is `via inet6 X`.
 */
export function gatewayWords(gateways: readonly Gateway[], prefixFamily: 4 | 6 = 4): string[] {
  const one = (g: Gateway): string[] => [
    "via",
    ...(prefixFamily === 4 && isIpv6(g.via) ? ["inet6"] : []),
    g.via,
    ...(g.dev ? ["dev", g.dev] : []),
  ];
  if (gateways.length === 1) return one(gateways[0] as Gateway);
  return gateways.flatMap((g) => ["nexthop", ...one(g)]);
}

export function replaceLine(prefix: string, gateways: readonly Gateway[]): string[] {
  return ["route", "replace", prefix, ...TAG, ...gatewayWords(gateways, prefixFamily(prefix))];
}

const prefixFamily = (prefix: string): 4 | 6 => (prefix.includes(":") ? 6 : 4);

export function deleteLine(prefix: string): string[] {
  return ["route", "del", prefix, ...TAG];
}

interface Pending {
  readonly key: string;
  readonly line: string[];
  /** The route as installed after this line: its words, or undefined once deleted. */
  readonly after: string | undefined;
}

export class KernelFib {
  /** Prefix -> the gateway words it was installed with. */
  private readonly installed = new Map<string, string>();
  private readonly dirty = new Set<string>();
  private timer: TimerHandle | undefined;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  /** Next hops already reported as unroutable, so a burst logs each once. */
  private readonly unroutable = new Set<string>();

  constructor(private readonly deps: KernelFibDeps) {}

  /** How many prefixes are in the kernel now (as far as the last batch said). */
  get size(): number {
    return this.installed.size;
  }

  /** These prefixes may have new next hops: write them with the next batch. */
  touch(keys: readonly string[]): void {
    if (this.closed || keys.length === 0) return;
    for (const k of keys) this.dirty.add(k);
    if (this.timer) return;
    this.timer = this.deps.scheduler.schedule(BATCH_DELAY_MS, () => {
      this.timer = undefined;
      this.chain = this.chain.then(() => this.flush());
    });
  }

  /** Resolves when every change touched so far is in the kernel. */
  async settled(): Promise<void> {
    while (this.timer || this.dirty.size > 0) {
      if (this.timer) {
        this.timer.cancel();
        this.timer = undefined;
        this.chain = this.chain.then(() => this.flush());
      }
      await this.chain;
    }
    await this.chain;
  }

  /** Removes every route this FIB installed and stops writing (the instance stops). */
  async close(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    this.closed = true;
    this.dirty.clear();
    await this.chain;
    const keys = [...this.installed.keys()];
    await this.write(keys.map((key) => ({ key, line: deleteLine(key), after: undefined })));
  }

  private async flush(): Promise<void> {
    if (this.closed) return;
    const keys = [...this.dirty];
    this.dirty.clear();
    const wanted = keys.map((key) => ({ key, hops: this.deps.nextHops(key) }));
    const families = new Set<4 | 6>();
    // A scoped link-local hop needs no table (next-hop.ts): it is on the link it names.
    for (const w of wanted) for (const h of w.hops) if (!h.includes("%")) families.add(isIpv6(h) ? 6 : 4);
    let table: KernelTableRoute[] = [];
    if (families.size > 0) {
      try {
        table = await this.deps.kernel.routes([...families]);
      } catch (err) {
        // Without the table nothing can be resolved: try these prefixes again with the next batch.
        this.deps.log(`kernel: ${(err as Error).message}; retrying`);
        this.touch(keys);
        return;
      }
    }
    const pending: Pending[] = [];
    for (const { key, hops } of wanted) {
      const gateways = hops.flatMap((hop) => {
        const g = resolveNextHop(hop, table, FABRIC_PROTOCOL_NAMES);
        if (g) this.unroutable.delete(hop);
        else if (!this.unroutable.has(hop)) {
          this.unroutable.add(hop);
          this.deps.log(
            `kernel: no route to next hop ${hop} in this namespace; routes via it are not installed`,
          );
        }
        return g ? [g] : [];
      });
      const before = this.installed.get(key);
      if (gateways.length === 0) {
        if (before !== undefined) pending.push({ key, line: deleteLine(key), after: undefined });
        continue;
      }
      const words = gatewayWords(gateways, prefixFamily(key)).join(" ");
      if (words !== before) pending.push({ key, line: replaceLine(key, gateways), after: words });
    }
    await this.write(pending);
  }

  private async write(pending: readonly Pending[]): Promise<void> {
    if (pending.length === 0) return;
    const started = this.deps.scheduler.now();
    let failed: Map<number, string>;
    try {
      failed = await this.deps.kernel.batch(pending.map((p) => p.line));
    } catch (err) {
      this.deps.log(`kernel: writing ${pending.length} route(s) failed: ${(err as Error).message}`);
      // Unknown outcome: forget these so the next change to them writes them again.
      for (const p of pending) this.installed.delete(p.key);
      return;
    }
    let added = 0;
    let removed = 0;
    pending.forEach((p, i) => {
      const error = failed.get(i);
      if (error !== undefined) {
        this.deps.log(`kernel: ip ${p.line.join(" ")}: ${error}`);
        this.installed.delete(p.key);
        return;
      }
      if (p.after === undefined) {
        this.installed.delete(p.key);
        removed++;
      } else {
        this.installed.set(p.key, p.after);
        added++;
      }
    });
    const ms = this.deps.scheduler.now() - started;
    this.deps.log(
      `kernel: ${added} route(s) installed or changed, ${removed} removed, ${failed.size} failed, in one batch (${ms} ms)`,
    );
  }
}
