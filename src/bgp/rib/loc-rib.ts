// Loc-RIB (RFC 4271 §3.2, §9.1.2): per prefix, every candidate path (one per source) and the
// one selected. Each change reports what happened to the best path, so export to the
// Adj-RIBs-Out runs on the difference instead of rescanning the table.
//
// Memory: almost every prefix has a single path, so the table holds that Route itself; only a
// prefix with several paths gets an entry object with its candidates. A Map per prefix, as
// `LocRibEntry.candidates` presents them, would cost more than the route.

import { InternalError } from "../../errors.js";
import type { Prefix } from "../model.js";
import type { BestPathOptions } from "./best-path.js";
import { DEFAULT_BEST_PATH_OPTIONS, selectBest } from "./best-path.js";
import type { Route } from "./route.js";
import { sourceId } from "./route.js";
import { ShardedMap } from "./sharded-map.js";

export type LocRibChange =
  /** The prefix has a new best path (`previous` absent when the prefix is new). */
  | {
      readonly type: "best";
      readonly prefix: Prefix;
      readonly route: Route;
      readonly previous?: Route;
      readonly reason: string;
    }
  /** No path is left for the prefix. */
  | { readonly type: "withdrawn"; readonly prefix: Prefix; readonly previous: Route };

export interface LocRibEntry {
  readonly prefix: Prefix;
  readonly candidates: ReadonlyMap<string, Route>;
  readonly best: Route;
  readonly reason: string;
}

/** A prefix with two or more paths; candidates in arrival order (selectBest's iteration order). */
class MultiPath {
  constructor(
    readonly prefix: Prefix,
    readonly candidates: Route[],
    public best: Route,
    public reason: string,
  ) {}
}

/** The one path of a prefix, or its several. */
type Slot = Route | MultiPath;

const ONLY_PATH = "only-path";

function entryOf(slot: Slot): LocRibEntry {
  if (slot instanceof MultiPath) {
    return {
      prefix: slot.prefix,
      candidates: new Map(slot.candidates.map((r) => [sourceId(r.source), r])),
      best: slot.best,
      reason: slot.reason,
    };
  }
  return {
    prefix: slot.prefix,
    candidates: new Map([[sourceId(slot.source), slot]]),
    best: slot,
    reason: ONLY_PATH,
  };
}

export class LocRib {
  private readonly table = new ShardedMap<Slot>();
  /**
   * Prefixes whose candidates changed since the last drain, kept only once trackTouched() asks
   * for it (the kernel FIB): the change list reports best paths only, and a multipath next-hop
   * set also changes when a second equal path comes or goes while the best stays.
   */
  private touched: Set<string> | undefined;

  /** Start recording which prefixes change (see drainTouched). */
  trackTouched(): void {
    this.touched ??= new Set();
  }

  /** The prefixes changed since the last call, once each. */
  drainTouched(): string[] {
    if (!this.touched || this.touched.size === 0) return [];
    const keys = [...this.touched];
    this.touched.clear();
    return keys;
  }

  constructor(private readonly options: BestPathOptions = DEFAULT_BEST_PATH_OPTIONS) {}

  /** Number of prefixes with at least one path. */
  get size(): number {
    return this.table.size;
  }

  /** Add a path, replacing the one from the same source. */
  add(route: Route): LocRibChange | undefined {
    this.touched?.add(route.key);
    const slot = this.table.get(route.key);
    if (!slot) {
      this.table.set(route.key, route);
      return { type: "best", prefix: route.prefix, route, reason: ONLY_PATH };
    }
    const source = sourceId(route.source);
    if (!(slot instanceof MultiPath)) {
      if (sourceId(slot.source) === source) {
        // The source replaced its own only path: it is the best by definition.
        this.table.set(route.key, route);
        return { type: "best", prefix: route.prefix, route, previous: slot, reason: ONLY_PATH };
      }
      const multi = new MultiPath(slot.prefix, [slot, route], slot, ONLY_PATH);
      this.table.set(route.key, multi);
      return this.reselect(route.key, multi);
    }
    const i = indexOfSource(slot, source);
    if (i >= 0) slot.candidates[i] = route;
    else slot.candidates.push(route);
    return this.reselect(route.key, slot);
  }

  /** Remove the path a source had for the prefix (identified by key, e.g. prefixKey). */
  remove(key: string, source: string): LocRibChange | undefined {
    const slot = this.table.get(key);
    if (!slot) return undefined;
    this.touched?.add(key);
    if (!(slot instanceof MultiPath)) {
      if (sourceId(slot.source) !== source) return undefined;
      this.table.delete(key);
      return { type: "withdrawn", prefix: slot.prefix, previous: slot };
    }
    const i = indexOfSource(slot, source);
    if (i < 0) return undefined;
    slot.candidates.splice(i, 1);
    if (slot.candidates.length === 1) {
      const only = slot.candidates[0] as Route;
      this.table.set(key, only);
      if (only === slot.best) return undefined;
      return { type: "best", prefix: slot.prefix, route: only, previous: slot.best, reason: ONLY_PATH };
    }
    return this.reselect(key, slot);
  }

  /** Remove a route given the Route object (as AdjRibIn.withdraw returns it). */
  removeRoute(route: Route): LocRibChange | undefined {
    return this.remove(route.key, sourceId(route.source));
  }

  get(key: string): LocRibEntry | undefined {
    const slot = this.table.get(key);
    return slot && entryOf(slot);
  }

  /** The path a source has for the prefix, without building an entry. */
  candidate(key: string, source: string): Route | undefined {
    const slot = this.table.get(key);
    if (!slot) return undefined;
    if (slot instanceof MultiPath) return slot.candidates[indexOfSource(slot, source)];
    return sourceId(slot.source) === source ? slot : undefined;
  }

  best(key: string): Route | undefined {
    const slot = this.table.get(key);
    return slot instanceof MultiPath ? slot.best : slot;
  }

  *entries(): IterableIterator<LocRibEntry> {
    for (const slot of this.table.values()) yield entryOf(slot);
  }

  private reselect(key: string, entry: MultiPath): LocRibChange | undefined {
    const selection = selectBest(entry.candidates, this.options);
    if (!selection) throw new InternalError(`Loc-RIB entry ${key} has no candidates`);
    const previous = entry.best;
    entry.best = selection.best;
    entry.reason = selection.reason;
    if (selection.best === previous) return undefined;
    return { type: "best", prefix: entry.prefix, route: selection.best, previous, reason: selection.reason };
  }
}

function indexOfSource(slot: MultiPath, source: string): number {
  return slot.candidates.findIndex((r) => sourceId(r.source) === source);
}
