// Which prefixes a peer currently announces, without keeping its routes: what the Received column
// counts when inbound routes are rejected (Cilium's default). A counter alone would go wrong on
// the first re-announcement (an implicit withdraw, RFC 4271 §3.1) or a withdrawal of a prefix never
// announced, so membership is kept, as compactly as a prefix allows: an IPv4 prefix is one double
// (address × 64 + length + 1) in an open-addressing table, 8 octets a slot outside the JS heap.
// IPv6 prefixes, rare here, go in a plain Set of their keys.

import type { AfiName, Prefix } from "../model.js";
import { prefixKey } from "../model.js";

const EMPTY = 0;
const DELETED = -1;
const MIN_CAPACITY = 64;

/** `10.1.2.0` → 0x0a010200, or -1 when the text is not a plain dotted quad. */
function ipv4Number(text: string): number {
  let n = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c === -2) {
      if (digits === 0 || ++dots > 3) return -1;
      n = n * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c >= 0 && c <= 9 && digits < 3) {
      octet = octet * 10 + c;
      digits++;
      if (octet > 255) return -1;
    } else return -1;
  }
  return dots === 3 && digits > 0 ? n * 256 + octet : -1;
}

/** MurmurHash3's 32-bit finalizer over both halves: every input bit reaches the low bits we keep. */
function hash(key: number, mask: number): number {
  let h = (key >>> 0) ^ Math.imul(Math.floor(key / 0x100000000), 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & mask;
}

/** A set of IPv4 prefix keys (positive doubles) with linear probing, at most half full. */
class NumberSet {
  private slots = new Float64Array(MIN_CAPACITY);
  private used = 0; // live keys plus tombstones
  size = 0;

  add(key: number): boolean {
    if ((this.used + 1) * 2 > this.slots.length) this.resize(this.size * 2 + 2 > this.slots.length ? 2 : 1);
    const mask = this.slots.length - 1;
    let tomb = -1;
    for (let i = hash(key, mask); ; i = (i + 1) & mask) {
      const v = this.slots[i];
      if (v === key) return false;
      if (v === DELETED) {
        if (tomb < 0) tomb = i;
      } else if (v === EMPTY) {
        if (tomb >= 0) this.slots[tomb] = key;
        else {
          this.slots[i] = key;
          this.used++;
        }
        this.size++;
        return true;
      }
    }
  }

  delete(key: number): boolean {
    const mask = this.slots.length - 1;
    for (let i = hash(key, mask); ; i = (i + 1) & mask) {
      const v = this.slots[i];
      if (v === EMPTY) return false;
      if (v === key) {
        this.slots[i] = DELETED;
        this.size--;
        return true;
      }
    }
  }

  clear(): void {
    this.slots = new Float64Array(MIN_CAPACITY);
    this.used = 0;
    this.size = 0;
  }

  /** Rehash into a table `factor` times larger (1: same size, tombstones dropped). */
  private resize(factor: number): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * factor);
    this.used = 0;
    this.size = 0;
    for (const v of old) if (v !== EMPTY && v !== DELETED) this.add(v);
  }
}

export class PrefixSet {
  private readonly v4 = new NumberSet();
  private readonly other = new Set<string>();
  private v6 = 0;

  /** True when the prefix was not in the set. */
  add(prefix: Prefix): boolean {
    const n = prefix.afi === "ipv4" ? ipv4Number(prefix.address) : -1;
    if (n >= 0) return this.v4.add(n * 64 + prefix.length + 1);
    const key = prefixKey(prefix);
    if (this.other.has(key)) return false;
    this.other.add(key);
    if (prefix.afi === "ipv6") this.v6++;
    return true;
  }

  /** True when the prefix was in the set. */
  delete(prefix: Prefix): boolean {
    const n = prefix.afi === "ipv4" ? ipv4Number(prefix.address) : -1;
    if (n >= 0) return this.v4.delete(n * 64 + prefix.length + 1);
    if (!this.other.delete(prefixKey(prefix))) return false;
    if (prefix.afi === "ipv6") this.v6--;
    return true;
  }

  count(afi: AfiName): number {
    return afi === "ipv6" ? this.v6 : this.v4.size + (this.other.size - this.v6);
  }

  clear(): void {
    this.v4.clear();
    this.other.clear();
    this.v6 = 0;
  }
}
