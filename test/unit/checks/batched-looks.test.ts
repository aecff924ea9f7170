// `fabric test` on a big lab: bgp-session checks share one status query per router and one for
// all the speakers (one per speaker host), instead of one per session; a check that finds the lab
// not yet as expected makes its retry look again. Counted on a fake lab of many routers and nodes.
import { describe, expect, it } from "vitest";
import type { LabProbe, SpeakerPeerRow, SpeakerPeersOfLab } from "../../../src/checks/probe.js";
import { runChecks } from "../../../src/checks/run.js";
import { MAX_AGE_MS } from "../../../src/checks/status-looks.js";
import type { CheckSpec } from "../../../src/model/lab-file/checks/spec.js";
import type { ExecResult } from "../../../src/runtime/types.js";
import { FakeClock } from "../../support/fake-clock.js";

/** `show bgp summary json` with one Established (or not) neighbor per name. */
function summary(peers: readonly string[], state = "Established"): string {
  const entries = Object.fromEntries(peers.map((p) => [p, { remoteAs: 65000, state, pfxRcd: 1, pfxSnt: 1 }]));
  return JSON.stringify({ ipv4Unicast: { routerId: "10.0.0.1", as: 65010, peers: entries } });
}

/** R routers with N neighbors each, N speaker nodes per router; counts every question asked. */
class FakeLab implements LabProbe {
  vtysh = 0;
  speakerLooks = 0;
  /** Routers whose sessions are still coming up: they answer Connect this many more times. */
  readonly pending = new Map<string, number>();
  constructor(
    readonly routers: number,
    readonly perRouter: number,
    private readonly clock: FakeClock,
  ) {}
  node(r: number, n: number): string {
    return `node-${r}-${n}`;
  }
  async exec(target: string, argv: readonly string[]): Promise<ExecResult> {
    if (argv.join(" ") !== "vtysh -c show bgp summary json") throw new Error(`unexpected ${argv.join(" ")}`);
    this.vtysh++;
    this.clock.time += 50; // a vtysh call takes time; the looks' age counts it
    const r = Number(target.slice("tor".length));
    const left = this.pending.get(target) ?? 0;
    if (left > 0) this.pending.set(target, left - 1);
    const peers = Array.from({ length: this.perRouter }, (_, n) => `10.${r}.${n}.2`);
    return { exitCode: 0, stdout: summary(peers, left > 0 ? "Connect" : "Established"), stderr: "" };
  }
  bgpKind(target: string) {
    return target.startsWith("tor") ? ("frr" as const) : ("speaker" as const);
  }
  async speakerPeers(): Promise<SpeakerPeersOfLab> {
    this.speakerLooks++;
    return {
      peersOf: (node): readonly SpeakerPeerRow[] => {
        const [, r] = node.split("-");
        return [{ peerAddress: `10.${r}.255.1`, state: "established" }];
      },
    };
  }
  async speakerRoutes() {
    return [];
  }
  async addressOf(t: string) {
    return t;
  }
  async addressesOf() {
    return [];
  }
  /** Every session from both ends, as a generated lab.yaml checks them. */
  sessionChecks(): CheckSpec[] {
    const checks: CheckSpec[] = [];
    for (let r = 0; r < this.routers; r++) {
      for (let n = 0; n < this.perRouter; n++) {
        const base = { type: "bgp-session" as const, state: "Established" as const, waitMs: 30_000 };
        checks.push({ ...base, name: `tor${r}→${n}`, node: `tor${r}`, peer: `10.${r}.${n}.2` });
        checks.push({ ...base, name: `${n}→tor${r}`, node: this.node(r, n), peer: `10.${r}.255.1` });
      }
    }
    return checks;
  }
}

describe("bgp-session checks at scale", () => {
  it("ask each router once and the speakers once, not once per session", async () => {
    const clock = new FakeClock();
    // 32 ToRs × 32 nodes: 2,048 session checks.
    const lab = new FakeLab(32, 32, clock);
    const results = await runChecks(lab.sessionChecks(), lab, { clock });
    expect(results).toHaveLength(2048);
    expect(results.every((r) => r.passed)).toBe(true);
    expect(lab.vtysh).toBe(32);
    expect(lab.speakerLooks).toBe(1);
  });

  it("look again when a check finds a session not yet up, so its retry sees the lab as it is", async () => {
    const clock = new FakeClock();
    const lab = new FakeLab(2, 4, clock);
    lab.pending.set("tor1", 2);
    const results = await runChecks(lab.sessionChecks(), lab, { clock });
    expect(results.every((r) => r.passed)).toBe(true);
    // tor1's first check fails twice (two fresh looks that say Connect), then passes on a third.
    expect(results.find((r) => r.name === "tor1→0")?.attempts).toBe(3);
    // tor0 once; tor1 three times. The speakers: once before tor1's failures, once after them.
    expect(lab.vtysh).toBe(1 + 3);
    expect(lab.speakerLooks).toBe(2);
  });

  it("never answer from a look older than MAX_AGE_MS", async () => {
    const clock = new FakeClock();
    // 50 ms per vtysh: after MAX_AGE_MS / 50 routers, the first router's look has aged out.
    const routers = MAX_AGE_MS / 50 + 10;
    const lab = new FakeLab(routers, 1, clock);
    const checks = lab.sessionChecks().filter((c) => c.type === "bgp-session" && c.node.startsWith("tor"));
    const again = checks[0];
    if (!again) throw new Error("no check");
    await runChecks([...checks, { ...again, name: "again" }], lab, { clock });
    expect(lab.vtysh).toBe(routers + 1);
  });

  it("start every run of checks from fresh looks (a scenario's fault happened in between)", async () => {
    const clock = new FakeClock();
    const lab = new FakeLab(2, 2, clock);
    await runChecks(lab.sessionChecks(), lab, { clock });
    await runChecks(lab.sessionChecks(), lab, { clock });
    expect(lab.vtysh).toBe(4);
    expect(lab.speakerLooks).toBe(2);
  });
});
