// Evaluation against outputs captured from a real leaf-spine lab (test/fixtures/checks/observed),
// served by a fake probe, so each check's pass and fail paths are exercised without root.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { junitXml } from "../../../src/checks/junit.js";
import type {
  BgpSpeakerKind,
  LabProbe,
  SpeakerPeerRow,
  SpeakerPeersOfLab,
  SpeakerRouteRow,
} from "../../../src/checks/probe.js";
import { runCheck, runChecks } from "../../../src/checks/run.js";
import { FakeClock } from "../../support/fake-clock.js";
import type { CheckSpec } from "../../../src/model/lab-file/checks/spec.js";
import { pingLoss, tracerouteHops } from "../../../src/checks/observe.js";
import type { ExecResult } from "../../../src/runtime/types.js";

const observed = (f: string) => readFileSync(`test/fixtures/checks/observed/${f}`, "utf8");
const ok = (stdout: string): ExecResult => ({ exitCode: 0, stdout, stderr: "" });

class CannedProbe implements LabProbe {
  readonly calls: string[] = [];
  constructor(
    private readonly outputs: Record<string, string>,
    private readonly peers: SpeakerPeerRow[] = [],
    private readonly routes: SpeakerRouteRow[] = [],
  ) {}
  async exec(target: string, argv: readonly string[]): Promise<ExecResult> {
    const key = `${target}: ${argv.join(" ")}`;
    this.calls.push(key);
    const out = this.outputs[key];
    if (out === undefined) return { exitCode: 1, stdout: "", stderr: `no canned output for ${key}` };
    return out.startsWith("exit1:") ? { exitCode: 1, stdout: out.slice(6), stderr: "" } : ok(out);
  }
  bgpKind(target: string): BgpSpeakerKind {
    return target.startsWith("kind-") ? "speaker" : target.startsWith("server") ? "none" : "frr";
  }
  async speakerPeers(): Promise<SpeakerPeersOfLab> {
    this.calls.push("speaker peers");
    return { peersOf: () => this.peers };
  }
  async speakerRoutes(): Promise<readonly SpeakerRouteRow[]> {
    return this.routes;
  }
  async addressOf(target: string): Promise<string> {
    return target;
  }
  async addressesOf(target: string): Promise<readonly string[]> {
    return { router0: ["10.0.0.0", "172.20.20.2"], tor1: ["10.0.0.2", "10.0.3.1"] }[target] ?? [];
  }
}

const base = { waitMs: 0, name: "x" };
const probe = new CannedProbe({
  "router0: vtysh -c show bgp summary json": observed("frr-summary.json"),
  "tor0: vtysh -c show bgp ipv4 unicast 10.0.4.0/24 json": observed("frr-prefix.json"),
  // The whole table (captured from the reference lab's tor0, FRR 8.4) answers checks that compare
  // no communities or local preference.
  "tor0: vtysh -c show bgp ipv4 unicast json": observed("frr-table.json"),
  "tor0: vtysh -c show bgp ipv4 unicast 10.9.0.0/24 json": observed("frr-prefix-missing.json"),
  "tor0: ip -json route show 10.0.4.0/24": observed("ip-route.json"),
  // A three-path route as FRR installs one over unnumbered links (captured from iproute2 6.1).
  "tor0: ip -json route show 10.128.3.0/24": observed("ip-route-ecmp.json"),
  "server1: ping -n -c 3 -i 0.2 -W 1 10.0.4.2": observed("ping.txt"),
  "server1: ping -n -c 3 -i 0.2 -W 1 10.77.0.1": "exit1:" + observed("ping-unreachable.txt"),
  "server1: traceroute -n -N 1 -q 1 -w 1 -m 6 10.0.4.2": observed("traceroute.txt"),
});

async function attempt(check: CheckSpec) {
  return runCheck(check, probe, { clock: new FakeClock() });
}

describe("check evaluation on captured outputs", () => {
  it("bgp-session finds FRR peers by interface or hostname", async () => {
    expect(
      (await attempt({ ...base, type: "bgp-session", node: "router0", peer: "tor0", state: "Established" }))
        .passed,
    ).toBe(true);
    expect(
      (await attempt({ ...base, type: "bgp-session", node: "router0", peer: "net1", state: "Established" }))
        .passed,
    ).toBe(true);
    const missing = await attempt({
      ...base,
      type: "bgp-session",
      node: "router0",
      peer: "10.0.9.9",
      state: "Established",
    });
    expect(missing).toMatchObject({ passed: false, observed: "no BGP neighbor 10.0.9.9" });
    const wrongState = await attempt({
      ...base,
      type: "bgp-session",
      node: "router0",
      peer: "tor1",
      state: "Idle",
    });
    expect(wrongState).toMatchObject({ passed: false, observed: "state Established" });
  });

  it("bgp-session on a speaker: a session that is not up says why, as the speaker does", async () => {
    const reason = "TCP-MD5: the passwords differ (the kernel here dropped 3 segment(s) …, TCPMD5Failure)";
    const speaker = new CannedProbe({}, [{ peerAddress: "10.0.0.1", state: "connect", reason }]);
    const check: CheckSpec = {
      ...base,
      type: "bgp-session",
      node: "kind-worker",
      peer: "10.0.0.1",
      state: "Established",
    };
    expect(await runCheck(check, speaker, { clock: new FakeClock() })).toMatchObject({
      passed: false,
      observed: `state connect: ${reason}`,
    });
    const up = new CannedProbe({}, [{ peerAddress: "10.0.0.1", state: "established" }]);
    expect(await runCheck(check, up, { clock: new FakeClock() })).toMatchObject({ passed: true });
  });

  it("bgp-session on a speaker finds an unnumbered peer by its CRD name", async () => {
    const rows = [{ peerAddress: "fe80::1", peerName: "tor0", state: "established" }];
    const check: CheckSpec = {
      ...base,
      type: "bgp-session",
      node: "kind-worker",
      peer: "tor0",
      state: "Established",
    };
    const probe = new CannedProbe({}, rows);
    expect(await runCheck(check, probe, { clock: new FakeClock() })).toMatchObject({ passed: true });
    expect(await runCheck({ ...check, peer: "tor1" }, probe, { clock: new FakeClock() })).toMatchObject({
      passed: false,
      observed: "no BGP neighbor tor1",
    });
  });

  it("bgp-prefix compares the best path's attributes and says what it saw", async () => {
    const good = await attempt({
      ...base,
      type: "bgp-prefix",
      node: "tor0",
      prefix: "10.0.4.0/24",
      present: true,
      asPath: [65000, 65011],
    });
    expect(good.passed).toBe(true);
    const bad = await attempt({
      ...base,
      type: "bgp-prefix",
      node: "tor0",
      prefix: "10.0.4.0/24",
      present: true,
      asPath: [65011],
    });
    expect(bad.passed).toBe(false);
    expect(bad.expected).toBe("10.0.4.0/24 present, as-path [65011]");
    expect(bad.observed).toContain("as-path [65000 65011]");
    const absent = await attempt({
      ...base,
      type: "bgp-prefix",
      node: "tor0",
      prefix: "10.9.0.0/24",
      present: false,
    });
    expect(absent).toMatchObject({ passed: true, observed: "10.9.0.0/24 not in the BGP table" });
    const notThere = await attempt({
      ...base,
      type: "bgp-prefix",
      node: "tor0",
      prefix: "10.9.0.0/24",
      present: true,
    });
    expect(notThere.passed).toBe(false);
  });

  it("bgp-prefix reads the router's whole table once, and its prefix alone when comparing communities", async () => {
    const table = "tor0: vtysh -c show bgp ipv4 unicast json";
    const single = "tor0: vtysh -c show bgp ipv4 unicast 10.0.4.0/24 json";
    const fresh = new CannedProbe({
      [table]: observed("frr-table.json"),
      [single]: observed("frr-prefix.json"),
    });
    const check = { ...base, type: "bgp-prefix", node: "tor0", present: true } as const;
    const results = await runChecks(
      [
        { ...check, prefix: "10.0.4.0/24", asPath: [65000, 65011] },
        { ...check, prefix: "10.0.3.0/24", asPath: [65000, 65011] },
        { ...check, prefix: "10.1.3.0/24", asPath: [65000, 65011] },
        { ...check, prefix: "10.0.4.0/24", communities: [] },
      ],
      fresh,
      { clock: new FakeClock() },
    );
    expect(results.map((r) => r.passed)).toEqual([true, true, true, true]);
    expect(fresh.calls).toEqual([table, single]);
  });

  it("bgp-prefix on a Kubernetes node reads the speaker's routes", async () => {
    const speaker = new CannedProbe(
      {},
      [],
      [
        {
          prefix: "10.1.3.0/24",
          nextHop: "0.0.0.0",
          asPath: [],
          communities: ["65000:99"],
          localPreference: 99,
        },
      ],
    );
    const r = await runCheck(
      {
        ...base,
        type: "bgp-prefix",
        node: "kind-worker3",
        prefix: "10.1.3.0/24",
        present: true,
        communities: ["65000:99"],
        localPreference: 99,
      },
      speaker,
    );
    expect(r.passed).toBe(true);
  });

  it("route matches the kernel route and its device, including IPv6 next hops of unnumbered BGP", async () => {
    const r = await attempt({
      ...base,
      type: "route",
      node: "tor0",
      prefix: "10.0.4.0/24",
      present: true,
      dev: "net0",
    });
    expect(r.passed).toBe(true);
    expect(r.observed).toMatch(/^route to 10\.0\.4\.0\/24 via fe80::[0-9a-f:]+ dev net0 proto bgp$/);
    const wrongDev = await attempt({
      ...base,
      type: "route",
      node: "tor0",
      prefix: "10.0.4.0/24",
      present: true,
      dev: "net1",
    });
    expect(wrongDev.passed).toBe(false);
  });

  it("route counts the next hops of a multipath (ECMP) route, and matches dev on any of them", async () => {
    const ecmp = { ...base, type: "route" as const, node: "tor0", prefix: "10.128.3.0/24", present: true };
    const three = await attempt({ ...ecmp, paths: 3 });
    expect(three.passed).toBe(true);
    expect(three.expected).toBe("route to 10.128.3.0/24 over 3 paths");
    expect(three.observed).toBe(
      "route to 10.128.3.0/24 via fe80::1 dev net0, via fe80::2 dev net1, via fe80::3 dev net2 proto bgp (3 paths)",
    );
    expect((await attempt({ ...ecmp, paths: 4 })).passed).toBe(false);
    expect((await attempt({ ...ecmp, dev: "net2" })).passed).toBe(true);
    expect((await attempt({ ...ecmp, dev: "net3" })).passed).toBe(false);
    expect((await attempt({ ...ecmp, dev: "net1", paths: 3 })).passed).toBe(true);
  });

  it("ping passes on 0% loss and fails with the loss it saw", async () => {
    expect(
      (await attempt({ ...base, type: "ping", from: "server1", to: "10.0.4.2", count: 3, maxLossPercent: 0 }))
        .passed,
    ).toBe(true);
    const lost = await attempt({
      ...base,
      type: "ping",
      from: "server1",
      to: "10.77.0.1",
      count: 3,
      maxLossPercent: 0,
    });
    expect(lost).toMatchObject({ passed: false, observed: "0/2 replies, 100% loss" });
  });

  it("traceroute matches hops given as addresses or node names", async () => {
    const hops = ["10.0.2.1", "router0", "tor1", "10.0.4.2"];
    expect(
      (await attempt({ ...base, type: "traceroute", from: "server1", to: "10.0.4.2", hops })).passed,
    ).toBe(true);
    const wrong = await attempt({
      ...base,
      type: "traceroute",
      from: "server1",
      to: "10.0.4.2",
      hops: ["10.0.2.1", "tor1", "router0", "10.0.4.2"],
    });
    expect(wrong).toMatchObject({
      passed: false,
      observed: "hops 10.0.2.1 → 10.0.0.0 → 10.0.0.2 → 10.0.4.2 (hop 2 is not tor1)",
    });
  });

  it("retries until the wait runs out, counting attempts", async () => {
    const clock = new FakeClock();
    const r = await runCheck(
      { ...base, waitMs: 2000, type: "bgp-session", node: "router0", peer: "nobody", state: "Established" },
      probe,
      { clock },
    );
    expect(r.passed).toBe(false);
    expect(r.attempts).toBe(5);
    expect(r.durationMs).toBe(2000);
    expect(clock.sleeps).toEqual([500, 500, 500, 500]);
  });
});

describe("output parsers", () => {
  it("reads ping and traceroute summaries", () => {
    expect(pingLoss("5 packets transmitted, 4 received, 20% packet loss, time 4004ms")).toEqual({
      transmitted: 5,
      received: 4,
      lossPercent: 20,
    });
    expect(tracerouteHops(" 1  10.1.3.115  0.008 ms\n 2  *\n 3  10.0.0.0  0.1 ms\n")).toEqual([
      "10.1.3.115",
      "*",
      "10.0.0.0",
    ]);
  });
});

describe("JUnit XML", () => {
  it("has one testcase per check and a failure element for each failed one", () => {
    const xml = junitXml(
      "lab<1>",
      [
        {
          name: "a & b",
          type: "ping",
          passed: true,
          expected: "",
          observed: "",
          attempts: 1,
          durationMs: 10,
        },
        {
          name: "c",
          type: "route",
          passed: false,
          expected: "route to x",
          observed: 'no "route"',
          attempts: 3,
          durationMs: 1500,
        },
      ],
      2000,
    );
    expect(xml).toContain(
      '<testsuite name="lab&lt;1&gt;" tests="2" failures="1" errors="0" skipped="0" time="2.000">',
    );
    expect(xml).toContain('<testcase classname="lab&lt;1&gt;.ping" name="a &amp; b" time="0.010"/>');
    expect(xml).toContain('<failure message="expected route to x; saw no &quot;route&quot;" type="route">');
    expect(xml.match(/<testcase /g)).toHaveLength(2);
  });
});
