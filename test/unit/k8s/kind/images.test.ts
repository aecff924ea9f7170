import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { patchDefaultPullPolicies } from "../../../../src/k8s/kind/pull-policy.js";
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

  it("lists each image once; only a written Always is refused (a defaulted one is applied as IfNotPresent)", () => {
    const { workloads } = seedLab();
    expect(workloadImages([...workloads, ...workloads])).toEqual(["nicolaka/netshoot:latest"]);
    expect(alwaysPulled(workloads)).toEqual([]);
    expect(alwaysPulled(workloads.map((w) => ({ ...w, imagePullPolicy: "Always" })))).toEqual([
      "DaemonSet/netshoot (nicolaka/netshoot:latest)",
    ]);
  });

  it("applies the seed's DaemonSet with IfNotPresent, changing nothing else", () => {
    const text = readFileSync("labs/cilium-bgp/netshoot-ds.yaml", "utf8");
    const patch = patchDefaultPullPolicies(text);
    expect(patch?.changed).toEqual(["DaemonSet/netshoot container netshoot (nicolaka/netshoot:latest)"]);
    const before = parse(text) as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
    const after = parse(patch?.text ?? "") as typeof before;
    const container = before.spec.template.spec.containers[0] ?? {};
    expect(after.spec.template.spec.containers[0]).toEqual({ ...container, imagePullPolicy: "IfNotPresent" });
    after.spec.template.spec.containers = before.spec.template.spec.containers;
    expect(after).toEqual(before);
  });

  it("keeps a written policy and a pinned tag, and patches every workload kind's containers", () => {
    const kept = [
      "kind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n  - {name: c, image: x:latest, imagePullPolicy: Always}\n",
      "kind: Pod\nmetadata: {name: b}\nspec:\n  containers:\n  - {name: c, image: x:v1}\n",
      "kind: ConfigMap\nmetadata: {name: c}\ndata: {image: x}\n",
    ];
    for (const text of kept) expect(patchDefaultPullPolicies(text)).toBeUndefined();
    const cron =
      "kind: CronJob\nmetadata: {name: j}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n" +
      "          initContainers:\n          - {name: i, image: busybox}\n          containers:\n          - {name: c, image: x:v1}\n";
    expect(patchDefaultPullPolicies(`${cron}---\n${kept[1] ?? ""}`)?.changed).toEqual([
      "CronJob/j container i (busybox)",
    ]);
  });
});
