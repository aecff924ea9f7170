// A deliberately dumb byte builder for tests: expected wire bytes are written by hand from the
// RFC layouts with this, never with the codec's own Writer, so a codec bug cannot hide itself.

export class Bytes {
  private readonly out: number[] = [];

  u8(...values: number[]): this {
    for (const v of values) this.out.push(v & 0xff);
    return this;
  }

  u16(...values: number[]): this {
    for (const v of values) this.out.push((v >>> 8) & 0xff, v & 0xff);
    return this;
  }

  u32(...values: number[]): this {
    for (const v of values) this.out.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
    return this;
  }

  /** Dotted quad, e.g. "192.0.2.1". */
  ipv4(addr: string): this {
    return this.u8(...addr.split(".").map(Number));
  }

  /** Fully written-out IPv6 only ("2001:db8:0:0:0:0:0:1") — no "::" parsing in a dumb helper. */
  ipv6(addr: string): this {
    const groups = addr.split(":");
    if (groups.length !== 8) throw new Error(`write all 8 groups in test IPv6 addresses: ${addr}`);
    return this.u16(...groups.map((g) => parseInt(g, 16)));
  }

  hex(text: string): this {
    const clean = text.replace(/\s+/g, "");
    for (let i = 0; i < clean.length; i += 2) this.out.push(parseInt(clean.slice(i, i + 2), 16));
    return this;
  }

  raw(bytes: Uint8Array | readonly number[]): this {
    for (const b of bytes) this.out.push(b);
    return this;
  }

  /** 16 octets of 0xff (RFC 4271 §4.1 marker). */
  marker(): this {
    for (let i = 0; i < 16; i++) this.out.push(0xff);
    return this;
  }

  get length(): number {
    return this.out.length;
  }

  build(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

export function bytes(): Bytes {
  return new Bytes();
}

/** A whole message: marker, length (header included), type, body. */
export function message(type: number, body: Uint8Array | Bytes): Uint8Array {
  const b = body instanceof Bytes ? body.build() : body;
  return bytes()
    .marker()
    .u16(19 + b.length)
    .u8(type)
    .raw(b)
    .build();
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}

export function fromHex(text: string): Uint8Array {
  return bytes().hex(text).build();
}
