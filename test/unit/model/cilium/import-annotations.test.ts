import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_PREFIXES } from "../../../../src/bgp/config/speaker-config.js";
import { loadCiliumBgpFiles } from "../../../../src/model/cilium/index.js";
import { parseYaml } from "../../../../src/model/source.js";

function peerConfig(annotations: string): ReturnType<typeof loadCiliumBgpFiles> {
  const text = [
    "apiVersion: cilium.io/v2",
    "kind: CiliumBGPPeerConfig",
    "metadata:",
    "  name: tor",
    annotations === "" ? "" : `  annotations:\n${annotations}`,
    "spec:",
    "  ebgpMultihop: 1",
    "",
  ].join("\n");
  return loadCiliumBgpFiles([parseYaml("peers.yaml", text)]);
}

describe("fabric.dev/import-routes and fabric.dev/max-prefixes on a CiliumBGPPeerConfig", () => {
  it("leaves Cilium's reject-everything default without annotations", () => {
    const r = peerConfig("");
    expect(r.diagnostics).toEqual([]);
    expect(r.resources.peerConfigs[0]?.inbound).toBeUndefined();
  });

  it("imports with the default limit, or the one given", () => {
    const plain = peerConfig('    fabric.dev/import-routes: "true"');
    expect(plain.diagnostics).toEqual([]);
    expect(plain.resources.peerConfigs[0]?.inbound).toEqual({
      mode: "import",
      maxPrefixes: DEFAULT_MAX_PREFIXES,
    });
    const limited = peerConfig('    fabric.dev/import-routes: "true"\n    fabric.dev/max-prefixes: "1000"');
    expect(limited.diagnostics).toEqual([]);
    expect(limited.resources.peerConfigs[0]?.inbound).toEqual({ mode: "import", maxPrefixes: 1000 });
  });

  it('"false" is Cilium\'s default, and other annotations are left alone', () => {
    const r = peerConfig('    fabric.dev/import-routes: "false"\n    team.example/owner: net');
    expect(r.diagnostics).toEqual([]);
    expect(r.resources.peerConfigs[0]?.inbound).toBeUndefined();
  });

  it("refuses an unquoted value with the quoted one as the fix, at its line", () => {
    const r = peerConfig("    fabric.dev/import-routes: true");
    expect(r.diagnostics).toMatchObject([
      {
        severity: "error",
        code: "cilium-bad-annotation",
        location: { file: "peers.yaml", line: 6 },
        suggestion: 'quote it: "true"',
      },
    ]);
    expect(r.resources.peerConfigs[0]?.inbound).toBeUndefined();
  });

  it("refuses a limit that is not a whole number in range", () => {
    for (const bad of ["0", "-5", "1e3", "lots", "4294967296"]) {
      const r = peerConfig(`    fabric.dev/import-routes: "true"\n    fabric.dev/max-prefixes: "${bad}"`);
      expect(
        r.diagnostics.map((d) => d.code),
        bad,
      ).toEqual(["cilium-bad-annotation"]);
      expect(r.diagnostics[0]?.location?.line).toBe(7);
    }
  });

  it("warns about a limit without import and a misspelt fabric.dev annotation", () => {
    const r = peerConfig('    fabric.dev/max-prefixes: "10"\n    fabric.dev/import-route: "true"');
    expect(r.diagnostics).toMatchObject([
      {
        severity: "warning",
        code: "cilium-unknown-annotation",
        location: { line: 7 },
        suggestion: expect.stringContaining("fabric.dev/import-routes") as unknown,
      },
      { severity: "warning", code: "cilium-max-prefixes-without-import", location: { line: 6 } },
    ]);
    expect(r.resources.peerConfigs[0]?.inbound).toBeUndefined();
  });
});

function clusterPeer(peer: string): ReturnType<typeof loadCiliumBgpFiles> {
  const text = [
    "apiVersion: cilium.io/v2",
    "kind: CiliumBGPClusterConfig",
    "metadata:",
    "  name: c",
    "spec:",
    "  bgpInstances:",
    "    - name: i",
    "      localASN: 65001",
    "      peers:",
    "        - name: tor",
    peer,
    "",
  ].join("\n");
  return loadCiliumBgpFiles([parseYaml("cluster.yaml", text)]);
}

describe("autoDiscovery on a CiliumBGPClusterConfig peer", () => {
  it("reads mode DefaultGateway with its address family", () => {
    const r = clusterPeer(
      "          autoDiscovery:\n            mode: DefaultGateway\n            defaultGateway:\n              addressFamily: ipv4",
    );
    expect(r.diagnostics).toEqual([]);
    const peer = r.resources.clusterConfigs[0]?.instances[0]?.peers[0];
    expect(peer?.autoDiscovery).toEqual({ mode: "DefaultGateway", addressFamily: "ipv4" });
    expect(peer?.peerAddress).toBeUndefined();
  });

  it("refuses a missing address family, a wrong mode, and Unnumbered without an interface", () => {
    const noFamily = clusterPeer("          autoDiscovery:\n            mode: DefaultGateway");
    expect(noFamily.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ["cilium-bad-auto-discovery", 12],
    ]);
    const wrong = clusterPeer("          autoDiscovery:\n            mode: DefaultGw");
    expect(wrong.diagnostics[0]).toMatchObject({
      code: "cilium-bad-auto-discovery",
      suggestion: expect.stringContaining("DefaultGateway") as unknown,
    });
    const unnumbered = clusterPeer(
      "          autoDiscovery:\n            mode: Unnumbered\n            unnumbered:\n              interface: net0",
    );
    expect(unnumbered.diagnostics).toEqual([]);
    expect(unnumbered.resources.clusterConfigs[0]?.instances[0]?.peers[0]?.autoDiscovery).toEqual({
      mode: "Unnumbered",
      interface: "net0",
    });
    const noInterface = clusterPeer("          autoDiscovery:\n            mode: Unnumbered");
    expect(noInterface.diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ["cilium-bad-auto-discovery", 12],
    ]);
  });
});

describe("resolution carries import and autoDiscovery into each node's speaker config", () => {
  it("gives a discovered peer the peer config's import policy", async () => {
    const { loadKindCluster } = await import("../../../../src/model/kind/index.js");
    const { resolveSpeakers } = await import("../../../../src/model/cilium/index.js");
    const { fileURLToPath } = await import("node:url");
    const cluster = loadKindCluster(
      fileURLToPath(new URL("../../../fixtures/kind/valid/seed-cluster.yaml", import.meta.url)),
    ).cluster;
    if (!cluster) throw new Error("seed cluster must load");
    const text = [
      "apiVersion: cilium.io/v2",
      "kind: CiliumBGPClusterConfig",
      "metadata: { name: all }",
      "spec:",
      "  bgpInstances:",
      "    - name: i",
      "      localASN: 65001",
      "      peers:",
      "        - name: gw",
      "          peerConfigRef: { name: tor }",
      "          autoDiscovery: { mode: DefaultGateway, defaultGateway: { addressFamily: ipv4 } }",
      "        - name: fixed",
      "          peerAddress: 10.0.0.1",
      "          peerConfigRef: { name: tor }",
      "---",
      "apiVersion: cilium.io/v2",
      "kind: CiliumBGPPeerConfig",
      "metadata:",
      "  name: tor",
      '  annotations: { fabric.dev/import-routes: "true", fabric.dev/max-prefixes: "50" }',
      "spec: {}",
      "",
    ].join("\n");
    const loaded = loadCiliumBgpFiles([parseYaml("bgp.yaml", text)]);
    expect(loaded.diagnostics).toEqual([]);
    const resolved = resolveSpeakers(loaded.resources, cluster, []);
    const instance = resolved.speakers.get("kind-worker")?.instances[0];
    expect(instance?.peers.map((p) => [p.name, p.address, p.inbound])).toEqual([
      ["fixed", "10.0.0.1", { mode: "import", maxPrefixes: 50 }],
    ]);
    expect(instance?.discoveredPeers).toMatchObject([
      {
        autoDiscovery: { mode: "DefaultGateway", addressFamily: "ipv4" },
        peer: { name: "gw", inbound: { mode: "import", maxPrefixes: 50 } },
      },
    ]);
  });
});
