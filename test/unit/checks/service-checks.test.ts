// The service and advertised checks: parsed from the lesson lab's file, and evaluated against
// outputs captured from the running lesson lab (test/fixtures/checks/observed/services).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { BgpSpeakerKind, LabProbe } from "../../../src/checks/probe.js";
import { advertisedCheck, serviceCheck } from "../../../src/checks/service.js";
import { loadLab } from "../../../src/model/lab-file/load-lab.js";
import type { CheckSpec } from "../../../src/model/lab-file/checks/spec.js";
import type { ExecResult } from "../../../src/runtime/types.js";

const observed = (f: string) => readFileSync(`test/fixtures/checks/observed/services/${f}`, "utf8");

/** Answers every exec with one canned output; pods and nodes by the lesson lab's names. */
class Probe implements LabProbe {
  readonly argvs: (readonly string[])[] = [];
  constructor(private readonly result: ExecResult) {}
  async exec(_target: string, argv: readonly string[]): Promise<ExecResult> {
    this.argvs.push(argv);
    return this.result;
  }
  bgpKind(target: string): BgpSpeakerKind {
    return target === "r1" ? "frr" : "speaker";
  }
  async speakerPeers() {
    return { peersOf: () => [] };
  }
  async speakerRoutes() {
    return [];
  }
  async addressOf(target: string) {
    return target;
  }
  podName(target: string): string {
    return { "pod:echo@kind-worker": "echo-xncfs", "pod:echo@kind-worker2": "echo-rwdbf" }[target] ?? "?";
  }
  async addressesOf(target: string) {
    return { "kind-worker": ["172.16.1.1"], "kind-worker2": ["172.16.2.1"] }[target] ?? [];
  }
}

const ok = (stdout: string): ExecResult => ({ exitCode: 0, stdout, stderr: "" });
type Service = Extract<CheckSpec, { type: "service" }>;
type Advertised = Extract<CheckSpec, { type: "advertised" }>;
const base = { name: "t", waitMs: 1000 };
const svc = (extra: Partial<Service> = {}): Service => ({
  ...base,
  type: "service",
  from: "r1",
  to: "10.250.0.10",
  port: 80,
  requests: 6,
  ...extra,
});
const adv = (by: string[], prefix = "10.250.0.10/32"): Advertised => ({
  ...base,
  type: "advertised",
  node: "r1",
  prefix,
  by,
});

describe("service and advertised checks", () => {
  it("are read from the lesson lab with their defaults", () => {
    const { lab } = loadLab("labs/cilium-bgp-lesson");
    const checks = (lab?.checks ?? []).filter((c) => c.type === "service" || c.type === "advertised");
    expect(checks.map((c) => c.name)).toEqual([
      "r1: 10.250.0.10/32 from kind-worker, kind-worker2",
      "r1 → 10.250.0.10:80 answers",
      "r1: 10.250.0.20/32 from kind-worker2",
      "r1 → 10.250.0.20:80 answers",
      "pod:client@kind-worker → 10.96.7.171:8080 answers",
    ]);
    // With backends to tell apart, enough requests that each is likely to be picked.
    expect(checks[1]).toMatchObject({
      requests: 10,
      backends: ["pod:echo@kind-worker", "pod:echo@kind-worker2"],
    });
  });

  it("passes when every request is answered by exactly the named backends", async () => {
    const probe = new Probe(ok(observed("curl-six-replies.txt")));
    const r = await serviceCheck(svc({ backends: ["pod:echo@kind-worker", "pod:echo@kind-worker2"] }), probe);
    expect(r).toMatchObject({
      passed: true,
      observed: "answered by pod:echo@kind-worker ×3, pod:echo@kind-worker2 ×3",
    });
    // The count and the URL are arguments of the script, not part of it.
    expect(probe.argvs[0]?.slice(3)).toEqual(["sh", "6", "http://10.250.0.10:80/"]);
  });

  it("fails when a named backend never answers, a reply lacks the text, or a request fails", async () => {
    const replies = observed("curl-six-replies.txt");
    const one = await serviceCheck(svc({ backends: ["pod:echo@kind-worker"] }), new Probe(ok(replies)));
    expect(one.passed).toBe(false);
    expect(one.observed).toContain("other: echo-rwdbf ×3");
    const text = await serviceCheck(svc({ expect: "xncfs" }), new Probe(ok(replies)));
    expect(text).toMatchObject({ passed: false, observed: 'a reply without "xncfs": echo-rwdbf' });
    const refused = "@@fabric-reply-end 7\n".repeat(6);
    const down = await serviceCheck(
      svc(),
      new Probe({ exitCode: 0, stdout: refused, stderr: "curl: (7) Failed to connect" }),
    );
    expect(down).toMatchObject({ passed: false, observed: "0 of 6 answered (curl: (7) Failed to connect)" });
  });

  it("names the nodes a router's paths come from, and wants exactly the set given", async () => {
    const two = new Probe(ok(observed("frr-route-two-paths.json")));
    expect(await advertisedCheck(adv(["kind-worker", "kind-worker2"]), two)).toMatchObject({ passed: true });
    expect(await advertisedCheck(adv(["kind-worker2"]), two)).toMatchObject({
      passed: false,
      observed: "10.250.0.10/32 from kind-worker, kind-worker2",
    });
    const one = new Probe(ok(observed("frr-route-one-path.json")));
    expect(await advertisedCheck(adv(["kind-worker2"], "10.250.0.20/32"), one)).toMatchObject({
      passed: true,
    });
    const none = new Probe(ok(observed("frr-route-absent.json")));
    expect(await advertisedCheck(adv([], "10.250.0.99/32"), none)).toMatchObject({ passed: true });
    expect(await advertisedCheck(adv(["kind-worker"], "10.250.0.99/32"), none)).toMatchObject({
      passed: false,
      observed: "10.250.0.99/32 not in the BGP table",
    });
  });
});
