// The malformed-input corpus: each entry is hand-built bytes and the NOTIFICATION (code/subcode)
// RFC 4271 §6 prescribes, with the RFC 7606 handling we expect beside it.
import { describe, expect, it } from "vitest";
import type { NotificationData } from "../../../../src/bgp/model.js";
import {
  BgpDecodeError,
  decodeMessage,
  validateOpen,
  type CodecContext,
  type ErrorHandling,
  type OpenExpectations,
} from "../../../../src/bgp/wire/index.js";
import { bytes, message, type Bytes } from "../../../support/bytes.js";

interface Outcome {
  readonly code: number;
  readonly subcode: number;
  readonly handling: ErrorHandling;
  readonly data: Uint8Array;
}

const EXPECT: OpenExpectations = { peerAsn: 65001, localAsn: 65010, localBgpId: "10.0.0.1" };

/** Runs the decoder (and validateOpen for OPENs) and reports the first error it signals. */
function outcome(wire: Uint8Array, ctx: CodecContext = { fourOctetAs: true }): Outcome | undefined {
  const fromNotif = (n: NotificationData, handling: ErrorHandling): Outcome => ({ ...n, handling });
  try {
    const msg = decodeMessage(wire, ctx);
    if (msg.type === "open") {
      const n = validateOpen(msg, EXPECT);
      return n && fromNotif(n, "session-reset");
    }
    if (msg.type !== "update") return undefined;
    if (msg.treatAsWithdraw) return fromNotif(msg.treatAsWithdraw.error, "treat-as-withdraw");
    const d = msg.discarded.find((x) => x.error !== undefined);
    return d?.error && fromNotif(d.error, "attribute-discard");
  } catch (e) {
    if (e instanceof BgpDecodeError) return fromNotif(e.notification, e.handling);
    throw e;
  }
}

// --- builders --------------------------------------------------------------------------------

function open(opts: { version?: number; as?: number; hold?: number; id?: string; params?: Bytes } = {}) {
  const params =
    opts.params ??
    bytes()
      .u8(2, 6, 65, 4)
      .u32(opts.as ?? 65001);
  const p = params.build();
  return message(
    1,
    bytes()
      .u8(opts.version ?? 4)
      .u16(opts.as ?? 65001)
      .u16(opts.hold ?? 90)
      .ipv4(opts.id ?? "10.0.0.2")
      .u8(p.length)
      .raw(p),
  );
}

const ORIGIN = [0x40, 1, 1, 0];
const AS_PATH = [0x40, 2, 6, 2, 1, 0, 0, 0xfd, 0xe9];
const NEXT_HOP = [0x40, 3, 4, 10, 0, 0, 2];
const NLRI = [24, 10, 1, 0];

function update(attrs: number[], nlri: number[] = NLRI, withdrawn: number[] = []) {
  return message(
    2,
    bytes()
      .u16(withdrawn.length)
      .u8(...withdrawn)
      .u16(attrs.length)
      .u8(...attrs)
      .u8(...nlri),
  );
}

function mpReach(value: number[]) {
  return [0x80, 14, value.length, ...value];
}

// --- the corpus ------------------------------------------------------------------------------

interface Case {
  readonly name: string;
  readonly wire: Uint8Array;
  readonly ctx?: CodecContext;
  readonly code: number;
  readonly subcode: number;
  readonly handling: ErrorHandling;
  readonly data?: readonly number[];
}

const badMarker = message(4, bytes());
badMarker[7] = 0xfe;

const CORPUS: Case[] = [
  // RFC 4271 §6.1 message header errors
  { name: "marker not all ones", wire: badMarker, code: 1, subcode: 1, handling: "session-reset" },
  {
    name: "length 18 (< 19)",
    wire: bytes().marker().u16(18).u8(4).build(),
    code: 1,
    subcode: 2,
    handling: "session-reset",
    data: [0, 18],
  },
  {
    name: "length 4097 (> 4096)",
    wire: bytes().marker().u16(4097).u8(2).raw(new Uint8Array(4078)).build(),
    code: 1,
    subcode: 2,
    handling: "session-reset",
    data: [0x10, 0x01],
  },
  {
    name: "KEEPALIVE of 20 octets",
    wire: bytes().marker().u16(20).u8(4).u8(0).build(),
    code: 1,
    subcode: 2,
    handling: "session-reset",
    data: [0, 20],
  },
  {
    name: "OPEN shorter than 29",
    wire: message(1, bytes().u8(4).u16(1).u16(90).u8(1, 2)),
    code: 1,
    subcode: 2,
    handling: "session-reset",
    data: [0, 26],
  },
  {
    name: "message type 6",
    wire: message(6, bytes()),
    code: 1,
    subcode: 3,
    handling: "session-reset",
    data: [6],
  },
  // RFC 4271 §6.2 OPEN errors
  {
    name: "OPEN version 3",
    wire: open({ version: 3 }),
    code: 2,
    subcode: 1,
    handling: "session-reset",
    data: [0, 4],
  },
  {
    name: "OPEN from the wrong AS",
    wire: open({ as: 65002 }),
    code: 2,
    subcode: 2,
    handling: "session-reset",
  },
  {
    name: "OPEN with AS 0 (RFC 7607)",
    wire: open({ as: 0, params: bytes() }),
    code: 2,
    subcode: 2,
    handling: "session-reset",
  },
  {
    name: "OPEN whose My AS contradicts its 4-octet AS capability",
    wire: open({ as: 65001, params: bytes().u8(2, 6, 65, 4).u32(65009) }),
    code: 2,
    subcode: 2,
    handling: "session-reset",
  },
  {
    name: "BGP Identifier 0.0.0.0",
    wire: open({ id: "0.0.0.0" }),
    code: 2,
    subcode: 3,
    handling: "session-reset",
  },
  { name: "hold time 1", wire: open({ hold: 1 }), code: 2, subcode: 6, handling: "session-reset" },
  { name: "hold time 2", wire: open({ hold: 2 }), code: 2, subcode: 6, handling: "session-reset" },
  {
    name: "optional parameter type 1 (deprecated authentication)",
    wire: open({ params: bytes().u8(1, 2, 0, 0) }),
    code: 2,
    subcode: 4,
    handling: "session-reset",
  },
  {
    name: "4-octet AS capability of length 2",
    wire: open({ params: bytes().u8(2, 4, 65, 2, 0, 1) }),
    code: 2,
    subcode: 0,
    handling: "session-reset",
  },
  {
    name: "optional parameters overrun the OPEN",
    wire: open({ params: bytes().u8(2, 9, 65, 4).u32(65001) }),
    code: 2,
    subcode: 0,
    handling: "session-reset",
  },
  // RFC 4271 §6.3 UPDATE errors with RFC 7606 handling
  {
    name: "withdrawn routes length overruns the message",
    wire: message(2, bytes().u16(40).u16(0)),
    code: 3,
    subcode: 1,
    handling: "session-reset",
  },
  {
    name: "attribute length overruns the attribute field (RFC 7606 §4)",
    wire: update([...ORIGIN, ...AS_PATH, 0x40, 3, 9, 10, 0, 0, 2]),
    code: 3,
    subcode: 1,
    handling: "treat-as-withdraw",
  },
  {
    name: "MP_REACH_NLRI twice (RFC 7606 §3.g)",
    wire: update(
      [
        ...ORIGIN,
        ...AS_PATH,
        ...mpReach([0, 2, 1, 16, ...new Array(16).fill(0x20), 0]),
        ...mpReach([0, 2, 1, 16, ...new Array(16).fill(0x20), 0]),
      ],
      [],
    ),
    code: 3,
    subcode: 1,
    handling: "session-reset",
  },
  {
    name: "unrecognized well-known attribute 99",
    wire: update([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0x40, 99, 1, 7]),
    code: 3,
    subcode: 2,
    handling: "session-reset",
    data: [0x40, 99, 1, 7],
  },
  {
    name: "NLRI without ORIGIN",
    wire: update([...AS_PATH, ...NEXT_HOP]),
    code: 3,
    subcode: 3,
    handling: "treat-as-withdraw",
    data: [1],
  },
  {
    name: "NLRI without NEXT_HOP",
    wire: update([...ORIGIN, ...AS_PATH]),
    code: 3,
    subcode: 3,
    handling: "treat-as-withdraw",
    data: [3],
  },
  {
    name: "ORIGIN flagged optional",
    wire: update([0xc0, 1, 1, 0, ...AS_PATH, ...NEXT_HOP]),
    code: 3,
    subcode: 4,
    handling: "treat-as-withdraw",
    data: [0xc0, 1, 1, 0],
  },
  {
    name: "COMMUNITIES flagged non-transitive",
    wire: update([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0x80, 8, 4, 0, 1, 0, 1]),
    code: 3,
    subcode: 4,
    handling: "treat-as-withdraw",
  },
  {
    name: "ORIGIN of length 2",
    wire: update([0x40, 1, 2, 0, 0, ...AS_PATH, ...NEXT_HOP]),
    code: 3,
    subcode: 5,
    handling: "treat-as-withdraw",
    data: [0x40, 1, 2, 0, 0],
  },
  {
    name: "MED of length 3",
    wire: update([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0x80, 4, 3, 0, 0, 1]),
    code: 3,
    subcode: 5,
    handling: "treat-as-withdraw",
  },
  {
    name: "COMMUNITIES of length 3 (RFC 7606 §7.8)",
    wire: update([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0xc0, 8, 3, 0, 1, 0]),
    code: 3,
    subcode: 5,
    handling: "treat-as-withdraw",
  },
  {
    name: "LARGE_COMMUNITY of length 8 (RFC 8092 §6)",
    wire: update([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0xc0, 32, 8, 0, 0, 0, 1, 0, 0, 0, 2]),
    code: 3,
    subcode: 5,
    handling: "treat-as-withdraw",
  },
  {
    name: "AGGREGATOR of length 5 (RFC 7606 §7.7)",
    wire: update([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0xc0, 7, 5, 0, 1, 10, 0, 0]),
    code: 3,
    subcode: 5,
    handling: "attribute-discard",
  },
  {
    name: "ATOMIC_AGGREGATE of length 1 (RFC 7606 §7.6)",
    wire: update([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0x40, 6, 1, 0]),
    code: 3,
    subcode: 5,
    handling: "attribute-discard",
  },
  {
    name: "ORIGIN value 3",
    wire: update([0x40, 1, 1, 3, ...AS_PATH, ...NEXT_HOP]),
    code: 3,
    subcode: 6,
    handling: "treat-as-withdraw",
    data: [0x40, 1, 1, 3],
  },
  {
    name: "NEXT_HOP 0.0.0.0",
    wire: update([...ORIGIN, ...AS_PATH, 0x40, 3, 4, 0, 0, 0, 0]),
    code: 3,
    subcode: 8,
    handling: "treat-as-withdraw",
    data: [0x40, 3, 4, 0, 0, 0, 0],
  },
  {
    name: "NEXT_HOP multicast 224.0.0.5",
    wire: update([...ORIGIN, ...AS_PATH, 0x40, 3, 4, 224, 0, 0, 5]),
    code: 3,
    subcode: 8,
    handling: "treat-as-withdraw",
  },
  {
    name: "MP_REACH_NLRI next hop of 5 octets",
    wire: update([...ORIGIN, ...AS_PATH, ...mpReach([0, 2, 1, 5, 1, 2, 3, 4, 5, 0])], []),
    code: 3,
    subcode: 9,
    handling: "session-reset",
  },
  {
    name: "MP_REACH_NLRI with an IPv6 prefix of length 129",
    wire: update([...ORIGIN, ...AS_PATH, ...mpReach([0, 2, 1, 16, ...new Array(16).fill(0x20), 0, 129])], []),
    code: 3,
    subcode: 9,
    handling: "session-reset",
  },
  {
    name: "NLRI prefix length 33 (RFC 7606 §5.3)",
    wire: update([...ORIGIN, ...AS_PATH, ...NEXT_HOP], [33, 10, 0, 0, 0, 0]),
    code: 3,
    subcode: 10,
    handling: "session-reset",
  },
  {
    name: "withdrawn prefix overrunning its field",
    wire: update([], [], [24, 10, 0]),
    code: 3,
    subcode: 10,
    handling: "session-reset",
  },
  {
    name: "AS_PATH segment type 5",
    wire: update([...ORIGIN, 0x40, 2, 6, 5, 1, 0, 0, 0xfd, 0xe9, ...NEXT_HOP]),
    code: 3,
    subcode: 11,
    handling: "treat-as-withdraw",
  },
  {
    name: "AS_PATH segment count overruns the attribute",
    wire: update([...ORIGIN, 0x40, 2, 6, 2, 2, 0, 0, 0xfd, 0xe9, ...NEXT_HOP]),
    code: 3,
    subcode: 11,
    handling: "treat-as-withdraw",
  },
  {
    name: "AS_PATH with an empty segment (RFC 7606 §7.2)",
    wire: update([...ORIGIN, 0x40, 2, 2, 2, 0, ...NEXT_HOP]),
    code: 3,
    subcode: 11,
    handling: "treat-as-withdraw",
  },
  {
    name: "2-octet AS_PATH read with 2-octet context but odd length",
    wire: update([...ORIGIN, 0x40, 2, 3, 2, 1, 0xfd, ...NEXT_HOP]),
    ctx: { fourOctetAs: false },
    code: 3,
    subcode: 11,
    handling: "treat-as-withdraw",
  },
  // RFC 7313 §5
  {
    name: "ROUTE-REFRESH of 24 octets",
    wire: message(5, bytes().u16(1).u8(0, 1, 0)),
    code: 7,
    subcode: 1,
    handling: "session-reset",
  },
];

describe("malformed corpus", () => {
  it.each(CORPUS.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const got = outcome(c.wire, c.ctx);
    expect(got, "no error was signalled").toBeDefined();
    expect({ code: got?.code, subcode: got?.subcode, handling: got?.handling }).toEqual({
      code: c.code,
      subcode: c.subcode,
      handling: c.handling,
    });
    if (c.data !== undefined) expect([...(got?.data ?? [])]).toEqual(c.data);
  });

  it("treat-as-withdraw turns the UPDATE's announcements into withdrawals", () => {
    const msg = decodeMessage(update([0x40, 1, 1, 3, ...AS_PATH, ...NEXT_HOP]), { fourOctetAs: true });
    expect(msg.type === "update" && msg.announced).toEqual([]);
    expect(msg.type === "update" && msg.withdrawn).toEqual([
      { afi: "ipv4", address: "10.1.0.0", length: 24 },
    ]);
  });

  it("attribute-discard keeps the route and drops only the attribute", () => {
    const msg = decodeMessage(update([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0xc0, 7, 5, 0, 1, 10, 0, 0]), {
      fourOctetAs: true,
    });
    if (msg.type !== "update") throw new Error("not an UPDATE");
    expect(msg.announced.map((r) => r.prefix.address)).toEqual(["10.1.0.0"]);
    expect(msg.attributes.aggregator).toBeUndefined();
    expect(msg.discarded.map((d) => d.typeCode)).toEqual([7]);
  });

  it("a repeated non-MP attribute keeps the first (RFC 7606 §3.g)", () => {
    const msg = decodeMessage(
      update([...ORIGIN, ...AS_PATH, ...NEXT_HOP, 0x80, 4, 4, 0, 0, 0, 1, 0x80, 4, 4, 0, 0, 0, 2]),
      {
        fourOctetAs: true,
      },
    );
    if (msg.type !== "update") throw new Error("not an UPDATE");
    expect(msg.attributes.med).toBe(1);
    expect(msg.treatAsWithdraw).toBeUndefined();
    expect(msg.discarded).toEqual([{ typeCode: 4, reason: expect.stringContaining("repeated") }]);
  });

  it("the well-formed baseline these cases mutate decodes cleanly", () => {
    expect(outcome(update([...ORIGIN, ...AS_PATH, ...NEXT_HOP]))).toBeUndefined();
    expect(outcome(open())).toBeUndefined();
    expect(outcome(open({ hold: 0 }))).toBeUndefined();
    expect(outcome(open({ hold: 3 }))).toBeUndefined();
  });
});
