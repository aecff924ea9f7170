// Graceful restart across the speaker's own restart (RFC 4724, restarting side), end to end in
// labs/cilium-bgp-gr: `kill -9` of the lab's speaker host while a pod in rack1 pings a pod in
// rack0 (every 100 ms) and, inside both ToRs, a watcher reads the BGP table every 100 ms. The
// supervisor starts the host again, the sessions come back (Restart State bit set), the routes
// are re-advertised with End-of-RIB, and the PodCIDRs never leave the ToRs. The longest gap in
// the ping and in the tables is printed (the closing note reports it).
import { execa, type ResultPromise } from "execa";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LabFixture, waitFor } from "../../support/lab-fixture.js";
import { StateStore } from "../../../src/state/state-store.js";
import { clusterOf } from "../../../src/state/cluster-view.js";
import { findHostRecord } from "../../../src/k8s/speaker/host.js";
import { speakerView } from "../../../src/k8s/speaker/view.js";
import { readSupervisorStatus } from "../../../src/k8s/speaker/supervisor/status.js";

const WATCH_S = 30;
const RACK_PREFIXES = {
  tor0: ["10.1.0.0/24", "10.1.1.0/24"],
  tor1: ["10.1.2.0/24", "10.1.3.0/24"],
} as const;

/** The built CLI as a child process, for what runs while the test does other things. */
function fabric(...args: string[]): ResultPromise<{ reject: false }> {
  return execa(process.execPath, [path.resolve("bin/fabric.js"), ...args], { reject: false });
}

/**
 * Inside a ToR: every 100 ms, a millisecond timestamp and how many of the rack's PodCIDRs its BGP
 * table holds (stale or not), and how many its kernel routes (zebra keeps stale routes installed).
 */
function watcherScript(prefixes: readonly string[]): string {
  const count = (cmd: string) => prefixes.map((p) => `$(${cmd} | grep -c '${p}')`).join("+");
  return [
    `end=$(( $(date +%s) + ${WATCH_S} ))`,
    `while [ $(date +%s) -lt $end ]; do`,
    `  t=$(date +%s%3N); b=$(vtysh -c 'show ip bgp'); k=$(ip route)`,
    `  echo "$t $(( ${count('echo "$b"')} )) $(( ${count('echo "$k"')} ))"`,
    `  sleep 0.1`,
    `done`,
  ].join("\n");
}

interface Sample {
  readonly t: number;
  readonly bgp: number;
  readonly kernel: number;
}

function samples(stdout: string): Sample[] {
  return stdout
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter((n) => n.length === 3 && n.every(Number.isFinite))
    .map(([t = 0, bgp = 0, kernel = 0]) => ({ t, bgp, kernel }));
}

/** The longest run of consecutive samples missing a prefix, in ms (0 when none was missing). */
function longestTableGap(s: readonly Sample[], want: number, field: "bgp" | "kernel"): number {
  let longest = 0;
  let since: number | undefined;
  for (const x of s) {
    if (x[field] < want) since ??= x.t;
    else if (since !== undefined) {
      longest = Math.max(longest, x.t - since);
      since = undefined;
    }
  }
  return since !== undefined ? Math.max(longest, (s.at(-1)?.t ?? since) - since) : longest;
}

/** From ping's icmp_seq numbers: the longest run of lost replies, in ms at `intervalMs`. */
function longestPingGap(stdout: string, intervalMs: number): { lost: number; gapMs: number; sent: number } {
  const seqs = [...stdout.matchAll(/icmp_seq=(\d+)/g)].map((m) => Number(m[1]));
  const sent = Number(/(\d+) packets transmitted/.exec(stdout)?.[1] ?? 0);
  let lost = 0;
  let gap = 0;
  let prev = 0;
  for (const s of [...seqs, sent + 1]) {
    const missing = s - prev - 1;
    if (missing > 0) {
      lost += missing;
      gap = Math.max(gap, missing);
    }
    prev = Math.max(prev, s);
  }
  return { lost, gapMs: gap * intervalMs, sent };
}

interface Measured {
  readonly backMs: number;
  readonly tableGapMs: number;
  readonly kernelGapMs: number;
  readonly samples: number;
  readonly sampleIntervalMs: number;
  readonly ping: { lost: number; gapMs: number; sent: number };
  readonly speakerLog: string;
}

/** Deploy `labDir`, kill -9 its speaker host under ping and table watchers, and measure. */
async function killUnderWatch(current: LabFixture, grEnabled: boolean): Promise<Measured> {
  const deploy = await current.cli("deploy", current.file);
  expect(deploy.code, deploy.stderr).toBe(0);

  const peers = async () =>
    JSON.parse((await current.cli("bgp", "peers", "--lab", current.name, "--format", "json")).stdout) as {
      rows: { node: string; state: string; uptimeMs?: number }[];
      speakerHost?: { restarts: number; lastExit?: { signal: string | null } };
    };
  await waitFor("4 speaker sessions Established", 30_000, async () => {
    const r = await peers();
    return r.rows.length === 4 && r.rows.every((x) => x.state === "established") ? true : undefined;
  });
  // FRR took the capability: the node restarts gracefully (or, without it, is only a helper).
  const gr = await current.execJson("tor0", "show", "bgp", "neighbors", "10.0.2.2");
  expect(gr.stdout, gr.stdout).toMatch(grEnabled ? /Remote GR Mode:\s*Restart/ : /Remote GR Mode:\s*Helper/);

  const state = new StateStore().read(current.name)!;
  const pods = clusterOf(state).pods;
  const from = pods.find((p) => p.node === "kind-worker3");
  const to = pods.find((p) => p.node === "kind-worker");
  if (!from || !to) throw new Error("the lab has no netshoot pods on kind-worker3 and kind-worker");

  const watchers = (["tor0", "tor1"] as const).map((tor) =>
    fabric("exec", "--lab", current.name, tor, "--", "sh", "-c", watcherScript(RACK_PREFIXES[tor])),
  );
  const ping = fabric(
    "exec",
    "--lab",
    current.name,
    `${from.node}/${from.name}`,
    "--",
    "ping",
    "-n",
    "-i",
    "0.1",
    "-w",
    String(WATCH_S - 4),
    to.ip,
  );
  await new Promise((r) => setTimeout(r, 4_000));

  const dir = findHostRecord(state)!.files.dir;
  const before = readSupervisorStatus(dir);
  process.kill(before!.host!.pid, "SIGKILL");
  const killedAt = Date.now();
  await waitFor("the host running again", 15_000, async () => {
    const s = readSupervisorStatus(dir);
    return s?.phase === "running" && s.restarts === 1 ? s : undefined;
  });
  const established = await waitFor("4 sessions Established again", 30_000, async () => {
    const r = await peers();
    const back = r.rows.every((x) => x.state === "established" && (x.uptimeMs ?? Infinity) < 60_000);
    return r.rows.length === 4 && back ? r : undefined;
  });
  const backMs = Date.now() - killedAt;
  // Restart count and last exit, as a pod's RESTARTS and Last State.
  expect(established.speakerHost).toMatchObject({ restarts: 1, lastExit: { signal: "SIGKILL" } });

  const [w0, w1, p] = await Promise.all([...watchers, ping]);
  const s0 = samples(w0!.stdout);
  const s1 = samples(w1!.stdout);
  const intervals = [s0, s1].flatMap((s) => s.slice(1).map((x, i) => x.t - (s[i]?.t ?? x.t)));
  const view = speakerView(new StateStore().read(current.name)!, "kind-worker");
  return {
    backMs,
    tableGapMs: Math.max(longestTableGap(s0, 2, "bgp"), longestTableGap(s1, 2, "bgp")),
    kernelGapMs: Math.max(longestTableGap(s0, 2, "kernel"), longestTableGap(s1, 2, "kernel")),
    samples: Math.min(s0.length, s1.length),
    sampleIntervalMs: Math.max(...intervals),
    ping: longestPingGap(p!.stdout, 100),
    speakerLog: view ? readFileSync(view.logFile, "utf8") : "",
  };
}

function report(what: string, m: Measured): void {
  process.stderr.write(
    `[${what}] host back and 4 sessions Established ${m.backMs} ms after kill -9; ` +
      `${m.samples} samples per ToR (longest interval between samples ${m.sampleIntervalMs} ms); ` +
      `longest PodCIDR gap: BGP table ${m.tableGapMs} ms, kernel ${m.kernelGapMs} ms; ` +
      `ping ${m.ping.sent} sent, ${m.ping.lost} lost, longest gap ${m.ping.gapMs} ms\n`,
  );
}

describe("graceful restart of the speaker host", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it("with gracefulRestart: the ToRs never lose a PodCIDR, the ping loses no run of replies, sessions come back", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp-gr", "bs-gr");
    const m = await killUnderWatch(lab, true);
    report("graceful restart", m);
    expect(m.samples).toBeGreaterThan(50);
    expect(m.tableGapMs).toBe(0);
    expect(m.kernelGapMs).toBe(0);
    expect(m.ping.sent).toBeGreaterThan(100);
    // The node's kernel forwards on its own and no route ever left a ToR (both gaps 0 above), so
    // the speaker's death costs no packet through routing. One reply in ~250 was seen lost once
    // under a loaded CI machine with both gaps 0 (a scheduling stall of the pinging pod's
    // 100 ms timer, not a route): allow that one, never a run of them (the control test without
    // graceful restart loses 8–16 in a row).
    expect(m.ping.lost).toBeLessThanOrEqual(1);
    expect(m.ping.gapMs).toBeLessThanOrEqual(100);
    expect(m.backMs).toBeLessThan(120_000); // restartTimeSeconds
    expect(m.speakerLog).toContain("re-established after the speaker's restart");
    expect((await lab.cli("destroy", lab.name)).code).toBe(0);
  }, 300_000);

  it("without it (the reference lab, as on Cilium): the crash withdraws the PodCIDRs until the sessions are back", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp", "bs-nogr");
    const m = await killUnderWatch(lab, false);
    report("no graceful restart", m);
    expect(m.tableGapMs).toBeGreaterThan(0);
    expect(m.speakerLog).not.toContain("re-established after the speaker's restart");
    expect((await lab.cli("destroy", lab.name)).code).toBe(0);
  }, 300_000);
});
