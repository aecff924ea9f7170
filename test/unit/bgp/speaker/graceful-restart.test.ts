// The graceful-restart helper (RFC 4724 §4.2) against a scripted peer that drops its TCP
// connection: stale routes kept, then swept at End-of-RIB, at once, or when time runs out.
import { afterEach, describe, expect, it } from "vitest";
import type { Capability } from "../../../../src/bgp/model.js";
import { waitFor } from "./helpers.js";
import { establish } from "../../../support/scripted-bgp-peer.js";
import {
  IMPORT,
  PEER_ASN,
  announce,
  emptyAttributes,
  established,
  learned,
  rig,
  state,
  stopRigs,
} from "./scripted-rig.js";
import type { Rig } from "./scripted-rig.js";

afterEach(async (ctx) => stopRigs(ctx.task.result?.state === "fail"));

describe("speaker against a scripted peer", () => {
  describe("graceful restart helper (RFC 4724 §4.2)", () => {
    const gr: Capability = {
      type: "graceful-restart",
      restarting: false,
      restartTimeSeconds: 30,
      families: [{ afi: 1, safi: 1, forwardingPreserved: true }],
    };

    async function dropped(r: Rig): Promise<void> {
      const conn = await established(r, [gr]);
      announce(conn, ["10.70.0.0/24", "10.70.1.0/24"]);
      announce(conn, ["fd70::/64"], "fd00::2");
      await waitFor("three routes", () => learned(r).length === 3);
      conn.reset();
      await waitFor("session down", () => state(r) !== "established");
      // IPv4 was announced with GR: kept, stale. IPv6 was not: gone at once.
      expect(learned(r)).toEqual([
        { prefix: "10.70.0.0/24", stale: true },
        { prefix: "10.70.1.0/24", stale: true },
      ]);
    }

    it("keeps a restarting peer's routes as stale and sweeps those not re-sent at End-of-RIB", async () => {
      const r = await rig({ inbound: IMPORT });
      await dropped(r);
      r.clock.advance(1_000); // ConnectRetry 1 s: the speaker connects again
      const again = await r.scripted.accepted(1);
      await establish(again, { asn: PEER_ASN, bgpId: "10.0.0.2", extra: [gr] });
      await waitFor("Established again", () => state(r) === "established");
      expect(learned(r)).toHaveLength(2); // nothing swept before End-of-RIB
      announce(again, ["10.70.0.0/24"]);
      again.send({ type: "update", withdrawnRoutes: [], attributes: emptyAttributes, nlri: [] });
      await waitFor("sweep", () => learned(r).length === 1);
      expect(learned(r)).toEqual([{ prefix: "10.70.0.0/24", stale: false }]);
    });

    it("removes the stale routes at once when the new session no longer preserves the family", async () => {
      // RFC 4724 §4.2: a family without the F bit (or missing) in the new session's capability,
      // or no capability at all, MUST lose its stale routes immediately, End-of-RIB or not.
      const noForwarding: Capability = { ...gr, families: [{ afi: 1, safi: 1, forwardingPreserved: false }] };
      for (const extra of [[noForwarding], [{ ...gr, families: [] }], []] as Capability[][]) {
        const r = await rig({ inbound: IMPORT });
        await dropped(r);
        r.clock.advance(1_000);
        const again = await r.scripted.accepted(1);
        await establish(again, { asn: PEER_ASN, bgpId: "10.0.0.2", extra });
        await waitFor("Established again", () => state(r) === "established");
        expect(learned(r)).toEqual([]);
      }
    });

    it("removes the stale routes when the restart time runs out without a new session", async () => {
      const r = await rig({ inbound: IMPORT });
      await dropped(r);
      r.clock.advance(29_000);
      expect(learned(r)).toHaveLength(2);
      r.clock.advance(1_001);
      expect(learned(r)).toEqual([]);
      expect(r.log.lines.some((l) => l.includes("restart time expired"))).toBe(true);
    });
  });
});
