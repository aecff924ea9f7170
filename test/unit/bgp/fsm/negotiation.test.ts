import { describe, expect, it } from "vitest";
import type { InstanceConfig, PeerConfig } from "../../../../src/bgp/config/speaker-config.js";
import {
  checkOpen,
  describeNotification,
  fsmContextFor,
  negotiateTimers,
} from "../../../../src/bgp/fsm/index.js";
import { context, peerOpen } from "./support.js";

describe("negotiateTimers", () => {
  it("takes the smaller hold time and a third of it, or the smaller configured keepalive", () => {
    expect(negotiateTimers(90, 180, 30)).toEqual({ holdTimeSeconds: 90, keepaliveSeconds: 30 });
    expect(negotiateTimers(90, 9, 30)).toEqual({ holdTimeSeconds: 9, keepaliveSeconds: 3 });
    expect(negotiateTimers(90, 90, 10)).toEqual({ holdTimeSeconds: 90, keepaliveSeconds: 10 });
    expect(negotiateTimers(90, 90, 0)).toEqual({ holdTimeSeconds: 90, keepaliveSeconds: 30 });
    expect(negotiateTimers(0, 90, 30)).toEqual({ holdTimeSeconds: 0, keepaliveSeconds: 0 });
    expect(negotiateTimers(90, 0, 30)).toEqual({ holdTimeSeconds: 0, keepaliveSeconds: 0 });
    expect(negotiateTimers(4, 4, 30)).toEqual({ holdTimeSeconds: 4, keepaliveSeconds: 1 });
  });
});

describe("checkOpen capability negotiation", () => {
  it("keeps only the families both sides announce; no multiprotocol capability means IPv4 unicast", () => {
    const ctx = context({
      localCapabilities: [
        { type: "multiprotocol", afiSafi: { afi: 1, safi: 1 } },
        { type: "multiprotocol", afiSafi: { afi: 2, safi: 1 } },
      ],
    });
    const both = checkOpen(
      peerOpen({ capabilities: [{ type: "multiprotocol", afiSafi: { afi: 2, safi: 1 } }] }),
      ctx,
    );
    expect(both.ok && both.session.families).toEqual([{ afi: 2, safi: 1 }]);
    const none = checkOpen(peerOpen({ capabilities: [] }), ctx);
    expect(none.ok && none.session).toMatchObject({
      families: [{ afi: 1, safi: 1 }],
      fourOctetAs: false,
      routeRefresh: false,
    });
  });

  it("reports the peer's graceful restart and hostname", () => {
    const r = checkOpen(
      peerOpen({
        capabilities: [
          {
            type: "graceful-restart",
            restarting: true,
            restartTimeSeconds: 120,
            families: [{ afi: 1, safi: 1, forwardingPreserved: true }],
          },
          { type: "fqdn", hostname: "tor0", domain: "" },
        ],
      }),
      context(),
    );
    expect(r.ok && r.session.peerGracefulRestart).toEqual({
      restarting: true,
      restartTimeSeconds: 120,
      families: [{ afi: 1, safi: 1, forwardingPreserved: true }],
    });
    expect(r.ok && r.session.peerHostname).toBe("tor0");
  });

  it("rejects AS 0 even when any AS is accepted (RFC 7607)", () => {
    const r = checkOpen(peerOpen({ asn: 0 }), context({ peerAsn: 0 }));
    expect(r.ok ? undefined : [r.error.code, r.error.subcode]).toEqual([2, 2]);
  });
});

describe("fsmContextFor", () => {
  it("builds the context and capabilities from the speaker configuration", () => {
    const peer: PeerConfig = {
      name: "tor0",
      address: "10.0.1.1",
      peerASN: 0,
      peerPort: 179,
      timers: { connectRetryTimeSeconds: 5, holdTimeSeconds: 9, keepAliveTimeSeconds: 3 },
      ebgpMultihop: 1,
      families: [{ afi: "ipv4", safi: "unicast", advertisements: [] }],
      gracefulRestart: { enabled: true, restartTimeSeconds: 120 },
    };
    const instance: InstanceConfig = {
      name: "default",
      localASN: 65010,
      routerId: "10.0.1.2",
      peers: [peer],
    };
    const ctx = fsmContextFor(instance, peer, { random: () => 0.5 });
    expect(ctx).toMatchObject({
      localAsn: 65010,
      localBgpId: "10.0.1.2",
      peerAsn: 0,
      holdTimeSeconds: 9,
      passive: false,
    });
    expect(ctx.localCapabilities.map((c) => c.type)).toEqual([
      "multiprotocol",
      "route-refresh",
      "four-octet-as",
      "graceful-restart",
    ]);
  });
});

describe("describeNotification", () => {
  it("names codes and subcodes, and falls back to numbers", () => {
    expect(describeNotification(4, 0)).toBe("Hold Timer Expired");
    expect(describeNotification(6, 2)).toBe("Cease/Administrative Shutdown");
    expect(describeNotification(6, 99)).toBe("Cease/subcode 99");
    expect(describeNotification(42, 1)).toBe("code 42/subcode 1");
  });
});
