// validateOpen: the RFC 4271 §6.2 checks that need our configuration.
import { describe, expect, it } from "vitest";
import { validateOpen, type OpenExpectations, type OpenMessage } from "../../../../src/bgp/wire/index.js";

const EXPECT: OpenExpectations = { peerAsn: 65001, localAsn: 65010, localBgpId: "10.0.0.1" };
const OPEN: OpenMessage = {
  type: "open",
  version: 4,
  myAs: 65001,
  holdTime: 90,
  bgpId: "10.0.0.2",
  capabilities: [{ type: "four-octet-as", asn: 65001 }],
};

const subcode = (open: Partial<OpenMessage>, expect: Partial<OpenExpectations> = {}) =>
  validateOpen({ ...OPEN, ...open }, { ...EXPECT, ...expect })?.subcode;

describe("validateOpen", () => {
  it("accepts a good OPEN", () => {
    expect(validateOpen(OPEN, EXPECT)).toBeUndefined();
  });

  it("bad version is 2/1 with our version as a 2-octet integer (RFC 4271 §6.2)", () => {
    const n = validateOpen({ ...OPEN, version: 3 }, EXPECT);
    expect(n && [n.code, n.subcode, ...n.data]).toEqual([2, 1, 0, 4]);
  });

  it("checks the peer AS from the 4-octet AS capability, any AS when configured 0", () => {
    expect(subcode({ myAs: 23456, capabilities: [{ type: "four-octet-as", asn: 4200000001 }] })).toBe(2);
    expect(
      subcode(
        { myAs: 23456, capabilities: [{ type: "four-octet-as", asn: 4200000001 }] },
        { peerAsn: 4200000001 },
      ),
    ).toBeUndefined();
    expect(subcode({ myAs: 65002, capabilities: [] }, { peerAsn: 0 })).toBeUndefined();
    expect(subcode({ myAs: 65002, capabilities: [] })).toBe(2);
  });

  it("refuses identifier 0.0.0.0, and our own identifier only from an iBGP peer (RFC 6286 §2.1)", () => {
    expect(subcode({ bgpId: "0.0.0.0" })).toBe(3);
    expect(subcode({ bgpId: "10.0.0.1" })).toBeUndefined();
    expect(
      subcode(
        { bgpId: "10.0.0.1", myAs: 65010, capabilities: [{ type: "four-octet-as", asn: 65010 }] },
        { peerAsn: 65010 },
      ),
    ).toBe(3);
  });

  it("hold time must be 0 or at least 3 (and at least our configured minimum)", () => {
    expect(subcode({ holdTime: 1 })).toBe(6);
    expect(subcode({ holdTime: 2 })).toBe(6);
    expect(subcode({ holdTime: 0 })).toBeUndefined();
    expect(subcode({ holdTime: 3 })).toBeUndefined();
    expect(subcode({ holdTime: 5 }, { minHoldTime: 10 })).toBe(6);
  });
});
