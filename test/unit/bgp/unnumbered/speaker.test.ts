// The speaker's side of autoDiscovery Unnumbered, in process: a peer appears when a router is
// heard on its interface (here a stub in place of the raw ICMPv6 socket), its session is bound to
// that interface, and the routers' sockets close with the speaker. Loopback stands in for the
// link: `lo` and ::1, so nothing needs a namespace.
import { afterEach, describe, expect, it } from "vitest";
import type { InstanceConfig } from "../../../../src/bgp/config/speaker-config.js";
import { FakeClock } from "../../../../src/bgp/fsm/index.js";
import { MemoryLogger, Speaker } from "../../../../src/bgp/speaker/index.js";
import type { LinkRouters } from "../../../../src/bgp/speaker/router-adverts.js";
import { peer, randomPort, speakerConfig, waitFor } from "../speaker/helpers.js";

const speakers: Speaker[] = [];
afterEach(async () => {
  for (const s of speakers.splice(0)) await s.shutdown();
});

class StubRouters implements LinkRouters {
  heard: string | undefined;
  readonly asked: string[] = [];
  closed = false;
  routerOn(name: string): string | undefined {
    this.asked.push(name);
    return name === "lo" ? this.heard : undefined;
  }
  close(): void {
    this.closed = true;
  }
}

describe("a speaker with an unnumbered peer", () => {
  it("waits for a router on the interface, then peers with it over that interface", async () => {
    const torPort = randomPort();
    const nodePort = torPort + 1;
    const tor: InstanceConfig = {
      name: "tor",
      localASN: 65010,
      routerId: "10.0.0.1",
      localPort: torPort,
      peers: [peer({ name: "node", address: "::1", peerASN: 65100, peerPort: nodePort })],
    };
    const { address: _discovered, ...template } = peer({
      name: "tor0",
      address: "",
      peerASN: 65010,
      peerPort: torPort,
    });
    const node: InstanceConfig = {
      name: "node",
      localASN: 65100,
      routerId: "10.0.2.2",
      peers: [],
      discoveredPeers: [{ autoDiscovery: { mode: "Unnumbered", interface: "lo" }, peer: template }],
    };
    const torSpeaker = new Speaker(speakerConfig("tor0", tor), {
      log: new MemoryLogger(),
      scheduler: new FakeClock(1_000_000),
      addresses: () => [],
      random: () => 0,
    });
    const routers = new StubRouters();
    const clock = new FakeClock(1_000_000);
    const log = new MemoryLogger();
    const nodeSpeaker = new Speaker(speakerConfig("kind-worker", node), {
      log,
      scheduler: clock,
      addresses: () => [],
      random: () => 0,
      routers,
    });
    speakers.push(torSpeaker, nodeSpeaker);
    await torSpeaker.start();
    await nodeSpeaker.start();

    // Nothing heard yet: no peer, and the log says what it waits for.
    expect(nodeSpeaker.peerRows()).toEqual([]);
    expect(log.lines.join("\n")).toContain("peer tor0: no router advertisement heard on lo yet");

    // The router is heard: at the next poll the peer appears and the session comes up.
    routers.heard = "::1";
    clock.advance(1_000);
    await waitFor("Established", () => nodeSpeaker.peerRows()[0]?.state === "established");
    expect(nodeSpeaker.peerRows()[0]).toMatchObject({ peerAddress: "::1", peerName: "tor0", peerAsn: 65010 });
    expect(log.lines.join("\n")).toContain("peer tor0: discovered ::1, the router on lo");
    expect(routers.asked.every((n) => n === "lo")).toBe(true);

    await nodeSpeaker.shutdown();
    expect(routers.closed).toBe(true);
  });
});
