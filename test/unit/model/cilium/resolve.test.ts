import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { DEFAULT_TIMERS } from "../../../../src/bgp/config/speaker-config.js";
import { loadCiliumBgp, resolveSpeakers } from "../../../../src/model/cilium/index.js";
import { loadManifests } from "../../../../src/model/k8s/index.js";
import { loadKindCluster } from "../../../../src/model/kind/index.js";

const fixture = (p: string): string => fileURLToPath(new URL(`../../../fixtures/${p}`, import.meta.url));
const seedCluster = loadKindCluster(fixture("kind/valid/seed-cluster.yaml")).cluster;
if (!seedCluster) throw new Error("seed cluster must load");
const cluster = seedCluster;

describe("resolveSpeakers: the seed policies", () => {
  const loaded = loadCiliumBgp([fixture("cilium/valid/seed-policies.yaml")]);
  const resolved = resolveSpeakers(loaded.resources, cluster, []);

  it("loads and resolves without diagnostics or conditions", () => {
    expect(loaded.diagnostics).toEqual([]);
    expect(resolved.diagnostics).toEqual([]);
    expect(resolved.conditions).toEqual([]);
  });

  it("gives each of the four nodes its rack's instance, peer and PodCIDR", () => {
    const expected: [string, number, string, string, string, string][] = [
      ["kind-control-plane", 65010, "10.0.0.1", "10.0.1.2", "10.1.0.0/24", "peer-65010-rack0"],
      ["kind-worker", 65010, "10.0.0.1", "10.0.2.2", "10.1.1.0/24", "peer-65010-rack0"],
      ["kind-worker2", 65011, "10.0.0.2", "10.0.3.2", "10.1.2.0/24", "peer-65011-rack1"],
      ["kind-worker3", 65011, "10.0.0.2", "10.0.4.2", "10.1.3.0/24", "peer-65011-rack1"],
    ];
    expect([...resolved.speakers.keys()]).toEqual(expected.map((e) => e[0]));
    for (const [node, asn, peerAddress, routerId, podCIDR, peerName] of expected) {
      expect(resolved.speakers.get(node)).toEqual({
        node,
        instances: [
          {
            name: `instance-${asn}`,
            localASN: asn,
            routerId,
            peers: [
              {
                name: peerName,
                address: peerAddress,
                peerASN: asn,
                peerPort: 179,
                timers: { connectRetryTimeSeconds: 120, holdTimeSeconds: 90, keepAliveTimeSeconds: 30 },
                ebgpMultihop: 1,
                families: [
                  {
                    afi: "ipv4",
                    safi: "unicast",
                    advertisements: [
                      {
                        type: "PodCIDR",
                        prefixes: [podCIDR],
                        attributes: { standardCommunities: [], largeCommunities: [] },
                      },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      });
    }
  });
});

describe("resolveSpeakers: the richer v2alpha1 example", () => {
  const loaded = loadCiliumBgp([fixture("cilium/valid/rich-v2alpha1.yaml")]);
  const manifests = loadManifests([fixture("cilium/valid/rich-services.yaml")]);
  const resolved = resolveSpeakers(loaded.resources, cluster, manifests.services);

  it("warns once that v2alpha1 is deprecated and nothing else", () => {
    expect(manifests.diagnostics).toEqual([]);
    expect(loaded.diagnostics).toMatchObject([
      { severity: "warning", code: "cilium-deprecated-api-version", location: { line: 2 } },
    ]);
    expect(resolved.diagnostics).toEqual([]);
  });

  it("selects rack1 nodes by matchExpressions In", () => {
    expect([...resolved.speakers.keys()]).toEqual(["kind-worker2", "kind-worker3"]);
  });

  it("applies timers, multihop, communities, local preference and the NotIn Service selector", () => {
    const instance = resolved.speakers.get("kind-worker2")?.instances[0];
    expect(instance).toMatchObject({ localASN: 64000, routerId: "10.0.3.2" });
    expect(instance?.localPort).toBeUndefined();
    const peer = instance?.peers[0];
    expect(peer).toMatchObject({
      name: "peer-65000-r1",
      address: "5.5.5.5",
      peerASN: 65000,
      ebgpMultihop: 5,
    });
    expect(peer?.timers).toEqual({
      connectRetryTimeSeconds: 120,
      holdTimeSeconds: 9,
      keepAliveTimeSeconds: 3,
    });
    const serviceAttrs = { standardCommunities: ["65535:65281"], largeCommunities: ["64000:1:2"] };
    expect(peer?.families).toEqual([
      {
        afi: "ipv4",
        safi: "unicast",
        advertisements: [
          {
            type: "PodCIDR",
            prefixes: ["10.1.2.0/24"],
            attributes: { standardCommunities: ["65000:99"], largeCommunities: [], localPreference: 99 },
          },
          {
            type: "Service",
            service: "default/echo",
            addressType: "ClusterIP",
            prefixes: ["10.96.50.10/32"],
            attributes: serviceAttrs,
          },
          {
            type: "Service",
            service: "default/echo",
            addressType: "ExternalIP",
            prefixes: ["192.0.2.50/32"],
            attributes: serviceAttrs,
          },
          {
            type: "Service",
            service: "default/echo",
            addressType: "LoadBalancerIP",
            prefixes: ["172.18.255.200/32"],
            attributes: serviceAttrs,
          },
        ],
      },
    ]);
  });

  it("gives a peer without peerConfigRef Cilium's defaults: both unicast families, nothing advertised", () => {
    const peer = resolved.speakers.get("kind-worker2")?.instances[0]?.peers[1];
    expect(peer).toEqual({
      name: "peer-defaults",
      address: "5.5.5.6",
      peerASN: 0,
      peerPort: 179,
      timers: DEFAULT_TIMERS,
      ebgpMultihop: 1,
      families: [
        { afi: "ipv6", safi: "unicast", advertisements: [] },
        { afi: "ipv4", safi: "unicast", advertisements: [] },
      ],
    });
  });

  it("applies the node override's router ID, listen port and local address to that node only", () => {
    const instance = resolved.speakers.get("kind-worker3")?.instances[0];
    expect(instance).toMatchObject({ routerId: "192.168.100.3", localPort: 1790 });
    expect(instance?.peers[0]?.localAddress).toBe("10.0.4.2");
    expect(instance?.peers[1]?.localAddress).toBeUndefined();
    expect(instance?.peers[0]?.families[0]?.advertisements[0]).toMatchObject({ prefixes: ["10.1.3.0/24"] });
  });
});

describe("Cilium BGP: invalid resources", () => {
  const cases: [file: string, code: string, message: string, line: number][] = [
    ["wrong-api-version.yaml", "cilium-api-version", 'not "cilium.io/v3"', 1],
    [
      "unknown-peer-config-ref.yaml",
      "cilium-unknown-peer-config",
      '"peer-config-genric", which does not exist',
      13,
    ],
    ["peer-asn-out-of-range.yaml", "cilium-asn-range", "peerASN 4294967296 is out of range", 11],
    ["local-asn-zero.yaml", "cilium-asn-range", "localASN 0 is out of range", 8],
    ["hold-time-too-small.yaml", "cilium-timer-range", "holdTimeSeconds 2 is out of range", 7],
    [
      "keepalive-exceeds-hold.yaml",
      "cilium-keepalive-exceeds-hold",
      "keepAliveTimeSeconds 10 is larger than holdTimeSeconds 9",
      8,
    ],
    [
      "node-in-two-configs.yaml",
      "cilium-conflicting-cluster-configs",
      'selects kind-worker2, kind-worker3, already selected by "all"',
      15,
    ],
    ["bad-selector-operator.yaml", "cilium-bad-selector-operator", '"Equals"', 9],
    ["unknown-advertisement-type.yaml", "cilium-unknown-advertisement-type", '"PodCIDRs"', 7],
    ["bad-community.yaml", "cilium-bad-community", '"65000:70000"', 10],
    ["bad-peer-address.yaml", "cilium-bad-peer-address", '"10.0.0.999"', 11],
    ["duplicate-peer-names.yaml", "cilium-duplicate-peer", 'peer "p" is defined twice', 12],
    ["multihop-zero.yaml", "cilium-multihop-range", "ebgpMultihop 0 is out of range", 6],
  ];
  it.each(cases)("%s → %s", (file, code, message, line) => {
    const loaded = loadCiliumBgp([fixture(`cilium/invalid/${file}`)]);
    const all = [...loaded.diagnostics, ...resolveSpeakers(loaded.resources, cluster, []).diagnostics];
    const d = all.find((x) => x.code === code);
    expect(d, JSON.stringify(all)).toBeDefined();
    expect(d?.severity).toBe("error");
    expect(d?.message).toContain(message);
    expect(d?.location?.line).toBe(line);
  });

  it("suggests the peer config the typo meant and records Cilium's conditions", () => {
    const loaded = loadCiliumBgp([fixture("cilium/invalid/unknown-peer-config-ref.yaml")]);
    const resolved = resolveSpeakers(loaded.resources, cluster, []);
    expect(loaded.diagnostics).toMatchObject([
      { code: "cilium-unknown-peer-config", suggestion: 'did you mean "peer-config-generic"?' },
    ]);
    expect(resolved.diagnostics).toEqual([]);
    expect(resolved.conditions).toMatchObject([
      { resource: "CiliumBGPClusterConfig/c", type: "MissingPeerConfigs" },
    ]);
    expect(resolved.speakers.get("kind-worker")?.instances[0]?.peers).toEqual([]);
  });

  it("keeps a conflicting node with the first config and sets the conflict condition on the second", () => {
    const loaded = loadCiliumBgp([fixture("cilium/invalid/node-in-two-configs.yaml")]);
    const resolved = resolveSpeakers(loaded.resources, cluster, []);
    expect(resolved.conditions).toMatchObject([
      { resource: "CiliumBGPClusterConfig/rack1", type: "ConflictingClusterConfigs" },
    ]);
    expect(resolved.speakers.get("kind-worker3")?.instances[0]?.localASN).toBe(65010);
  });
});
