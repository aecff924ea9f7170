// An unnumbered peer in the speaker's config file: written by deploy, read back by the speaker.
import { describe, expect, it } from "vitest";
import { FabricError } from "../../../../src/errors.js";
import { parseConfigFile, toConfigFile } from "../../../../src/bgp/speaker/index.js";
import { peer } from "../speaker/helpers.js";

const { address: _none, ...tor } = peer({ name: "tor0", address: "", peerASN: 65010, peerPort: 179 });
const file = toConfigFile({
  node: "kind-worker",
  instances: [
    {
      name: "instance-65100",
      localASN: 65100,
      routerId: "10.0.2.2",
      peers: [],
      discoveredPeers: [{ autoDiscovery: { mode: "Unnumbered", interface: "net0" }, peer: tor }],
    },
  ],
});

describe("speaker config file: autoDiscovery mode Unnumbered", () => {
  it("round-trips the interface", () => {
    const read = parseConfigFile(JSON.parse(JSON.stringify(file)), "worker.json");
    expect(read).toEqual(file);
    expect(read.speaker.instances[0]?.discoveredPeers?.[0]?.autoDiscovery).toEqual({
      mode: "Unnumbered",
      interface: "net0",
    });
  });

  it("refuses an Unnumbered peer without an interface, and an unknown mode", () => {
    const messages = (edit: (d: Record<string, unknown>) => void): string[] => {
      const bad = JSON.parse(JSON.stringify(file)) as {
        speaker: { instances: { discoveredPeers: { autoDiscovery: Record<string, unknown> }[] }[] };
      };
      const d = bad.speaker.instances[0]?.discoveredPeers[0]?.autoDiscovery;
      if (!d) throw new Error("fixture has a discovered peer");
      edit(d);
      try {
        parseConfigFile(bad, "worker.json");
      } catch (err) {
        return (err as FabricError).diagnostics.map((x) => x.message);
      }
      throw new Error("expected the config to be rejected");
    };
    expect(messages((d) => delete d.interface)).toEqual([
      "worker.json: speaker.instances[0].discoveredPeers[0].autoDiscovery.interface: expected a non-empty string",
    ]);
    expect(messages((d) => (d.mode = "Numbered"))).toEqual([
      'worker.json: speaker.instances[0].discoveredPeers[0].autoDiscovery.mode: expected "DefaultGateway" or "Unnumbered"',
    ]);
  });
});
