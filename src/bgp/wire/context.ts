// What a session has negotiated that changes how bytes are read and written.
import type { AfiSafi } from "../model.js";

export interface CodecContext {
  /** RFC 6793: both OPENs carried the 4-octet AS capability, so AS_PATH/AGGREGATOR use 4 octets. */
  readonly fourOctetAs: boolean;
  /** RFC 8654: 65535 once both sides sent the Extended Message capability; 4096 otherwise. */
  readonly maxMessageLength?: number;
  /**
   * The multiprotocol families both sides announced (RFC 4760 §8). When given, MP_REACH_NLRI and
   * MP_UNREACH_NLRI for any other family are ignored and reported in `discarded`, as FRR does;
   * when absent every family we can parse is accepted.
   */
  readonly families?: readonly AfiSafi[];
}

/** Before OPENs are exchanged nothing is negotiated; an OPEN's own encoding depends on nothing. */
export const INITIAL_CONTEXT: CodecContext = { fourOctetAs: false };
/** What FRR, BIRD and GoBGP negotiate with each other by default. */
export const MODERN_CONTEXT: CodecContext = { fourOctetAs: true };
