import { describe, expect, it } from "vitest";
import { parseNodes } from "../../../../src/k8s/kind/parse-nodes.js";
import { parsePods } from "../../../../src/k8s/kind/parse-pods.js";
import { fixture } from "./support.js";

describe("parseNodes (kubectl get nodes -o json)", () => {
  it("reads InternalIP, PodCIDR, labels, taints and Ready from Ready nodes", () => {
    const nodes = parseNodes(fixture("nodes-ready.json"));
    expect(nodes.map((n) => [n.name, n.internalIP, n.podCIDR, n.ready])).toEqual([
      ["kind-control-plane", "10.0.1.2", "10.1.0.0/24", true],
      ["kind-worker", "10.0.2.2", "10.1.2.0/24", true],
      ["kind-worker2", "10.0.3.2", "10.1.1.0/24", true],
      ["kind-worker3", "10.0.4.2", "10.1.3.0/24", true],
    ]);
    const cp = nodes[0];
    expect(cp?.labels["rack"]).toBe("rack0");
    expect(cp?.labels["node-role.kubernetes.io/control-plane"]).toBe("");
    expect(cp?.taints).toEqual([{ key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" }]);
    expect(nodes[1]?.taints).toEqual([]);
    expect(nodes[1]?.podCIDRs).toEqual(["10.1.2.0/24"]);
    expect(cp?.readyReason).toBe("KubeletReady");
  });

  it("keeps a node without a PodCIDR yet, and says why a node is not Ready", () => {
    const nodes = parseNodes(fixture("nodes-created.json"));
    const w3 = nodes.find((n) => n.name === "kind-worker3");
    expect(w3?.podCIDR).toBeUndefined();
    expect(w3?.podCIDRs).toEqual([]);
    expect(w3?.ready).toBe(false);
    expect(w3?.readyReason).toBe("KubeletNotReady");
    expect(w3?.readyMessage).toContain("cni plugin not initialized");
    // The not-ready taint carries timeAdded, which fabric does not keep.
    expect(w3?.taints).toEqual([{ key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }]);
    expect(nodes.filter((n) => n.podCIDR !== undefined).map((n) => n.name)).toEqual([
      "kind-control-plane",
      "kind-worker",
      "kind-worker2",
    ]);
  });

  it("reads podCIDR alone (older API servers) and a taint value", () => {
    const doc = {
      kind: "List",
      items: [
        {
          metadata: { name: "n1" },
          spec: {
            podCIDR: "10.244.1.0/24",
            taints: [{ key: "dedicated", value: "bgp", effect: "NoExecute" }],
          },
          status: { addresses: [{ type: "Hostname", address: "n1" }] },
        },
      ],
    };
    const [n] = parseNodes(JSON.stringify(doc));
    expect(n?.podCIDRs).toEqual(["10.244.1.0/24"]);
    expect(n?.internalIP).toBeUndefined();
    expect(n?.ready).toBe(false);
    expect(n?.taints).toEqual([{ key: "dedicated", value: "bgp", effect: "NoExecute" }]);
  });

  it("fails on output that is not a Kubernetes List, naming the command", () => {
    expect(() => parseNodes("error: the server doesn't have a resource type", "kubectl get nodes")).toThrow(
      /kubectl get nodes did not print JSON/,
    );
    expect(() => parseNodes('{"kind":"Node"}', "kubectl get nodes")).toThrow(
      /did not print a Kubernetes List/,
    );
    expect(() =>
      parseNodes(
        JSON.stringify({
          items: [{ metadata: { name: "n" }, spec: { taints: [{ key: "k", effect: "Nope" }] } }],
        }),
      ),
    ).toThrow(/node n has a taint .* unknown effect/);
  });
});

describe("parsePods (kubectl get pods -o json)", () => {
  it("reads node, IP, phase, readiness and owner, and why a pod is Pending", () => {
    const pods = parsePods(fixture("pods-pending.json"));
    expect(pods).toEqual([
      {
        name: "netshoot-7xk2q",
        namespace: "default",
        node: "kind-worker",
        ip: "10.1.2.14",
        phase: "Running",
        ready: true,
        owner: { kind: "DaemonSet", name: "netshoot" },
        startedAt: "2024-05-14T09:14:10Z",
        restarts: 0,
      },
      {
        name: "netshoot-b4mzt",
        namespace: "default",
        node: "kind-worker2",
        phase: "Pending",
        ready: false,
        owner: { kind: "DaemonSet", name: "netshoot" },
        reason: "ContainerCreating",
        startedAt: "2024-05-14T09:14:10Z",
        restarts: 0,
      },
      {
        name: "netshoot-l9pwd",
        namespace: "default",
        phase: "Pending",
        ready: false,
        owner: { kind: "DaemonSet", name: "netshoot" },
        reason: expect.stringMatching(/^Unschedulable: 0\/4 nodes are available/) as unknown as string,
        restarts: 0,
      },
    ]);
  });

  it("reads Running pods with their IPs", () => {
    expect(parsePods(fixture("pods-running.json")).map((p) => [p.node, p.ip, p.ready])).toEqual([
      ["kind-worker", "10.1.2.14", true],
      ["kind-worker2", "10.1.1.9", true],
      ["kind-worker3", "10.1.3.21", true],
    ]);
  });

  it("takes the IP from podIPs when podIP is absent, and a bare Pod has no owner", () => {
    const doc = {
      items: [
        {
          metadata: { name: "client", namespace: "tests" },
          spec: { nodeName: "kind-worker" },
          status: {
            phase: "Running",
            podIPs: [{ ip: "10.1.2.7" }],
            conditions: [{ type: "Ready", status: "True" }],
            containerStatuses: [{ restartCount: 2 }, { restartCount: 1 }],
          },
        },
      ],
    };
    expect(parsePods(JSON.stringify(doc))).toEqual([
      {
        name: "client",
        namespace: "tests",
        node: "kind-worker",
        ip: "10.1.2.7",
        phase: "Running",
        ready: true,
        // Summed over the containers, as kubectl's RESTARTS column shows it.
        restarts: 3,
      },
    ]);
  });
});
