// `010.0.0.1` is 10.0.0.1 to some tools and 8.0.0.1 (octal) to others, so fabric refuses it, and
// must refuse it the same way wherever an address enters: every public entry point that takes
// an address or a prefix is asked here. Before net/, links/ipv4.ts and the BGP identifier parser
// accepted it as 10.0.0.1 while the kind and containerlab readers refused it.
import { describe, expect, it } from "vitest";
import { bgpIdToNumber, compareBgpIds } from "../../../src/bgp/bgp-id.js";
import { compareAddresses, parsePrefix } from "../../../src/bgp/rib/index.js";
import { parseConfigFile, toConfigFile } from "../../../src/bgp/speaker/index.js";
import { BgpEncodeError, Writer } from "../../../src/bgp/wire/index.js";
import { encodeNextHop } from "../../../src/bgp/wire/attributes/next-hop.js";
import { encodeMpReach } from "../../../src/bgp/wire/attributes/mp-nlri.js";
import { FabricError } from "../../../src/errors.js";
import { nodeGateway } from "../../../src/k8s/pod-plan.js";
import { mgmtGateway } from "../../../src/links/mgmt.js";
import { loadCiliumBgpFiles } from "../../../src/model/cilium/load-cilium.js";
import { resolveTopologyText } from "../../../src/model/containerlab/index.js";
import { loadManifestFiles } from "../../../src/model/k8s/load-manifests.js";
import { loadKindClusterText } from "../../../src/model/kind/index.js";
import { parseYaml } from "../../../src/model/source.js";
import { isIp, parseCidr, parseIp, parseIpv4, parseIpv6 } from "../../../src/net/index.js";
import { peer } from "../bgp/speaker/helpers.js";

const AMBIGUOUS = "010.0.0.1";

/** The diagnostics of a refused speaker config file ([] when it is accepted). */
function configErrors(value: unknown): string[] {
  try {
    parseConfigFile(JSON.parse(JSON.stringify(value)), "f.json");
    return [];
  } catch (err) {
    if (!(err instanceof FabricError)) throw err;
    return err.diagnostics.map((d) => d.message);
  }
}

describe(`${AMBIGUOUS} has one answer everywhere: refused`, () => {
  it("net/", () => {
    expect(parseIp(AMBIGUOUS)).toBeUndefined();
    expect(parseIpv4(AMBIGUOUS)).toBeUndefined();
    expect(isIp(AMBIGUOUS)).toBe(false);
    expect(parseIpv6(`::ffff:${AMBIGUOUS}`)).toBeUndefined();
    expect(parseCidr("010.0.0.0/24")).toMatchObject({ ok: false, error: "bad-address" });
  });

  it("the BGP identifier, prefix and peer-address order", () => {
    expect(bgpIdToNumber(AMBIGUOUS)).toBeUndefined();
    expect(compareBgpIds(AMBIGUOUS, "10.0.0.2")).toBeGreaterThan(0); // unparseable sorts last
    expect(() => parsePrefix("010.0.0.0/24")).toThrow(FabricError);
    expect(compareAddresses(AMBIGUOUS, "10.0.0.2")).toBeGreaterThan(0);
  });

  it("the BGP encoder", () => {
    expect(() => encodeNextHop(new Writer(), AMBIGUOUS)).toThrow(BgpEncodeError);
    const mp = { afi: 1, safi: 1, nextHop: `::ffff:${AMBIGUOUS}`, prefixes: [] };
    expect(() => encodeMpReach(new Writer(), mp)).toThrow(BgpEncodeError);
  });

  it("the speaker config file: peer address, local address, router id, prefixes", () => {
    const config = (over: { address?: string; localAddress?: string; routerId?: string; prefix?: string }) =>
      toConfigFile({
        node: "n",
        instances: [
          {
            name: "i",
            localASN: 65001,
            routerId: over.routerId ?? "10.0.2.2",
            peers: [
              peer({
                name: "p",
                address: over.address ?? "10.0.0.1",
                ...(over.localAddress === undefined ? {} : { localAddress: over.localAddress }),
                peerASN: 65010,
                peerPort: 179,
                families: [
                  {
                    afi: "ipv4",
                    safi: "unicast",
                    advertisements: [
                      {
                        type: "PodCIDR",
                        prefixes: [over.prefix ?? "10.1.0.0/24"],
                        attributes: { standardCommunities: [], largeCommunities: [] },
                      },
                    ],
                  },
                ],
              }),
            ],
          },
        ],
      });
    expect(configErrors(config({}))).toEqual([]);
    for (const bad of [
      { address: AMBIGUOUS },
      { localAddress: AMBIGUOUS },
      { routerId: AMBIGUOUS },
      { prefix: "010.1.0.0/24" },
    ]) {
      expect(configErrors(config(bad)), JSON.stringify(bad)).toEqual([expect.stringMatching(/010\./)]);
    }
  });

  it("the management network and the pod plan", () => {
    expect(() => mgmtGateway("010.0.0.0/24")).toThrow(FabricError);
    const node = { name: "w", podCIDR: "010.244.0.0/24" } as Parameters<typeof nodeGateway>[0];
    expect(() => nodeGateway(node)).toThrow(FabricError);
  });

  it("the containerlab topology: mgmt-ipv4 and the management subnet", () => {
    const topo = (mgmt: string, node: string) =>
      resolveTopologyText(
        "/tmp/t.clab.yaml",
        `name: t\nmgmt:\n  ipv4-subnet: ${mgmt}\ntopology:\n  nodes:\n    r1:\n      kind: linux\n      image: alpine\n      mgmt-ipv4: ${node}\n`,
      ).diagnostics.map((d) => d.code);
    expect(topo("10.0.0.0/24", "10.0.0.5")).toEqual([]);
    expect(topo("10.0.0.0/24", AMBIGUOUS)).toContain("mgmt-ipv4-invalid");
    expect(topo("010.0.0.0/24", "10.0.0.5")).toContain("mgmt-subnet-invalid");
  });

  it("the kind config: podSubnet and node-ip", () => {
    const kind = (subnet: string, nodeIp: string) =>
      loadKindClusterText(
        "c.yaml",
        [
          "kind: Cluster",
          "apiVersion: kind.x-k8s.io/v1alpha4",
          "networking:",
          `  podSubnet: ${subnet}`,
          "nodes:",
          "- role: control-plane",
          "  kubeadmConfigPatches:",
          "  - |",
          "    kind: InitConfiguration",
          "    nodeRegistration:",
          "      kubeletExtraArgs:",
          `        node-ip: ${nodeIp}`,
          "",
        ].join("\n"),
      ).diagnostics.map((d) => d.code);
    expect(kind("10.244.0.0/16", "10.0.1.2")).toEqual([]);
    expect(kind("010.244.0.0/16", "10.0.1.2")).toEqual(["kind-bad-cidr"]);
    expect(kind("10.244.0.0/16", AMBIGUOUS)).toEqual(["kind-bad-node-ip"]);
  });

  it("Service manifests", () => {
    const service = (ip: string) =>
      loadManifestFiles([
        parseYaml(
          "svc.yaml",
          `apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  clusterIP: "${ip}"\n  ports: [{port: 80}]\n`,
        ),
      ]).diagnostics.map((d) => d.code);
    expect(service("10.96.0.10")).toEqual([]);
    expect(service(AMBIGUOUS)).toEqual(["k8s-bad-address"]);
  });

  it("Cilium BGP resources: peerAddress, routerID and localAddress", () => {
    const cilium = (peerAddress: string, routerID: string, localAddress: string) =>
      loadCiliumBgpFiles([
        parseYaml(
          "bgp.yaml",
          [
            "apiVersion: cilium.io/v2",
            "kind: CiliumBGPClusterConfig",
            "metadata: {name: c}",
            "spec:",
            "  bgpInstances:",
            "  - name: i",
            "    localASN: 65010",
            "    peers:",
            "    - name: p",
            "      peerASN: 65000",
            `      peerAddress: "${peerAddress}"`,
            "---",
            "apiVersion: cilium.io/v2",
            "kind: CiliumBGPNodeConfigOverride",
            "metadata: {name: kind-worker}",
            "spec:",
            "  bgpInstances:",
            "  - name: i",
            `    routerID: "${routerID}"`,
            "    peers:",
            "    - name: p",
            `      localAddress: "${localAddress}"`,
            "",
          ].join("\n"),
        ),
      ]).diagnostics.map((d) => d.code);
    expect(cilium("10.0.0.1", "10.0.0.2", "10.0.0.3")).toEqual([]);
    expect(cilium(AMBIGUOUS, "10.0.0.2", "10.0.0.3")).toEqual(["cilium-bad-peer-address"]);
    expect(cilium("10.0.0.1", AMBIGUOUS, "10.0.0.3")).toEqual(["cilium-bad-router-id"]);
    expect(cilium("10.0.0.1", "10.0.0.2", AMBIGUOUS)).toEqual(["cilium-bad-local-address"]);
  });
});
