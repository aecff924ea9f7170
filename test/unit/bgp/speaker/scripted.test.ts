// The speaker against a scripted peer over ::1: collisions between two real connections, route
// refresh, RFC 7606 treat-as-withdraw and Cease on peer removal.
import { afterEach, describe, expect, it } from "vitest";
import { Bytes } from "../../../support/bytes.js";
import { waitFor } from "./helpers.js";
import type { ScriptedConnection } from "../../../support/scripted-bgp-peer.js";
import { is, openFor } from "../../../support/scripted-bgp-peer.js";
import {
  IMPORT,
  PEER_ASN,
  announce,
  endOfRib,
  established,
  isUpdate,
  learned,
  prefixesOf,
  rig,
  state,
  stopRigs,
} from "./scripted-rig.js";
import type { Rig } from "./scripted-rig.js";

afterEach(async (ctx) => stopRigs(ctx.task.result?.state === "fail"));

describe("speaker against a scripted peer", () => {
  describe("connection collision between two real connections (RFC 4271 §6.8)", () => {
    /** Both sides connect; the peer answers our OPEN on one, then OPENs the other. */
    async function collide(r: Rig, peerBgpId: string) {
      const ours = await r.scripted.accepted(0); // the speaker's outgoing connection
      const theirs = await r.scripted.connect(r.speaker.listeningPort(0) ?? 0); // its incoming one
      await ours.next("OPEN on the outgoing connection", is("open"));
      await theirs.next("OPEN on the incoming connection", is("open"));
      const open = { asn: PEER_ASN, bgpId: peerBgpId };
      ours.send(openFor(open));
      await ours.next("KEEPALIVE: OpenConfirm on the outgoing connection", is("keepalive"));
      // The speaker is in OpenConfirm on one connection when the OPEN on the other arrives.
      theirs.send(openFor(open));
      return { ours, theirs };
    }

    async function expectCollisionCease(loser: ScriptedConnection) {
      const n = await loser.next("NOTIFICATION on the losing connection", is("notification"));
      expect([n.code, n.subcode]).toEqual([6, 7]);
      await waitFor("losing connection closed", () => loser.closed);
    }

    it("keeps our connection when our BGP identifier is higher", async () => {
      const r = await rig({ routerId: "10.0.0.9" });
      const { ours, theirs } = await collide(r, "10.0.0.2");
      await expectCollisionCease(theirs);
      ours.send({ type: "keepalive" });
      await ours.next("End-of-RIB on the survivor", endOfRib(1));
      await waitFor("Established", () => state(r) === "established");
      expect(ours.closed).toBe(false);
      expect(ours.rest().filter((m) => m.type === "notification")).toEqual([]);
      expect(r.log.lines.some((l) => l.includes("keeping the outgoing connection"))).toBe(true);
    });

    it("keeps the peer's connection when its BGP identifier is higher", async () => {
      const r = await rig({ routerId: "10.0.0.1" });
      const { ours, theirs } = await collide(r, "10.0.0.200");
      await expectCollisionCease(ours);
      await theirs.next("KEEPALIVE on the survivor", is("keepalive"));
      theirs.send({ type: "keepalive" });
      await theirs.next("End-of-RIB on the survivor", endOfRib(1));
      await waitFor("Established", () => state(r) === "established");
      expect(theirs.closed).toBe(false);
      expect(r.log.lines.some((l) => l.includes("keeping the incoming connection"))).toBe(true);
    });
  });

  describe("route refresh (RFC 2918, RFC 7313)", () => {
    it("re-sends the Adj-RIB-Out of the requested family", async () => {
      const r = await rig();
      const conn = await established(r);
      conn.send({ type: "route-refresh", afi: 1, safi: 1, subtype: 0 });
      const again = await conn.next("re-sent UPDATE", isUpdate);
      expect(prefixesOf([again])).toEqual(["10.1.1.0/24"]);
      expect(again.attributes.communities).toEqual([65000 * 0x10000 + 99]);
      // Without enhanced route refresh negotiated there are no BoRR/EoRR markers, and the
      // other family is not re-sent.
      await new Promise((res) => setTimeout(res, 100));
      expect(conn.rest()).toEqual([]);
    });

    it("brackets the re-sent routes with BoRR and EoRR when enhanced route refresh is negotiated", async () => {
      const r = await rig();
      const conn = await established(r, [{ type: "enhanced-route-refresh" }]);
      conn.send({ type: "route-refresh", afi: 2, safi: 1, subtype: 0 });
      const borr = await conn.next("BoRR", is("route-refresh"));
      expect(borr).toMatchObject({ afi: 2, safi: 1, subtype: 1 });
      const update = await conn.next("re-sent UPDATE", isUpdate);
      expect(prefixesOf([update])).toEqual(["fd01:1::/64"]);
      const eorr = await conn.next("EoRR", is("route-refresh"));
      expect(eorr).toMatchObject({ afi: 2, safi: 1, subtype: 2 });
    });
  });

  it("treats an UPDATE with a malformed COMMUNITIES as a withdrawal and stays up (RFC 7606 §7.8)", async () => {
    const r = await rig({ inbound: IMPORT });
    const conn = await established(r);
    announce(conn, ["10.70.0.0/24", "10.70.1.0/24"]);
    await waitFor("two routes", () => learned(r).length === 2);
    // ORIGIN IGP, AS_PATH [65002], NEXT_HOP 192.0.2.1, COMMUNITIES of length 3; NLRI 10.70.0.0/24.
    const attrs = new Bytes()
      .u8(0x40, 1, 1, 0)
      .u8(0x40, 2, 6, 2, 1)
      .u32(PEER_ASN)
      .u8(0x40, 3, 4)
      .ipv4("192.0.2.1")
      .u8(0xc0, 8, 3, 1, 2, 3)
      .build();
    const body = new Bytes().u16(0).u16(attrs.length).raw(attrs).u8(24, 10, 70, 0).build();
    conn.sendRaw(
      new Bytes()
        .marker()
        .u16(19 + body.length)
        .u8(2)
        .raw(body)
        .build(),
    );
    await waitFor("10.70.0.0/24 withdrawn", () => learned(r).length === 1);
    expect(learned(r)).toEqual([{ prefix: "10.70.1.0/24", stale: false }]);
    expect(r.log.lines.some((l) => l.includes("treated as withdraw (RFC 7606)"))).toBe(true);
    // Still up: no NOTIFICATION, and the next UPDATE is taken.
    announce(conn, ["10.70.2.0/24"]);
    await waitFor("10.70.2.0/24", () => learned(r).length === 2);
    expect(state(r)).toBe("established");
    expect(conn.received.filter((m) => m.type === "notification")).toEqual([]);
    expect(conn.closed).toBe(false);
  });

  it("sends Cease/Peer De-configured (6/3) to a peer a reload removes", async () => {
    const r = await rig();
    const conn = await established(r);
    await r.speaker.reload({ node: "node-a", instances: [{ ...r.instance, peers: [] }] });
    const n = await conn.next("NOTIFICATION", is("notification"));
    expect([n.code, n.subcode]).toEqual([6, 3]);
    await waitFor("connection closed", () => conn.closed);
    expect(r.speaker.peerRows()).toEqual([]);
  });
});
