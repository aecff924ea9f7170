// ClusterIP allocation and Cilium's LB-IPAM on Services built in the test, without files.
import { describe, expect, it } from "vitest";
import { allocateClusterIPs } from "../../../../src/model/k8s/cluster-ips.js";
import { assignLoadBalancerIPs } from "../../../../src/model/cilium/lb-ipam.js";
import type { LbIpPool, PoolRange } from "../../../../src/model/cilium/lb-ip-pool.js";
import type { Service } from "../../../../src/model/model.js";
import { parseIp } from "../../../../src/net/index.js";

const at = { file: "svc.yaml", line: 1, col: 1 };
function service(name: string, extra: Partial<Service> = {}): Service {
  return {
    namespace: "default",
    name,
    labels: {},
    annotations: {},
    type: "LoadBalancer",
    clusterIPs: [],
    headless: false,
    externalIPs: [],
    loadBalancerIPs: [],
    requestedLoadBalancerIPs: [],
    selector: { app: name },
    ports: [{ protocol: "TCP", port: 80, targetPort: 80 }],
    externalTrafficPolicy: "Cluster",
    location: at,
    at: {},
    ...extra,
  };
}
function range(first: string, last: string): PoolRange {
  const a = parseIp(first);
  const b = parseIp(last);
  if (!a || !b) throw new Error("bad test range");
  return { first: a, last: b, text: `${first}-${last}`, location: at };
}
const pool = (name: string, ranges: PoolRange[], extra: Partial<LbIpPool> = {}): LbIpPool => ({
  name,
  ranges,
  disabled: false,
  location: at,
  ...extra,
});

describe("allocateClusterIPs", () => {
  it("is deterministic, collision-free, keeps the manifest's and skips .1 and .10", () => {
    const many = Array.from({ length: 300 }, (_, i) => service(`s${i}`));
    const given = service("given", { clusterIPs: ["10.96.0.77"] });
    const a = allocateClusterIPs([given, ...many], "10.96.0.0/23");
    const b = allocateClusterIPs([...many].reverse().concat(given), "10.96.0.0/23");
    expect(a.diagnostics).toEqual([]);
    const ips = a.services.map((s) => s.clusterIPs[0]);
    expect(new Set(ips).size).toBe(301);
    expect(ips[0]).toBe("10.96.0.77");
    expect(ips).not.toContain("10.96.0.1");
    expect(ips).not.toContain("10.96.0.10");
    const byName = (r: typeof a) => Object.fromEntries(r.services.map((s) => [s.name, s.clusterIPs[0]]));
    expect(byName(b)).toEqual(byName(a)); // file order does not matter
  });

  it("reports a full subnet and a taken address", () => {
    const r = allocateClusterIPs(
      [
        service("x", { clusterIPs: ["10.96.0.2"] }),
        service("y", { clusterIPs: ["10.96.0.2"] }),
        service("z"),
      ],
      "10.96.0.0/30",
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(["k8s-cluster-ip-taken", "k8s-service-subnet-full"]);
  });
});

describe("assignLoadBalancerIPs", () => {
  it("hands out the lowest free address of the first selecting pool, requests first", () => {
    const pools = [
      pool("blue", [range("10.0.10.1", "10.0.10.3")], {
        serviceSelector: { matchLabels: { color: "blue" }, matchExpressions: [] },
      }),
      pool("any", [range("10.0.20.1", "10.0.20.2")]),
    ];
    const r = assignLoadBalancerIPs(
      [
        service("a", { labels: { color: "blue" } }),
        service("b", { labels: { color: "blue" }, requestedLoadBalancerIPs: ["10.0.10.1"] }),
        service("c"),
        service("d", { type: "ClusterIP" }),
      ],
      pools,
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.services.map((s) => s.loadBalancerIPs)).toEqual([
      ["10.0.10.2"],
      ["10.0.10.1"],
      ["10.0.20.1"],
      [],
    ]);
  });

  it("matches serviceSelector on LB-IPAM's namespace and name labels", () => {
    const p = pool("named", [range("10.0.30.1", "10.0.30.1")], {
      serviceSelector: { matchLabels: { "io.kubernetes.service.name": "web" }, matchExpressions: [] },
    });
    const r = assignLoadBalancerIPs([service("web"), service("other")], [p]);
    expect(r.services[0]?.loadBalancerIPs).toEqual(["10.0.30.1"]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["cilium-pool-exhausted"]);
  });

  it("refuses requests a disabled or non-selecting pool holds, and overlapping pools", () => {
    const r = assignLoadBalancerIPs(
      [
        service("off", { requestedLoadBalancerIPs: ["10.0.40.1"] }),
        service("nosel", { requestedLoadBalancerIPs: ["10.0.50.1"] }),
      ],
      [
        pool("disabled", [range("10.0.40.1", "10.0.40.9")], { disabled: true }),
        pool("picky", [range("10.0.50.1", "10.0.50.9")], {
          serviceSelector: { matchLabels: { x: "y" }, matchExpressions: [] },
        }),
        pool("overlap", [range("10.0.50.5", "10.0.50.20")]),
      ],
    );
    const messages = r.diagnostics.map((d) => `${d.code}: ${d.message}`);
    expect(messages[0]).toMatch(
      /^cilium-pool-overlap: .*"overlap": block 10\.0\.50\.5-10\.0\.50\.20 overlaps pool "picky"/,
    );
    expect(messages[1]).toMatch(
      /cilium-pool-request: .*10\.0\.40\.1, but the pool holding it \(disabled\) is disabled/,
    );
    // 10.0.50.1 is only in picky (overlap starts at .5), which does not select the Service.
    expect(messages[2]).toMatch(
      /10\.0\.50\.1, but the pool holding it \(picky\) does not select this Service/,
    );
  });

  it("keeps the manifest's addresses while no pool exists (LB-IPAM dormant)", () => {
    const r = assignLoadBalancerIPs([service("a", { requestedLoadBalancerIPs: ["198.51.100.7"] })], []);
    expect(r.services[0]?.loadBalancerIPs).toEqual(["198.51.100.7"]);
  });
});
