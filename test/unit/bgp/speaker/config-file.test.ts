import { describe, expect, it } from "vitest";
import { FabricError } from "../../../../src/errors.js";
import { parseConfigFile, toConfigFile } from "../../../../src/bgp/speaker/index.js";
import { DEFAULT_MAX_PREFIXES } from "../../../../src/bgp/config/speaker-config.js";
import { peer, podCidr } from "./helpers.js";

const good = toConfigFile({
  node: "kind-worker",
  instances: [
    {
      name: "instance-65001",
      localASN: 65001,
      routerId: "10.0.2.2",
      peers: [
        peer({
          name: "tor0",
          address: "10.0.0.1",
          peerASN: 65010,
          peerPort: 179,
          families: [
            { afi: "ipv4", safi: "unicast", advertisements: [podCidr(["10.1.1.0/24"], ["65000:99"])] },
          ],
        }),
      ],
    },
  ],
});

function errorsOf(value: unknown): string[] {
  try {
    parseConfigFile(value, "worker.json");
  } catch (err) {
    expect(err).toBeInstanceOf(FabricError);
    expect((err as FabricError).exitCode).toBe(2);
    return (err as FabricError).diagnostics.map((d) => d.message);
  }
  throw new Error("expected the config to be rejected");
}

describe("speaker config file", () => {
  it("round-trips what toConfigFile writes", () => {
    expect(parseConfigFile(JSON.parse(JSON.stringify(good)), "worker.json")).toEqual(good);
  });

  it("names file and field for every problem", () => {
    const bad = JSON.parse(JSON.stringify(good));
    bad.speaker.instances[0].routerId = "0.0.0.0";
    bad.speaker.instances[0].peers[0].peerASN = -1;
    bad.speaker.instances[0].peers[0].timers.holdTimeSeconds = 2;
    bad.speaker.instances[0].peers[0].families[0].advertisements[0].prefixes[0] = "10.1.1.1/24";
    bad.speaker.instances[0].peers[0].families[0].advertisements[0].attributes.standardCommunities = [
      "65000:99999",
    ];
    expect(errorsOf(bad)).toEqual([
      'worker.json: speaker.instances[0].routerId: "0.0.0.0" is not a non-zero dotted quad',
      "worker.json: speaker.instances[0].peers[0].timers.holdTimeSeconds: must be 0 or at least 3 (RFC 4271 §4.2)",
      "worker.json: speaker.instances[0].peers[0].peerASN: expected an integer from 0 to 4294967295",
      "worker.json: speaker.instances[0].peers[0].families[0].advertisements[0].attributes.standardCommunities[0]: community 65000:99999 is out of range",
      "worker.json: speaker.instances[0].peers[0].families[0].advertisements[0].prefixes[0]: 10.1.1.1/24 has host bits set",
    ]);
  });

  it("refuses another version", () => {
    expect(errorsOf({ ...good, version: 2 })).toEqual(["worker.json: version: expected 1, got 2"]);
  });
});

describe("speaker config file: inbound routes", () => {
  const withInbound = (inbound: unknown) => {
    const file = JSON.parse(JSON.stringify(good)) as { speaker: { instances: { peers: object[] }[] } };
    Object.assign(file.speaker.instances[0]!.peers[0]!, { inbound });
    return file;
  };
  const inboundOf = (value: unknown) =>
    parseConfigFile(value, "w.json").speaker.instances[0]?.peers[0]?.inbound;

  it("leaves inbound out by default (Cilium: counted, not kept) and reads both modes back", () => {
    expect(inboundOf(good)).toBeUndefined();
    expect(inboundOf(withInbound({ mode: "reject" }))).toEqual({ mode: "reject" });
    expect(inboundOf(withInbound({ mode: "import", maxPrefixes: 5000 }))).toEqual({
      mode: "import",
      maxPrefixes: 5000,
    });
    expect(inboundOf(withInbound({ mode: "import" }))).toEqual({
      mode: "import",
      maxPrefixes: DEFAULT_MAX_PREFIXES,
    });
  });

  it("names what is wrong: an unknown mode, a limit without import, a limit out of range", () => {
    expect(errorsOf(withInbound({ mode: "accept" }))).toEqual([
      `worker.json: speaker.instances[0].peers[0].inbound.mode: expected "reject" or "import"`,
    ]);
    expect(errorsOf(withInbound({ mode: "reject", maxPrefixes: 10 }))[0]).toContain(
      "inbound.maxPrefixes: applies only to imported routes",
    );
    expect(errorsOf(withInbound({ mode: "import", maxPrefixes: 0 }))[0]).toContain(
      "inbound.maxPrefixes: expected an integer from 1",
    );
  });
});
