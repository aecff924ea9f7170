// Loc-RIB (RFC 4271 §3.2, §9.1.2): per prefix, every candidate path (one per source) and the
// one selected. Each change reports what happened to the best path, so export to the
// Adj-RIBs-Out runs on the difference instead of rescanning the table.

import { InternalError } from "../../errors.js";
import type { Prefix } from "../model.js";
import type { BestPathOptions } from "./best-path.js";
import { DEFAULT_BEST_PATH_OPTIONS, selectBest } from "./best-path.js";
import type { Route } from "./route.js";
import { sourceId } from "./route.js";

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

interface MutableEntry {
  prefix: Prefix;
  candidates: Map<string, Route>;
  best: Route;
  reason: string;
}

export class LocRib {
  private readonly table = new Map<string, MutableEntry>();

  constructor(private readonly options: BestPathOptions = DEFAULT_BEST_PATH_OPTIONS) {}

  /** Number of prefixes with at least one path. */
  get size(): number {
    return this.table.size;
  }

  /** Add a path, replacing the one from the same source. */
  add(route: Route): LocRibChange | undefined {
    const entry = this.table.get(route.key);
    if (!entry) {
      const candidates = new Map([[sourceId(route.source), route]]);
      this.table.set(route.key, { prefix: route.prefix, candidates, best: route, reason: "only-path" });
      return { type: "best", prefix: route.prefix, route, reason: "only-path" };
    }
    entry.candidates.set(sourceId(route.source), route);
    return this.reselect(entry);
  }

  /** Remove the path a source had for the prefix (identified by key, e.g. prefixKey). */
  remove(key: string, source: string): LocRibChange | undefined {
    const entry = this.table.get(key);
    if (!entry || !entry.candidates.delete(source)) return undefined;
    if (entry.candidates.size === 0) {
      this.table.delete(key);
      return { type: "withdrawn", prefix: entry.prefix, previous: entry.best };
    }
    return this.reselect(entry);
  }

  /** Remove a route given the Route object (as AdjRibIn.withdraw returns it). */
  removeRoute(route: Route): LocRibChange | undefined {
    return this.remove(route.key, sourceId(route.source));
  }

  get(key: string): LocRibEntry | undefined {
    return this.table.get(key);
  }

  best(key: string): Route | undefined {
    return this.table.get(key)?.best;
  }

  entries(): IterableIterator<LocRibEntry> {
    return this.table.values();
  }

  private reselect(entry: MutableEntry): LocRibChange | undefined {
    const selection = selectBest(entry.candidates.values(), this.options);
    if (!selection) throw new InternalError(`Loc-RIB entry ${entry.prefix.address} has no candidates`);
    const previous = entry.best;
    entry.best = selection.best;
    entry.reason = selection.reason;
    if (selection.best === previous) return undefined;
    return { type: "best", prefix: entry.prefix, route: selection.best, previous, reason: selection.reason };
  }
}
