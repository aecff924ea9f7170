// The building blocks: bounds-checked Reader/Writer, prefix encoding, IPv6 text.
import { describe, expect, it } from "vitest";
import { canonicalIp } from "../../../../src/net/index.js";
import {
  BgpDecodeError,
  BgpEncodeError,
  decodePrefixes,
  encodePrefixes,
  normalizePrefix,
  notification,
  Reader,
  Writer,
  type Underflow,
} from "../../../../src/bgp/wire/index.js";
import type { Prefix } from "../../../../src/bgp/model.js";
import { bytes, toHex } from "../../../support/bytes.js";

const SHORT: Underflow = { what: "test", notification: notification(3, 1), handling: "session-reset" };
const NLRI_ERR = { what: "NLRI", notification: notification(3, 10), handling: "session-reset" } as const;

describe("Reader", () => {
  it("reads big-endian integers and refuses to run past its end with the given NOTIFICATION", () => {
    const r = new Reader(bytes().u8(1).u16(0x0203).u32(0xfffffffe).build(), SHORT);
    expect([r.u8(), r.u16(), r.u32()]).toEqual([1, 0x0203, 0xfffffffe]);
    expect(r.atEnd).toBe(true);
    try {
      r.u8();
      throw new Error("read past the end");
    } catch (e) {
      expect(e).toBeInstanceOf(BgpDecodeError);
      expect((e as BgpDecodeError).notification).toEqual(notification(3, 1));
    }
  });

  it("sub-readers are confined to their region", () => {
    const r = new Reader(bytes().u8(1, 2, 3, 4).build(), SHORT);
    const sub = r.sub(2);
    expect([sub.u8(), sub.u8()]).toEqual([1, 2]);
    expect(() => sub.u8()).toThrow(BgpDecodeError);
    expect(r.u8()).toBe(3);
    expect(() => r.sub(5)).toThrow(BgpDecodeError);
  });
});

describe("Writer", () => {
  it("writes big-endian integers and patches length fields", () => {
    const w = new Writer(1);
    w.u8(1).u16(0x0203).u32(0xfffffffe);
    w.lengthPrefixed(2, () => w.u8(9).u8(9));
    expect(toHex(w.finish())).toBe(toHex(bytes().u8(1).u16(0x0203).u32(0xfffffffe).u16(2).u8(9, 9).build()));
  });

  it("refuses out-of-range values instead of truncating them", () => {
    expect(() => new Writer().u8(256)).toThrow(BgpEncodeError);
    expect(() => new Writer().u16(-1)).toThrow(BgpEncodeError);
    expect(() => new Writer().u32(2 ** 32)).toThrow(BgpEncodeError);
    expect(() => new Writer().lengthPrefixed(1, (w) => w.bytes(new Uint8Array(256)))).toThrow(BgpEncodeError);
  });
});

describe("prefixes (RFC 4271 §4.3)", () => {
  const P = (afi: "ipv4" | "ipv6", address: string, length: number): Prefix => ({ afi, address, length });

  it("use the minimum number of octets", () => {
    const w = new Writer();
    encodePrefixes(w, [
      P("ipv4", "0.0.0.0", 0),
      P("ipv4", "10.0.0.0", 8),
      P("ipv4", "10.1.128.0", 17),
      P("ipv4", "192.0.2.1", 32),
    ]);
    expect(toHex(w.finish())).toBe(
      toHex(bytes().u8(0).u8(8, 10).u8(17, 10, 1, 128).u8(32, 192, 0, 2, 1).build()),
    );
  });

  it("round-trip IPv6 prefixes", () => {
    const list = [
      P("ipv6", "::", 0),
      P("ipv6", "2001:db8::", 32),
      P("ipv6", "2001:db8:1:2::", 64),
      P("ipv6", "fd00::1", 128),
    ];
    const w = new Writer();
    encodePrefixes(w, list);
    expect(decodePrefixes(new Reader(w.finish(), SHORT), "ipv6", NLRI_ERR)).toEqual(list);
  });

  it("zero host bits on decode (RFC 4271 §4.3: trailing bits are irrelevant) and on encode", () => {
    const decoded = decodePrefixes(new Reader(bytes().u8(20, 10, 1, 0xff).build(), SHORT), "ipv4", NLRI_ERR);
    expect(decoded).toEqual([P("ipv4", "10.1.240.0", 20)]);
    const w = new Writer();
    encodePrefixes(w, [P("ipv4", "10.1.255.255", 20)]);
    expect(toHex(w.finish())).toBe(toHex(bytes().u8(20, 10, 1, 0xf0).build()));
    expect(normalizePrefix(P("ipv6", "2001:db8::ffff", 32))).toEqual(P("ipv6", "2001:db8::", 32));
  });

  it("reject lengths beyond the address size (RFC 7606 §5.3)", () => {
    expect(() =>
      decodePrefixes(new Reader(bytes().u8(33, 1, 2, 3, 4, 5).build(), SHORT), "ipv4", NLRI_ERR),
    ).toThrow(BgpDecodeError);
    expect(() => decodePrefixes(new Reader(bytes().u8(129).build(), SHORT), "ipv6", NLRI_ERR)).toThrow(
      BgpDecodeError,
    );
    expect(() => encodePrefixes(new Writer(), [P("ipv4", "10.0.0.0", 33)])).toThrow(BgpEncodeError);
  });
});

describe("IPv6 text (RFC 5952)", () => {
  it.each([
    ["2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["::ffff:192.0.2.17", "::ffff:c000:211"],
    ["FE80::1", "fe80::1"],
    ["::", "::"],
  ])("%s → %s", (input, out) => {
    expect(canonicalIp(input)).toBe(out);
  });
});
