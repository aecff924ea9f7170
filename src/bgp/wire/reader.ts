// The only place (with writer.ts) that touches bytes by index (DESIGN.md §4.1). Every read is
// bounds-checked; running off the end throws the NOTIFICATION the caller said this region maps
// to, because "too short" means something different in a header, an OPEN and an attribute.
import type { NotificationData } from "../model.js";
import { BgpDecodeError, type ErrorHandling } from "./errors.js";

/** What to throw when a region is shorter than its contents claim. */
export interface Underflow {
  readonly what: string;
  readonly notification: NotificationData;
  readonly handling: ErrorHandling;
}

export class Reader {
  readonly #bytes: Uint8Array;
  readonly #end: number;
  readonly #underflow: Underflow;
  #pos: number;

  constructor(bytes: Uint8Array, underflow: Underflow, start = 0, end = bytes.length) {
    this.#bytes = bytes;
    this.#pos = start;
    this.#end = end;
    this.#underflow = underflow;
  }

  get remaining(): number {
    return this.#end - this.#pos;
  }

  get atEnd(): boolean {
    return this.#pos >= this.#end;
  }

  /** Absolute position in the underlying bytes (for error data slices). */
  get position(): number {
    return this.#pos;
  }

  #need(n: number): void {
    if (n > this.#end - this.#pos) {
      const u = this.#underflow;
      throw new BgpDecodeError(
        `${u.what}: needs ${n} more octet(s), ${this.remaining} left`,
        u.notification,
        u.handling,
      );
    }
  }

  u8(): number {
    this.#need(1);
    return this.#bytes[this.#pos++] as number;
  }

  /** The next octet without consuming it. */
  peekU8(): number {
    this.#need(1);
    return this.#bytes[this.#pos] as number;
  }

  u16(): number {
    this.#need(2);
    const b = this.#bytes;
    const p = this.#pos;
    this.#pos += 2;
    return ((b[p] as number) << 8) | (b[p + 1] as number);
  }

  u32(): number {
    this.#need(4);
    const hi = this.u16();
    const lo = this.u16();
    return hi * 0x10000 + lo;
  }

  /** A copy, so decoded values never alias a buffer the framer will reuse. */
  bytes(n: number): Uint8Array {
    this.#need(n);
    const out = this.#bytes.slice(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  /** Everything left in this region. */
  rest(): Uint8Array {
    return this.bytes(this.remaining);
  }

  /**
   * A reader over the next n octets, with its own meaning for "too short"; this reader skips
   * past them. The region itself must fit in this one (checked with this reader's underflow).
   */
  sub(n: number, underflow: Underflow = this.#underflow): Reader {
    this.#need(n);
    const r = new Reader(this.#bytes, underflow, this.#pos, this.#pos + n);
    this.#pos += n;
    return r;
  }

  /** Octets between two absolute positions, for NOTIFICATION data that quotes the input. */
  slice(from: number, to: number): Uint8Array {
    return this.#bytes.slice(Math.max(0, from), Math.min(to, this.#bytes.length));
  }
}
