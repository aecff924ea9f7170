// One PathAttributes object per distinct set of attributes (RFC 4271 §4.3: an UPDATE carries one
// set for all its NLRI, and a peer sends the same set again and again in later UPDATEs). Routes
// share it instead of each UPDATE's decoded copy, which is most of what a route would cost.
// Entries are weak: when no route holds a set any more it is collected and its key goes with it,
// so churn through many attribute sets does not grow the table.

import type { PathAttributes } from "../model.js";

/** Plain data, so JSON is a faithful key; byte arrays (unknown attributes) as number lists. */
function keyOf(a: PathAttributes): string {
  return JSON.stringify(a, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v));
}

export class AttributeInterner {
  private readonly table = new Map<string, WeakRef<PathAttributes>>();
  private readonly registry = new FinalizationRegistry<string>((key) => {
    if (this.table.get(key)?.deref() === undefined) this.table.delete(key);
  });
  // One UPDATE's NLRI share one object: remember the last answer so it is looked up once.
  private lastIn: PathAttributes | undefined;
  private lastOut: PathAttributes | undefined;

  intern(a: PathAttributes): PathAttributes {
    if (a === this.lastIn && this.lastOut) return this.lastOut;
    const key = keyOf(a);
    let shared = this.table.get(key)?.deref();
    if (!shared) {
      shared = a;
      this.table.set(key, new WeakRef(a));
      this.registry.register(a, key);
    }
    this.lastIn = a;
    this.lastOut = shared;
    return shared;
  }

  /** Distinct attribute sets currently held (collected ones may linger until their finalizer). */
  get size(): number {
    return this.table.size;
  }
}
