// Interface advertisements: the addresses of a named interface, each as a host route, read
// from the real loopback and from a given address list.
import { afterEach, describe, expect, it } from "vitest";
import type { AddressSource } from "../../../../src/bgp/speaker/index.js";
import { systemAddresses } from "../../../../src/bgp/speaker/index.js";
import type { ReceivedUpdate } from "../../../../src/bgp/wire/index.js";
import { establish } from "../../../support/scripted-bgp-peer.js";
import { PEER_ASN, established, iface, isUpdate, prefixesOf, rig, stopRigs } from "./scripted-rig.js";

afterEach(async (ctx) => stopRigs(ctx.task.result?.state === "fail"));

describe("speaker against a scripted peer", () => {
  describe("Interface advertisements", () => {
    const lo = [{ afi: "ipv6" as const, safi: "unicast" as const, advertisements: [iface("lo")] }];

    it("advertises the loopback's IPv6 address as a host route", async () => {
      // The real address source: this namespace's lo has ::1.
      const r = await rig({ families: lo, addresses: systemAddresses });
      const conn = await r.scripted.accepted(0);
      await establish(conn, { asn: PEER_ASN, bgpId: "10.0.0.2" });
      const u = await conn.next("UPDATE", isUpdate);
      expect(prefixesOf([u])).toEqual(["::1/128"]);
      expect(u.mpReach?.nextHop).toBe("::1");
    });

    it("advertises every global address of the named interface, not link-local ones or other interfaces", async () => {
      const addresses: AddressSource = () => [
        { interfaceName: "eth9", address: "192.0.2.10", family: "ipv4", linkLocal: false },
        { interfaceName: "eth9", address: "2001:db8::10", family: "ipv6", linkLocal: false },
        { interfaceName: "eth9", address: "fe80::10", family: "ipv6", linkLocal: true },
        { interfaceName: "eth8", address: "192.0.2.20", family: "ipv4", linkLocal: false },
      ];
      const families = (["ipv4", "ipv6"] as const).map((afi) => ({
        afi,
        safi: "unicast" as const,
        advertisements: [iface("eth9")],
      }));
      const r = await rig({ families, addresses });
      const conn = await established(r);
      const sent = conn.received.filter((m): m is ReceivedUpdate => m.type === "update" && !m.endOfRib);
      expect(prefixesOf(sent)).toEqual(["192.0.2.10/32", "2001:db8::10/128"]);
    });
  });
});
