// Services as a lab assembles them (issue 13): addresses allocated and assigned, and every bad
// input refused at its file and line, with no lab (so nothing is deployed).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadLab } from "../../../../src/model/lab-file/load-lab.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The lesson lab with its services.yaml edited; returns the directory. */
function lessonWith(edit: (services: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "fabric-svc-"));
  dirs.push(dir);
  cpSync("labs/cilium-bgp-lesson", dir, { recursive: true });
  const file = join(dir, "services.yaml");
  writeFileSync(file, edit(readFileSync(file, "utf8")));
  return dir;
}

/** 1-based line of the first line containing `text` in the lab's services.yaml. */
function lineOf(dir: string, text: string): number {
  const lines = readFileSync(join(dir, "services.yaml"), "utf8").split("\n");
  const i = lines.findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`no line with ${text}`);
  return i + 1;
}

describe("the lesson lab's Services", () => {
  it("get ClusterIPs from the service subnet and LoadBalancer addresses from the pool", () => {
    const { lab, diagnostics } = loadLab("labs/cilium-bgp-lesson");
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const svc = new Map(lab?.services.map((s) => [s.name, s]));
    expect(svc.get("echo")?.loadBalancerIPs).toEqual(["10.250.0.10"]);
    expect(svc.get("solo")?.loadBalancerIPs).toEqual(["10.250.0.20"]);
    expect(svc.get("echo-internal")?.clusterIPs).toEqual(["10.96.7.171"]); // the lab's check names it
    for (const s of lab?.services ?? []) expect(s.clusterIPs[0]).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(new Set(lab?.services.map((s) => s.clusterIPs[0])).size).toBe(3);
    // Advertised as /32s next to the PodCIDR by both BGP nodes (Local is applied at deploy).
    const worker = lab?.speakers.get("kind-worker");
    const prefixes = worker?.instances[0]?.peers[0]?.families[0]?.advertisements.flatMap((a) =>
      "prefixes" in a ? a.prefixes : [],
    );
    expect(prefixes).toEqual(expect.arrayContaining(["192.168.1.0/24", "10.250.0.10/32", "10.250.0.20/32"]));
  });

  const bad: [what: string, edit: (s: string) => string, code: string, at: string, message: RegExp][] = [
    [
      "an annotation asking for an address no pool holds",
      (s) => s.replace('lbipam.cilium.io/ips: "10.250.0.20"', 'lbipam.cilium.io/ips: "10.251.0.1"'),
      "cilium-pool-request",
      "lbipam.cilium.io/ips",
      /asks for 10\.251\.0\.1, but no CiliumLoadBalancerIPPool holds it/,
    ],
    [
      "two overlapping pools",
      (s) =>
        `${s}---\napiVersion: cilium.io/v2alpha1\nkind: CiliumLoadBalancerIPPool\nmetadata:\n  name: second\nspec:\n  blocks:\n    - cidr: "10.250.0.16/28"\n`,
      "cilium-pool-overlap",
      'cidr: "10.250.0.16/28"',
      /block 10\.250\.0\.16\/28 overlaps pool "lb-pool"/,
    ],
    [
      "a Service selecting no pods",
      (s) => s.replace("app: solo\n  ports:", "app: sol0\n  ports:"),
      "k8s-service-selects-no-pods",
      "app: sol0",
      /selects app=sol0, which no pod in namespace default carries/,
    ],
    [
      "a clusterIP outside the service subnet",
      (s) =>
        s.replace("name: echo-internal\nspec:\n", "name: echo-internal\nspec:\n  clusterIP: 10.97.0.5\n"),
      "k8s-cluster-ip-outside-subnet",
      "clusterIP: 10.97.0.5",
      /clusterIP 10\.97\.0\.5 is not in the cluster's service subnet 10\.96\.0\.0\/16/,
    ],
  ];
  it.each(bad)("refuse %s at its line", (_what, edit, code, at, message) => {
    const dir = lessonWith(edit);
    const { lab, diagnostics } = loadLab(dir);
    expect(lab).toBeUndefined();
    const errors = diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((e) => e.code)).toEqual([code]);
    const [error] = errors;
    expect(error?.message).toMatch(message);
    expect(error?.suggestion).toBeTruthy();
    expect(error?.location?.file).toBe(relative(process.cwd(), join(dir, "services.yaml")));
    // The selector's line is the mapping under `selector:`, the others the value's own line.
    expect(error?.location?.line).toBe(lineOf(dir, at));
  });
});
