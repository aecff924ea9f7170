import { describe, expect, it } from "vitest";
import {
  alwaysPulled,
  effectivePullPolicy,
  imageTag,
  workloadImages,
} from "../../../../src/k8s/kind/images.js";
import { seedLab } from "./support.js";

describe("kind workload images", () => {
  it("reads the tag of a reference, with a registry port and a digest", () => {
    expect(imageTag("nicolaka/netshoot")).toBe("latest");
    expect(imageTag("nicolaka/netshoot:v0.13")).toBe("v0.13");
    expect(imageTag("localhost:5000/netshoot")).toBe("latest");
    expect(imageTag("localhost:5000/netshoot:1.0")).toBe("1.0");
    expect(imageTag("netshoot@sha256:abc")).toBe("sha256:abc");
  });

  it("defaults the pull policy as the API server does: Always for :latest or no tag", () => {
    expect(effectivePullPolicy("nicolaka/netshoot:latest", undefined)).toBe("Always");
    expect(effectivePullPolicy("nicolaka/netshoot", undefined)).toBe("Always");
    expect(effectivePullPolicy("nicolaka/netshoot:v0.13", undefined)).toBe("IfNotPresent");
    expect(effectivePullPolicy("nicolaka/netshoot:latest", "Never")).toBe("Never");
  });

  it("lists each image once, and the seed's DaemonSet as one the kubelet would pull", () => {
    const { workloads } = seedLab();
    expect(workloadImages([...workloads, ...workloads])).toEqual(["nicolaka/netshoot:latest"]);
    expect(alwaysPulled(workloads)).toEqual(["DaemonSet/netshoot (nicolaka/netshoot:latest)"]);
    expect(alwaysPulled(workloads.map((w) => ({ ...w, imagePullPolicy: "IfNotPresent" })))).toEqual([]);
  });
});
