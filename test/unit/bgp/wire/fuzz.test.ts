// Deterministic fuzzing: thousands of random and mutated messages per run. The decoder must
// either return a message or throw BgpDecodeError carrying a NotificationData — never another
// exception, never a hang (the test's own timeout bounds it).
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  BgpDecodeError,
  BgpEncodeError,
  decodeMessage,
  encodeMessage,
  Framer,
  type CodecContext,
} from "../../../../src/bgp/wire/index.js";
import { bytes, fromHex, message } from "../../../support/bytes.js";

/** mulberry32: small, fast, good enough to spread inputs; seeded so failures reproduce. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIR = fileURLToPath(new URL("../../../fixtures/bgp/captured/", import.meta.url));
const SEEDS: Uint8Array[] = readdirSync(DIR)
  .filter((f) => f.endsWith(".hex"))
  .flatMap((f) => readFileSync(DIR + f, "utf8").split("\n"))
  .filter((l) => l.trim() !== "" && !l.startsWith("#"))
  .map((l) => fromHex(l.trim()));

const CONTEXTS: CodecContext[] = [{ fourOctetAs: true }, { fourOctetAs: false }];

function check(wire: Uint8Array, ctx: CodecContext): "ok" | "error" {
  try {
    const msg = decodeMessage(wire, ctx);
    try {
      // Whatever we decoded must also encode (or be refused as too long / unencodable).
      encodeMessage(msg, { ...ctx, maxMessageLength: 65535 });
    } catch (e) {
      if (!(e instanceof BgpEncodeError)) throw e;
    }
    return "ok";
  } catch (e) {
    if (!(e instanceof BgpDecodeError)) throw e;
    const n = e.notification;
    expect(n.code).toBeGreaterThanOrEqual(1);
    expect(n.code).toBeLessThanOrEqual(7);
    expect(Number.isInteger(n.subcode)).toBe(true);
    expect(n.data).toBeInstanceOf(Uint8Array);
    expect(["session-reset", "treat-as-withdraw", "attribute-discard"]).toContain(e.handling);
    return "error";
  }
}

function withLength(body: Uint8Array, type: number): Uint8Array {
  return message(type, body);
}

function mutate(seed: Uint8Array, rnd: () => number): Uint8Array {
  const out = [...seed];
  const edits = 1 + Math.floor(rnd() * 4);
  for (let i = 0; i < edits; i++) {
    const at = 19 + Math.floor(rnd() * Math.max(1, out.length - 19));
    switch (Math.floor(rnd() * 5)) {
      case 0:
        out[at] = (out[at] ?? 0) ^ (1 << Math.floor(rnd() * 8));
        break;
      case 1:
        out[at] = Math.floor(rnd() * 256);
        break;
      case 2:
        out.splice(at, 1 + Math.floor(rnd() * 4));
        break;
      case 3:
        out.splice(
          at,
          0,
          ...Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => Math.floor(rnd() * 256)),
        );
        break;
      default:
        out.length = Math.max(19, at);
    }
  }
  const b = Uint8Array.from(out);
  // Usually keep the header consistent so the body parsers, not the header check, get exercised.
  return rnd() < 0.85 ? withLength(b.slice(19), b[18] ?? 2) : b;
}

describe("fuzz", () => {
  it("survives mutated captured messages", () => {
    const rnd = prng(0x5eed);
    const counts = { ok: 0, error: 0 };
    for (let i = 0; i < 15000; i++) {
      const seed = SEEDS[Math.floor(rnd() * SEEDS.length)] as Uint8Array;
      counts[check(mutate(seed, rnd), CONTEXTS[i % 2] as CodecContext)]++;
    }
    // Both outcomes must actually occur, or the mutator is not exercising anything.
    expect(counts.ok).toBeGreaterThan(500);
    expect(counts.error).toBeGreaterThan(500);
    // 15,000 decodes: seconds on a busy machine, more than vitest's default 5 s allows.
  }, 30_000);

  it("survives random bodies for every message type", () => {
    const rnd = prng(42);
    for (let i = 0; i < 10000; i++) {
      const len = Math.floor(rnd() * 80);
      const body = bytes()
        .raw(Array.from({ length: len }, () => Math.floor(rnd() * 256)))
        .build();
      check(withLength(body, 1 + Math.floor(rnd() * 5)), CONTEXTS[i % 2] as CodecContext);
    }
  });

  it("survives random UPDATE attribute lists built from plausible attribute headers", () => {
    const rnd = prng(7);
    const types = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 17, 18, 32, 99, 200];
    for (let i = 0; i < 10000; i++) {
      const attrs = bytes();
      const n = Math.floor(rnd() * 5);
      for (let k = 0; k < n; k++) {
        const len = Math.floor(rnd() * 24);
        attrs
          .u8(Math.floor(rnd() * 256) & 0xef, types[Math.floor(rnd() * types.length)] ?? 1, len)
          .raw(Array.from({ length: len }, () => Math.floor(rnd() * 256)));
      }
      const a = attrs.build();
      const nlri = rnd() < 0.5 ? [24, 10, 1, 0] : [];
      check(
        withLength(bytes().u16(0).u16(a.length).raw(a).raw(nlri).build(), 2),
        CONTEXTS[i % 2] as CodecContext,
      );
    }
  });

  it("the framer only ever throws BgpDecodeError on random streams", () => {
    const rnd = prng(99);
    for (let i = 0; i < 2000; i++) {
      const f = new Framer();
      const good = SEEDS[Math.floor(rnd() * SEEDS.length)] as Uint8Array;
      const junk = Uint8Array.from({ length: Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 256));
      const stream = rnd() < 0.5 ? bytes().raw(good).raw(junk).build() : bytes().raw(junk).raw(good).build();
      try {
        for (let at = 0; at < stream.length;) {
          const next = at + 1 + Math.floor(rnd() * 30);
          f.push(stream.slice(at, next));
          at = next;
        }
      } catch (e) {
        expect(e).toBeInstanceOf(BgpDecodeError);
      }
    }
  });
});
