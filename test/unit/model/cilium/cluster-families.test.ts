// A peer config family that asks for advertisements in a family the cluster does not run is an
// error on that family's line; Cilium's default families and families of the cluster are not.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadKindClusterText } from "../../../../src/model/kind/index.js";
import { loadCiliumBgp, resolveSpeakers } from "../../../../src/model/cilium/index.js";

const dir = mkdtempSync(join(tmpdir(), "fabric-families-"));

function crds(families: string[]): string {
  const text = [
    "apiVersion: cilium.io/v2",
    "kind: CiliumBGPClusterConfig",
    "metadata: { name: all }",
    "spec:",
    "  bgpInstances:",
    "    - name: i",
    "      localASN: 65010",
    "      peers:",
    "        - { name: tor, peerASN: 65010, peerAddress: 10.0.0.1, peerConfigRef: { name: pc } }",
    "---",
    "apiVersion: cilium.io/v2",
    "kind: CiliumBGPPeerConfig",
    "metadata: { name: pc }",
    "spec:",
    "  families:",
    ...families,
    "---",
    "apiVersion: cilium.io/v2",
    "kind: CiliumBGPAdvertisement",
    "metadata: { name: pod-cidr, labels: { advertise: pod-cidr } }",
    "spec:",
    "  advertisements:",
    "    - advertisementType: PodCIDR",
    "",
  ].join("\n");
  const file = join(dir, `crds-${families.length}-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, text);
  return file;
}

function cluster(ipFamily: string) {
  const text = [
    "kind: Cluster",
    "apiVersion: kind.x-k8s.io/v1alpha4",
    "networking:",
    `  ipFamily: ${ipFamily}`,
    "nodes:",
    "  - role: control-plane",
    "    kubeadmConfigPatches:",
    "      - |",
    "        kind: InitConfiguration",
    "        nodeRegistration:",
    "          kubeletExtraArgs:",
    '            node-ip: "10.0.1.2"',
    "",
  ].join("\n");
  const c = loadKindClusterText("cluster.yaml", text).cluster;
  if (!c) throw new Error("test cluster did not load");
  return c;
}

const V6 = [
  "    - afi: ipv6",
  "      safi: unicast",
  "      advertisements: { matchLabels: { advertise: pod-cidr } }",
];
const V4 = [
  "    - afi: ipv4",
  "      safi: unicast",
  "      advertisements: { matchLabels: { advertise: pod-cidr } }",
];

function resolve(ipFamily: string, families: string[]) {
  const bgp = loadCiliumBgp([crds(families)]);
  expect(bgp.diagnostics).toEqual([]);
  return resolveSpeakers(bgp.resources, cluster(ipFamily), []);
}

describe("CiliumBGPPeerConfig families against the cluster's ipFamily", () => {
  it("ipv6/unicast advertising PodCIDRs in an ipv4 cluster: one error at that family", () => {
    const r = resolve("ipv4", [...V4, ...V6]);
    expect(r.diagnostics.map((d) => [d.code, d.location?.line, d.message, d.suggestion])).toEqual([
      [
        "cilium-family-not-in-cluster",
        19,
        'CiliumBGPPeerConfig "pc": family ipv6/unicast advertises "pod-cidr", but the cluster has no IPv6 (its ipFamily is ipv4)',
        "set networking.ipFamily: dual in cluster.yaml so every node gets an IPv6 PodCIDR as well, or remove this family",
      ],
    ]);
  });

  it("both families in a dual cluster: no error, and each family announces its own PodCIDR", () => {
    const r = resolve("dual", [...V4, ...V6]);
    expect(r.diagnostics).toEqual([]);
    const families = r.speakers.get("kind-control-plane")?.instances[0]?.peers[0]?.families;
    expect(
      families?.map((f) => [f.afi, f.advertisements.flatMap((a) => ("prefixes" in a ? a.prefixes : []))]),
    ).toEqual([
      ["ipv4", ["10.244.0.0/24"]],
      ["ipv6", ["fd00:10:244::/64"]],
    ]);
  });

  it("ipv4/unicast in an ipv6 cluster is the same mistake", () => {
    const r = resolve("ipv6", V4);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["cilium-family-not-in-cluster"]);
  });
});
