// Human names for NOTIFICATION codes and subcodes, for session-down reasons and `show bgp
// peers`. Sources: RFC 4271 §4.5/§6, RFC 5492 §5, RFC 6608 §4, RFC 4486 §4 (updated by
// RFC 8203/9003), RFC 7313 §5, RFC 8538 §5.

const CODES: Readonly<Record<number, string>> = {
  1: "Message Header Error",
  2: "OPEN Message Error",
  3: "UPDATE Message Error",
  4: "Hold Timer Expired",
  5: "Finite State Machine Error",
  6: "Cease",
  7: "ROUTE-REFRESH Message Error",
};

const SUBCODES: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  1: { 1: "Connection Not Synchronized", 2: "Bad Message Length", 3: "Bad Message Type" },
  2: {
    1: "Unsupported Version Number",
    2: "Bad Peer AS",
    3: "Bad BGP Identifier",
    4: "Unsupported Optional Parameter",
    6: "Unacceptable Hold Time",
    7: "Unsupported Capability",
  },
  3: {
    1: "Malformed Attribute List",
    2: "Unrecognized Well-known Attribute",
    3: "Missing Well-known Attribute",
    4: "Attribute Flags Error",
    5: "Attribute Length Error",
    6: "Invalid ORIGIN Attribute",
    8: "Invalid NEXT_HOP Attribute",
    9: "Optional Attribute Error",
    10: "Invalid Network Field",
    11: "Malformed AS_PATH",
  },
  5: {
    1: "Receive Unexpected Message in OpenSent State",
    2: "Receive Unexpected Message in OpenConfirm State",
    3: "Receive Unexpected Message in Established State",
  },
  6: {
    1: "Maximum Number of Prefixes Reached",
    2: "Administrative Shutdown",
    3: "Peer De-configured",
    4: "Administrative Reset",
    5: "Connection Rejected",
    6: "Other Configuration Change",
    7: "Connection Collision Resolution",
    8: "Out of Resources",
    9: "Hard Reset",
  },
  7: { 1: "Invalid Message Length" },
};

/** `Cease/Administrative Shutdown`, `Hold Timer Expired`, or numbers for what we do not know. */
export function describeNotification(code: number, subcode: number): string {
  const name = CODES[code] ?? `code ${code}`;
  if (subcode === 0) return name;
  return `${name}/${SUBCODES[code]?.[subcode] ?? `subcode ${subcode}`}`;
}
