// Framing is tested on its own by cutting one stream of several messages at every offset
// (DESIGN.md §4.3): whatever the cut, the same messages come out, in order, exactly once.
import { describe, expect, it } from "vitest";
import { BgpDecodeError, Framer } from "../../../../src/bgp/wire/index.js";
import { bytes, message, toHex } from "../../../support/bytes.js";

const MESSAGES = [
  message(1, bytes().u8(4).u16(65001).u16(90).ipv4("10.0.0.1").u8(0)),
  message(4, bytes()),
  message(2, bytes().u16(0).u16(0)),
  message(3, bytes().u8(6, 2)),
  message(5, bytes().u16(1).u8(0, 1)),
  message(2, bytes().u16(4).u8(24, 10, 1, 2).u16(0)),
  message(4, bytes()),
];
const STREAM = bytes()
  .raw(MESSAGES.flatMap((m) => [...m]))
  .build();
const EXPECTED = MESSAGES.map(toHex);

function feed(chunks: Uint8Array[]): string[] {
  const f = new Framer();
  const out = chunks.flatMap((c) => f.push(c)).map(toHex);
  expect(f.buffered).toBe(0);
  return out;
}

describe("Framer", () => {
  it("yields every message when the stream arrives in one chunk", () => {
    expect(feed([STREAM])).toEqual(EXPECTED);
  });

  it("yields the same messages whatever single offset the stream is cut at", () => {
    for (let cut = 0; cut <= STREAM.length; cut++) {
      expect(feed([STREAM.slice(0, cut), STREAM.slice(cut)]), `cut at ${cut}`).toEqual(EXPECTED);
    }
  });

  it("yields the same messages for every pair of cuts", () => {
    for (let a = 0; a <= STREAM.length; a += 3) {
      for (let b = a; b <= STREAM.length; b += 5) {
        expect(feed([STREAM.slice(0, a), STREAM.slice(a, b), STREAM.slice(b)])).toEqual(EXPECTED);
      }
    }
  });

  it("yields the same messages fed one byte at a time", () => {
    expect(feed([...STREAM].map((b) => Uint8Array.of(b)))).toEqual(EXPECTED);
  });

  it("holds back an incomplete message until its last octet arrives", () => {
    const f = new Framer();
    const first = MESSAGES[0] as Uint8Array;
    expect(f.push(first.slice(0, first.length - 1))).toEqual([]);
    expect(f.buffered).toBe(first.length - 1);
    expect(f.push(first.slice(first.length - 1)).map(toHex)).toEqual([toHex(first)]);
  });

  function rejects(chunk: Uint8Array, code: number, subcode: number, data?: number[]) {
    const f = new Framer();
    try {
      f.push(chunk);
    } catch (e) {
      expect(e).toBeInstanceOf(BgpDecodeError);
      const n = (e as BgpDecodeError).notification;
      expect([n.code, n.subcode]).toEqual([code, subcode]);
      if (data) expect([...n.data]).toEqual(data);
      return;
    }
    throw new Error("framer accepted a bad header");
  }

  it("rejects a bad marker as soon as the header is in (1/1)", () => {
    const bad = bytes().marker().u16(19).u8(4).build();
    bad[0] = 0;
    rejects(bad, 1, 1);
  });

  it("rejects lengths below 19 and above the maximum with the length as data (1/2)", () => {
    rejects(bytes().marker().u16(18).u8(4).build(), 1, 2, [0, 18]);
    rejects(bytes().marker().u16(4097).u8(2).build(), 1, 2, [0x10, 0x01]);
  });

  it("accepts up to 65535 octets once the maximum is raised (RFC 8654)", () => {
    const big = message(2, bytes().u16(0).u16(0).raw(new Uint8Array(5000)));
    rejects(big, 1, 2, [0x13, 0x9f]); // 5023 octets
    const f = new Framer(65535);
    expect(f.push(big)).toHaveLength(1);
  });

  it("rejects an unknown message type (1/3)", () => {
    rejects(bytes().marker().u16(19).u8(9).build(), 1, 3, [9]);
  });
});
