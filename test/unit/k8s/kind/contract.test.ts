// Contract tests: fabric's kind path against what kind and Kubernetes really write and print,
// from their own source and documentation (test/fixtures/kind-contract/, each file says where it
// came from). kind cannot run here (no node image, no privileged containers); these pin the
// formats it would meet where it can.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ptpConflist } from "../../../../src/k8s/kind/cni.js";
import { compareNodeNames, kindLoadBalancer } from "../../../../src/k8s/kind/compare.js";
import { effectivePullPolicy } from "../../../../src/k8s/kind/images.js";
import { parseNodes } from "../../../../src/k8s/kind/parse-nodes.js";
import { parsePods } from "../../../../src/k8s/kind/parse-pods.js";
import { KindProvider } from "../../../../src/k8s/kind/provider.js";
import { loadKindCluster } from "../../../../src/model/kind/index.js";
import { ok, probeWith, ScriptedRunner } from "./support.js";

const path = (p: string): string =>
  fileURLToPath(new URL(`../../../fixtures/kind-contract/${p}`, import.meta.url));
const text = (p: string): string => readFileSync(path(p), "utf8");
/** `kubectl get … -o json` of a list: kubectl wraps the items in a v1 List. */
const asList = (...items: unknown[]): string =>
  JSON.stringify({ apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } });

describe("kind configs from kind's own test data (pkg/internal/apis/config/encoding/testdata)", () => {
  it("names nodes as kind's namer does: <cluster>-<role>, then a count from 2", () => {
    const { cluster, diagnostics } = loadKindCluster(path("kind-config/valid-kind-patches.yaml"));
    // Its ClusterConfiguration patch names kubeadm.k8s.io/v1beta2, which no current node image uses.
    expect(diagnostics.map((d) => [d.code, d.location?.line])).toEqual([
      ["kind-kubeadm-patch-versioned", 10],
    ]);
    expect(cluster?.nodes.map((n) => [n.name, n.role])).toEqual([
      ["kind-control-plane", "control-plane"],
      ["kind-worker", "worker"],
      ["kind-worker2", "worker"],
      ["kind-worker3", "worker"],
    ]);
    expect(cluster?.podSubnet).toBe("10.244.0.0/16");
  });

  it("reads node-labels from a JoinConfiguration patch, and warns that it names apiVersion v1beta2", () => {
    const { cluster, diagnostics } = loadKindCluster(path("kind-config/valid-kind-workers-patches.yaml"));
    expect(cluster?.nodes[1]?.labels["aqua"]).toBe("gateway");
    // kind matches a versioned patch only to a kubeadm config of that version: on today's node
    // images (v1beta3, v1beta4) this one is skipped, and fabric says so.
    expect(diagnostics.map((d) => [d.severity, d.code])).toEqual([
      ["warning", "kind-kubeadm-patch-versioned"],
    ]);
  });

  it("loads kind's minimal two-node config as kind does", () => {
    const { cluster, diagnostics } = loadKindCluster(path("kind-config/valid-minimal-two-nodes.yaml"));
    expect(diagnostics).toEqual([]);
    expect(cluster?.nodes.map((n) => n.name)).toEqual(["kind-control-plane", "kind-worker"]);
  });

  it("refuses what kind refuses: another kind, another apiVersion", () => {
    const kindErr = loadKindCluster(path("kind-config/invalid-kind.yaml"));
    expect(kindErr.cluster).toBeUndefined();
    expect(kindErr.diagnostics.map((d) => d.code)).toContain("kind-wrong-kind");
    const version = loadKindCluster(path("kind-config/invalid-apiversion.yaml"));
    expect(version.cluster).toBeUndefined();
    expect(version.diagnostics.map((d) => d.code)).toContain("kind-api-version");
  });

  it("names the field kind's strict decoding refuses (invalid-bogus-field.yaml)", () => {
    const { diagnostics } = loadKindCluster(path("kind-config/invalid-bogus-field.yaml"));
    const bogus = diagnostics.find((d) => d.code === "kind-unknown-field");
    expect(bogus?.message).toContain('unknown field "nOtAReaLFielD"');
    expect(bogus?.location?.line).toBe(21);
  });

  it("reads kind's IPv6 config with kind's IPv6 defaults: a /64 per node from fd00:10:244::/56", () => {
    const { cluster, diagnostics } = loadKindCluster(path("kind-config/valid-many-fields.yaml"));
    expect(diagnostics).toEqual([]);
    expect(cluster?.ipFamily).toBe("ipv6");
    expect(cluster?.podSubnets).toEqual(["fd00:10:244::/56"]);
    expect(cluster?.serviceSubnets).toEqual(["fd00:10:96::/112"]);
    expect(cluster?.nodes.map((n) => n.podCIDRs)).toEqual([["fd00:10:244::/64"], ["fd00:10:244:1::/64"]]);
  });

  it("passes the user's config file to kind as is, with the cluster's name", async () => {
    const file = path("kind-config/valid-minimal-two-nodes.yaml");
    const { cluster } = loadKindCluster(file);
    const runner = new ScriptedRunner()
      .on(`kind create cluster --name kind --config ${file} --wait 120s`, ok())
      .on("kind get nodes --name kind", ok("kind-worker\nkind-control-plane\n"))
      .on('docker inspect -f "{{.State.Pid}}" kind-control-plane', ok("4101\n"))
      .on('docker inspect -f "{{.State.Pid}}" kind-worker', ok("4102\n"));
    const p = new KindProvider({ cluster: cluster!, runner, probe: probeWith("kind", "kubectl", "docker") });
    expect((await p.create()).map((c) => [c.name, c.pid])).toEqual([
      ["kind-control-plane", 4101],
      ["kind-worker", 4102],
    ]);
  });
});

describe("kubeadm patches in both kubeletExtraArgs forms (kind's docs and patch tests)", () => {
  it("v1beta3's map form without apiVersion: node-ip, with kind's other documents beside it", () => {
    const { cluster, diagnostics } = loadKindCluster(path("kubeadm-patches/v1beta3-map-unversioned.yaml"));
    expect(diagnostics).toEqual([]);
    expect(cluster?.nodes[0]?.nodeIP).toBe("192.168.9.6");
  });

  it("v1beta4's list of {name, value}: the same node-ip, and the version warning", () => {
    const { cluster, diagnostics } = loadKindCluster(path("kubeadm-patches/v1beta4-list.yaml"));
    expect(cluster?.nodes[0]?.nodeIP).toBe("192.168.9.6");
    expect(diagnostics.map((d) => d.code)).toEqual(["kind-kubeadm-patch-versioned"]);
  });

  it("kind's documented JoinConfiguration labels, on a second control plane too", () => {
    const { cluster, diagnostics } = loadKindCluster(path("kubeadm-patches/kind-docs-join-labels.yaml"));
    expect(diagnostics).toEqual([]);
    expect(cluster?.nodes.map((n) => [n.name, n.labels["my-label2"] ?? n.labels["my-label3"]])).toEqual([
      ["kind-control-plane", undefined],
      ["kind-worker", undefined],
      ["kind-worker2", "true"],
      ["kind-control-plane2", "true"],
    ]);
  });

  it("two control planes bring kind's load balancer container, which is no Kubernetes node", () => {
    const { cluster } = loadKindCluster(path("kubeadm-patches/kind-docs-join-labels.yaml"));
    expect(kindLoadBalancer(cluster!)).toBe("kind-external-load-balancer");
    // What `kind get nodes` lists for it (docker ps by the cluster label): no difference.
    const listed = [...cluster!.nodes.map((n) => n.name), "kind-external-load-balancer"];
    expect(compareNodeNames(cluster!, listed)).toEqual([]);
    const single = loadKindCluster(path("kind-config/valid-minimal-two-nodes.yaml")).cluster!;
    expect(kindLoadBalancer(single)).toBeUndefined();
  });
});

describe("kubectl output recorded in Kubernetes' documentation", () => {
  const node = parse(text("kubectl/node-ready.k8s-docs.yaml")) as Record<string, unknown>;
  const pod = parse(text("kubectl/pod-running.k8s-docs.yaml")) as Record<string, unknown>;

  it("a Ready node without a PodCIDR (spec: {}), as a disableDefaultCNI cluster's node is before allocation", () => {
    const [n] = parseNodes(asList(node));
    expect(n).toMatchObject({
      name: "kube-worker-1",
      internalIP: "192.168.0.113",
      ready: true,
      readyReason: "KubeletReady",
      taints: [],
      podCIDRs: [],
    });
    expect(n?.podCIDR).toBeUndefined();
    expect(n?.labels["kubernetes.io/hostname"]).toBe("kube-worker-1");
  });

  it("the same node NotReady as the kubelet reports it before a CNI is configured", () => {
    // kubelet's ReadyCondition (pkg/kubelet/nodestatus/setters.go): status False, reason
    // KubeletNotReady, the runtime's network error as message; the node lifecycle controller's
    // not-ready taint. The documented object with only those fields as the source sets them.
    const status = node["status"] as { conditions: Record<string, string>[] };
    const notReady = {
      ...node,
      spec: { taints: [{ effect: "NoSchedule", key: "node.kubernetes.io/not-ready" }] },
      status: {
        ...status,
        conditions: status.conditions.map((c) =>
          c["type"] === "Ready"
            ? {
                ...c,
                status: "False",
                reason: "KubeletNotReady",
                message:
                  "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized",
              }
            : c,
        ),
      },
    };
    const [n] = parseNodes(asList(notReady));
    expect(n?.ready).toBe(false);
    expect(n?.readyReason).toBe("KubeletNotReady");
    expect(n?.readyMessage).toContain("cni plugin not initialized");
    expect(n?.taints).toEqual([{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }]);
  });

  it("a Running pod: node, IP, readiness, controller, start time and restarts", () => {
    expect(parsePods(asList(pod))).toEqual([
      {
        name: "nginx-deployment-67d4bdd6f5-w6kd7",
        namespace: "default",
        node: "kube-worker-1",
        ip: "10.88.0.3",
        phase: "Running",
        ready: true,
        owner: { kind: "ReplicaSet", name: "nginx-deployment-67d4bdd6f5" },
        startedAt: "2022-02-17T21:51:01Z",
        restarts: 0,
      },
    ]);
  });

  it("the API server defaulted `image: nginx` to imagePullPolicy Always, as fabric expects", () => {
    const container = (pod["spec"] as { containers: { image: string; imagePullPolicy: string }[] })
      .containers[0];
    expect(effectivePullPolicy(container!.image, undefined)).toBe(container!.imagePullPolicy);
  });
});

describe("fabric's CNI against kindnet's (kind's images/kindnetd/cmd/kindnetd/cni.go)", () => {
  const template = text("cni/kindnet-conflist.tmpl");
  const ours = ptpConflist("10.244.1.0/24");

  it("uses kindnet's plugins and IPAM settings: ptp without masquerade, host-local under /run, portmap", () => {
    for (const fragment of [
      '"cniVersion": "0.3.1"',
      '"type": "ptp"',
      '"ipMasq": false',
      '"type": "host-local"',
      '"dataDir": "/run/cni-ipam-state"',
      '"type": "portmap"',
      '"portMappings": true',
    ]) {
      expect(template).toContain(fragment);
      expect(ours.replace(/\s+/g, " ")).toContain(fragment);
    }
  });

  it("fills kindnet's ranges and routes shape with the node's PodCIDR and a default route", () => {
    expect(template).toMatch(/\[ \{ "subnet": "\{\{ \$cidr \}\}" \} \]/);
    expect(template).toMatch(/\{ "dst": "\{\{ \$route \}\}" \}/);
    const conf = JSON.parse(ours) as { plugins: { ipam?: { ranges: unknown; routes: unknown } }[] };
    expect(conf.plugins[0]?.ipam?.ranges).toEqual([[{ subnet: "10.244.1.0/24" }]]);
    expect(conf.plugins[0]?.ipam?.routes).toEqual([{ dst: "0.0.0.0/0" }]);
  });
});
