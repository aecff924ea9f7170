// Growable, bounds-checked output buffer: the encoding half of reader.ts. Values are range-checked
// so an encoder bug shows up as a BgpEncodeError here, never as silently truncated bytes on the wire.
import { BgpEncodeError } from "./errors.js";

export class Writer {
  #buf: Uint8Array;
  #len = 0;

  constructor(initialCapacity = 64) {
    this.#buf = new Uint8Array(initialCapacity);
  }

  get length(): number {
    return this.#len;
  }

  #grow(n: number): void {
    if (this.#len + n <= this.#buf.length) return;
    let cap = this.#buf.length * 2;
    while (cap < this.#len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.#buf.subarray(0, this.#len));
    this.#buf = next;
  }

  #check(value: number, max: number, what: string): void {
    if (!Number.isInteger(value) || value < 0 || value > max) {
      throw new BgpEncodeError(`${what} out of range: ${value}`);
    }
  }

  u8(value: number): this {
    this.#check(value, 0xff, "u8");
    this.#grow(1);
    this.#buf[this.#len++] = value;
    return this;
  }

  u16(value: number): this {
    this.#check(value, 0xffff, "u16");
    this.#grow(2);
    this.#buf[this.#len++] = value >>> 8;
    this.#buf[this.#len++] = value & 0xff;
    return this;
  }

  u32(value: number): this {
    this.#check(value, 0xffffffff, "u32");
    this.u16(Math.floor(value / 0x10000));
    return this.u16(value % 0x10000);
  }

  bytes(data: Uint8Array): this {
    this.#grow(data.length);
    this.#buf.set(data, this.#len);
    this.#len += data.length;
    return this;
  }

  /**
   * Writes a length field of `size` octets, then whatever `body` writes, and patches the field
   * with the body's length (plus `adjust`, for lengths that count their own header).
   */
  lengthPrefixed(size: 1 | 2, body: (w: this) => void, adjust = 0): this {
    const at = this.#len;
    if (size === 1) this.u8(0);
    else this.u16(0);
    body(this);
    const len = this.#len - at - size + adjust;
    this.#check(len, size === 1 ? 0xff : 0xffff, "length field");
    if (size === 1) {
      this.#buf[at] = len;
    } else {
      this.#buf[at] = len >>> 8;
      this.#buf[at + 1] = len & 0xff;
    }
    return this;
  }

  /** Overwrites a big-endian u16 written earlier (message header length). */
  patchU16(at: number, value: number): this {
    this.#check(value, 0xffff, "u16");
    if (at < 0 || at + 2 > this.#len) throw new BgpEncodeError(`patch outside written bytes: ${at}`);
    this.#buf[at] = value >>> 8;
    this.#buf[at + 1] = value & 0xff;
    return this;
  }

  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}
