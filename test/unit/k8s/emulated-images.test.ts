// The emulated provider's nodes and pods where the runtime runs images (docker): which image each
// runs from, and what it hands the runtime's image check before anything exists.
import { describe, expect, it } from "vitest";
import {
  CLUSTER_NODE_IMAGE,
  clusterNodeSpec,
  emulatedProvider,
  podSpec,
} from "../../../src/k8s/emulated/provider.js";
import { seedLab } from "./kind/support.js";

describe("emulated Kubernetes nodes and pods as containers", () => {
  it("runs every node from fabric's FRR image, not the kind config's kindest/node", () => {
    expect(CLUSTER_NODE_IMAGE).toBe("fabric-frr:bookworm");
    expect(clusterNodeSpec("lab", "kind-worker")).toMatchObject({
      name: "kind-worker",
      image: CLUSTER_NODE_IMAGE,
    });
  });

  it("runs each pod from its manifest's image, and leaves a pod without one to the runtime to refuse", () => {
    expect(podSpec("lab", { name: "netshoot-abcde", image: "nicolaka/netshoot:latest" }).image).toBe(
      "nicolaka/netshoot:latest",
    );
    expect(podSpec("lab", { name: "bare" }).image).toBeUndefined();
  });

  it("hands docker's image check every node and workload of the seed lab", () => {
    const lab = seedLab();
    const specs = emulatedProvider.imageSpecs?.(lab) ?? [];
    expect(specs.map((s) => [s.name, s.image])).toEqual([
      ["kind-control-plane", "fabric-frr:bookworm"],
      ["kind-worker", "fabric-frr:bookworm"],
      ["kind-worker2", "fabric-frr:bookworm"],
      ["kind-worker3", "fabric-frr:bookworm"],
      ["netshoot", "nicolaka/netshoot:latest"],
    ]);
  });
});
