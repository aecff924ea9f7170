// A prefix written non-canonically in the config (`2001:db8:0::/48`) and the same prefix decoded
// off the wire must be one Loc-RIB entry with two candidate routes, not two entries: the RIB keys
// routes by prefix text, and both paths now write that text with net/'s formatIp.
import { describe, expect, it } from "vitest";
import { EMPTY_ATTRIBUTES, Origin, prefixKey } from "../../../src/bgp/model.js";
import { Rib, originate, parsePrefix } from "../../../src/bgp/rib/index.js";
import { Reader, decodePrefixes, notification, type Underflow } from "../../../src/bgp/wire/index.js";

const SHORT: Underflow = { what: "test", notification: notification(3, 1), handling: "session-reset" };
const NLRI_ERR = { what: "MP NLRI", notification: notification(3, 9), handling: "session-reset" } as const;
const NO_ATTRIBUTES = { standardCommunities: [], largeCommunities: [] };

describe("one prefix, one RIB key", () => {
  it("gives the config text and the wire octets the same key", () => {
    // /48: length octet, then six address octets 2001:0db8:0000.
    const [wire] = decodePrefixes(
      new Reader(Uint8Array.from([48, 0x20, 0x01, 0x0d, 0xb8, 0, 0]), SHORT),
      "ipv6",
      NLRI_ERR,
    );
    expect(wire).toEqual({ afi: "ipv6", address: "2001:db8::", length: 48 });
    for (const text of ["2001:db8:0::/48", "2001:DB8::/48", "2001:0db8:0000::/48", "2001:db8::/48"]) {
      expect(prefixKey(parsePrefix(text)), text).toBe(prefixKey(wire!));
    }
  });

  it("holds the originated and the learned route under one Loc-RIB entry", () => {
    const rib = new Rib({ localAsn: 65010 });
    const peer = { address: "2001:db8:ffff::1", bgpId: "10.0.0.1", asn: 65000, ebgp: true };
    rib.peerUp(peer, { mode: "import", maxPrefixes: 10 });
    rib.originate(originate("2001:db8:0::/48", NO_ATTRIBUTES, 0));
    const [learned] = decodePrefixes(
      new Reader(Uint8Array.from([48, 0x20, 0x01, 0x0d, 0xb8, 0, 0]), SHORT),
      "ipv6",
      NLRI_ERR,
    );
    const attributes = {
      ...EMPTY_ATTRIBUTES,
      origin: Origin.igp,
      asPath: [{ type: 2 as const, asns: [65000] }],
      nextHop: "2001:db8:ffff::1",
    };
    rib.receive(peer.address, { announced: [{ prefix: learned!, attributes }], withdrawn: [] }, 1);
    expect(rib.locRib.size).toBe(1);
    const entry = rib.locRib.get("2001:db8::/48");
    expect(entry?.candidates.size).toBe(2);
    // The local route wins (RFC 4271 §9.1.2.2: locally originated before learned, via AS path length).
    expect(entry?.best?.source.type).toBe("local");
  });
});
