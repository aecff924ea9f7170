// Walks the Path Attributes field of an UPDATE (RFC 4271 §4.3), applying RFC 7606 per attribute:
// session-reset errors throw, treat-as-withdraw and attribute-discard ones are recorded and the
// walk goes on, so one bad optional attribute never costs the session.
import type { NotificationData } from "../../model.js";
import { AttrFlag, AttrType, UpdateSubcode } from "../constants.js";
import { BgpDecodeError, notification, type ErrorHandling } from "../errors.js";
import type { Reader } from "../reader.js";
import { UnsupportedFamily } from "./mp-nlri.js";
import { ATTRIBUTE_CODECS, flagsProblem } from "./registry.js";
import { AttrError, type AttrDecodeContext, type AttributeBag, type AttributeCodec } from "./types.js";

export interface DiscardedAttribute {
  readonly typeCode: number;
  readonly reason: string;
  /** Set when the attribute was an error (RFC 7606 attribute-discard), not merely ignorable. */
  readonly error?: NotificationData;
}

export interface TreatAsWithdraw {
  readonly reason: string;
  /** The NOTIFICATION RFC 4271 would have sent; RFC 7606 §2 says log it instead. */
  readonly error: NotificationData;
}

/** How the sender laid the attributes out; lets a decoded UPDATE re-encode octet for octet. */
export interface AttributeLayout {
  /** Type codes in the order they appeared. */
  readonly order?: readonly number[];
  /** Type codes sent with the Extended Length bit although their value fits in 255 octets. */
  readonly extendedLength?: readonly number[];
}

export interface AttributeListResult {
  readonly bag: AttributeBag;
  readonly treatAsWithdraw?: TreatAsWithdraw;
  readonly discarded: readonly DiscardedAttribute[];
  readonly layout: AttributeLayout;
}

/** RFC 4271 §6.3: these subcodes carry the offending attribute (type, length, value) as data. */
const QUOTES_ATTRIBUTE: ReadonlySet<number> = new Set([2, 4, 5, 6, 8, 9]);

export function decodeAttributeList(r: Reader, ctx: AttrDecodeContext): AttributeListResult {
  const bag: AttributeBag = { unknown: [] };
  const discarded: DiscardedAttribute[] = [];
  const order: number[] = [];
  const extendedLength: number[] = [];
  const seen = new Set<number>();
  let treatAsWithdraw: TreatAsWithdraw | undefined;

  const record = (handling: ErrorHandling, typeCode: number, reason: string, error: NotificationData) => {
    if (handling === "session-reset") throw new BgpDecodeError(reason, error, handling);
    if (handling === "treat-as-withdraw") treatAsWithdraw ??= { reason, error };
    else discarded.push({ typeCode, reason, error });
  };

  while (!r.atEnd) {
    const start = r.position;
    // RFC 7606 §4: an attribute header or value that overruns the field is treat-as-withdraw;
    // the Total Path Attribute Length still tells us where the NLRI start.
    const headerLength = r.remaining >= 1 && (r.peekU8() & AttrFlag.extendedLength) !== 0 ? 4 : 3;
    if (r.remaining < headerLength) {
      record(
        "treat-as-withdraw",
        0,
        "truncated attribute header",
        notification(3, UpdateSubcode.malformedAttributeList),
      );
      break;
    }
    const flags = r.u8();
    const typeCode = r.u8();
    const length = headerLength === 4 ? r.u16() : r.u8();
    if (length > r.remaining) {
      record(
        "treat-as-withdraw",
        typeCode,
        `attribute ${typeCode} length ${length} overruns the attribute field`,
        notification(3, UpdateSubcode.malformedAttributeList),
      );
      break;
    }
    const raw = r.slice(start, r.position + length);
    const codec = ATTRIBUTE_CODECS.get(typeCode);
    const value = r.sub(length, {
      what: codec?.name ?? `attribute ${typeCode}`,
      notification: notification(3, UpdateSubcode.attributeLengthError, raw),
      handling: codec?.malformed ?? "session-reset",
    });
    order.push(typeCode);
    if (headerLength === 4 && length <= 0xff) extendedLength.push(typeCode);

    if (seen.has(typeCode)) {
      // RFC 7606 §3.g: repeated MP_(UN)REACH_NLRI is fatal; any other repeat loses to the first.
      if (typeCode === AttrType.mpReachNlri || typeCode === AttrType.mpUnreachNlri) {
        record("session-reset", typeCode, `repeated attribute ${typeCode}`, notification(3, 1));
      }
      discarded.push({ typeCode, reason: "repeated attribute; the first one is kept" });
      continue;
    }
    seen.add(typeCode);

    if (codec === undefined) {
      decodeUnknown(flags, typeCode, value, raw, bag, discarded);
      continue;
    }
    if (!ctx.fourOctetAs || (typeCode !== AttrType.as4Path && typeCode !== AttrType.as4Aggregator)) {
      decodeKnown(codec, flags, value, raw, bag, ctx, record, discarded);
    } else {
      // RFC 6793 §3: between two NEW speakers AS4_PATH/AS4_AGGREGATOR have no meaning.
      discarded.push({ typeCode, reason: "AS4 attribute from a 4-octet AS peer is ignored" });
    }
  }
  return { bag, treatAsWithdraw, discarded, layout: { order, extendedLength } };
}

type Record = (handling: ErrorHandling, typeCode: number, reason: string, error: NotificationData) => void;

function decodeKnown(
  codec: AttributeCodec,
  flags: number,
  value: Reader,
  raw: Uint8Array,
  bag: AttributeBag,
  ctx: AttrDecodeContext,
  record: Record,
  discarded: DiscardedAttribute[],
): void {
  const bad = flagsProblem(codec, flags);
  if (bad !== undefined) {
    // RFC 7606 §3.c: a flags conflict is the attribute's own malformed case.
    record(codec.malformed, codec.typeCode, `${codec.name}: ${bad}`, notification(3, 4, raw));
    return;
  }
  try {
    codec.decode(value, bag, ctx);
  } catch (e) {
    if (e instanceof AttrError) {
      const data = QUOTES_ATTRIBUTE.has(e.subcode) ? raw : new Uint8Array(0);
      record(codec.malformed, codec.typeCode, e.message, notification(3, e.subcode, data));
    } else if (e instanceof BgpDecodeError) {
      record(codec.malformed, codec.typeCode, e.reason, e.notification);
    } else if (e instanceof UnsupportedFamily) {
      discarded.push({ typeCode: codec.typeCode, reason: `family not supported: ${e.message}` });
    } else {
      throw e;
    }
  }
}

function decodeUnknown(
  flags: number,
  typeCode: number,
  value: Reader,
  raw: Uint8Array,
  bag: AttributeBag,
  discarded: DiscardedAttribute[],
): void {
  if ((flags & AttrFlag.optional) === 0) {
    // RFC 4271 §6.3: a well-known attribute we do not know is fatal, data = the attribute.
    throw new BgpDecodeError(
      `unrecognized well-known attribute ${typeCode}`,
      notification(3, UpdateSubcode.unrecognizedWellKnownAttribute, raw),
    );
  }
  if ((flags & AttrFlag.transitive) === 0) {
    // RFC 4271 §5: an unrecognized optional non-transitive attribute is quietly ignored.
    discarded.push({ typeCode, reason: "unrecognized optional non-transitive attribute" });
    return;
  }
  // RFC 4271 §5: passed on with the Partial bit set; the Extended Length bit is recomputed on
  // encode, so it is not kept.
  bag.unknown.push({
    flags: (flags | AttrFlag.partial) & ~AttrFlag.extendedLength,
    typeCode,
    value: value.rest(),
  });
}
