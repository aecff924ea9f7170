#!/usr/bin/env node
// Datacenter scale, as issue 11 asks for it: the floor and the reference lab in the same run, then
// a sweep of generated leaf-spine labs (2 spines, racks × nodes per rack Kubernetes nodes, one pod
// each). For each lab: deploy until `fabric deploy` returns converged (its default wait: every
// BGP session Established, the initial tables exchanged, the prefix counts settled), then until
// a pod in the first rack pings a pod in the last rack; the lab's memory (PSS: every process in
// the lab's pid namespaces, its holders and its speaker host), its process count, the most file
// descriptors the deploy process held, the speaker host's event-loop delay, and destroy's time,
// after which nothing of the lab may be left.
// Needs root, FRR and a built dist/. Prints figures; asserts nothing.
//   node scripts/bench-scale.mjs [--sizes 4,16,64] [--runs 3] [--no-reference] [--prefix bs]
// Sizes are Kubernetes node counts: 4 (2 racks × 2), 16 (2 × 8), 64 (4 × 16), 256 (16 × 16),
// 960 (30 × 32), 1024 (32 × 32), 4096 (64 × 64). The largest size given runs once; the others
// `--runs` times. Other work may share the machine: each row carries the load average at its start.
// A size whose deploy fails prints its error in the row (4,096 nodes either deploys or is refused
// before anything exists) and the sweep goes on.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { floorRuns } from "./bench-floor.mjs";
import { mgmtBridgeName, mgmtSegmentNames } from "../dist/links/names.js";
import { describeMachine, median } from "./machine.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(repo, "bin", "fabric.js");
const SHAPES = {
  4: [2, 2],
  16: [2, 8],
  64: [4, 16],
  256: [16, 16],
  960: [30, 32],
  1024: [32, 32],
  4096: [64, 64],
};

const args = process.argv.slice(2);
const VALUED = ["--sizes", "--runs", "--prefix"];
const KNOWN = new Set([...VALUED, "--no-reference", "--help", "-h"]);
const unknown = args.filter((a, i) => a.startsWith("-") && !KNOWN.has(a) && !VALUED.includes(args[i - 1]));
if (args.includes("--help") || args.includes("-h") || unknown.length > 0) {
  // The header comment above is the help: print it rather than keep a second copy.
  const header = readFileSync(fileURLToPath(import.meta.url), "utf8")
    .split("\n")
    .slice(1);
  const comment = header.slice(
    0,
    header.findIndex((line) => !line.startsWith("//")),
  );
  if (unknown.length > 0) console.error(`unknown option ${unknown.join(", ")}`);
  console.log(comment.map((line) => line.replace(/^\/\/ ?/, "")).join("\n"));
  process.exit(unknown.length > 0 ? 2 : 0);
}
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = flag("--sizes", "4,16,64").split(",").map(Number);
const runs = Number(flag("--runs", "3"));
const withReference = !args.includes("--no-reference");
// Lab names start with it, so runs beside other people's labs are told apart.
const prefix = flag("--prefix", "bs");
for (const k of sizes)
  if (!SHAPES[k]) throw new Error(`size ${k}: use one of ${Object.keys(SHAPES).join(", ")}`);

function fabric(...argv) {
  return spawnSync(process.execPath, [bin, ...argv], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
}

function must(result, what) {
  if (result.status !== 0)
    throw new Error(`${what} failed (${result.status}):\n${result.stderr.slice(-2000)}`);
  return result;
}

// USER_HZ: the unit of /proc/PID/stat's times, 100 on every Linux this runs on.
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;

const seconds = (ms) => (ms / 1000).toFixed(2);

/** Runs `fabric deploy` and samples how many file descriptors it holds while it runs. */
function deployWithFdSamples(dir, waitSeconds) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [bin, "deploy", dir, "--wait", `${waitSeconds}s`], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    // Progress lines deploy wrote (not a TTY here, so its CI form): readable means tens, not thousands.
    let lines = 0;
    // When deploy's wait first printed "initial tables": its first look with every session
    // Established (lab/converge.ts), so the lab's "→ Established" within a poll interval.
    let establishedMs;
    child.stderr.on("data", (d) => {
      stderr = (stderr + d).slice(-4000);
      lines += String(d).split("\n").length - 1;
      if (establishedMs === undefined && String(d).includes("initial tables"))
        establishedMs = performance.now() - t0;
    });
    let maxFds = 0;
    // The deploy process's own CPU time (utime + stime, not its children's), as last sampled:
    // it undercounts by at most one interval.
    let cpuTicks = 0;
    const timer = setInterval(() => {
      try {
        maxFds = Math.max(maxFds, readdirSync(`/proc/${child.pid}/fd`).length);
        const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
        cpuTicks = Number(fields[11]) + Number(fields[12]);
      } catch {
        // exited between two samples
      }
    }, 100);
    child.on("exit", (code) => {
      clearInterval(timer);
      resolve({
        code,
        stderr,
        ms: performance.now() - t0,
        establishedMs,
        lines,
        maxFds,
        t0,
        cpuMs: (cpuTicks * 1000) / CLOCK_TICKS,
      });
    });
  });
}

function pidNs(pid) {
  try {
    return readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return undefined;
  }
}

function pssKiB(pid) {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Every pid the lab record names (holders, the speaker host, processes), wherever it is nested. */
function recordedPids(value, out = new Set()) {
  if (Array.isArray(value)) for (const v of value) recordedPids(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "pid" && typeof v === "number") out.add(v);
      else recordedPids(v, out);
    }
  }
  return out;
}

/** PSS and process count of everything the lab runs: its pid namespaces and the pids it records. */
function labFootprint(lab) {
  const state = JSON.parse(readFileSync(`/run/fabric/${lab}/lab.json`, "utf8"));
  const pids = recordedPids(state.resources);
  const hostNs = pidNs(process.pid);
  const namespaces = new Set([...pids].map(pidNs).filter((ns) => ns && ns !== hostNs));
  let kib = 0;
  let processes = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pids.has(pid) || namespaces.has(pidNs(pid))) {
      kib += pssKiB(pid);
      processes++;
    }
  }
  return { pssMiB: kib / 1024, processes };
}

/**
 * The speaker host's event-loop delay since it started: the latest a timer fired (waiting for a
 * core included) and the longest run of its own work between two 10 ms ticks (busy-monitor.ts).
 */
function eventLoop(lab) {
  const r = fabric("speaker", "host-status", "--dir", `/run/fabric/${lab}`);
  if (r.status !== 0) return {};
  const status = JSON.parse(r.stdout);
  return {
    loopMax: status.loopDelayMs?.max,
    busyMax: status.loopDelayMs?.busyMax,
    gcMax: status.loopDelayMs?.gcMax,
    waitMax: status.loopDelayMs?.waitMax,
  };
}

/** A pod in the first rack pings a pod in the last until it answers; ms since deploy started. */
function firstCrossRackPing(lab, t0) {
  const pods = JSON.parse(must(fabric("get", "pods", "--lab", lab, "--format", "json"), "get pods").stdout);
  const [src, dst] = [pods[0], pods[pods.length - 1]];
  for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
    const ping = fabric("exec", "--lab", lab, `pod/${src.name}`, "ping", "-c", "1", "-W", "1", dst.ip);
    if (ping.status === 0) return performance.now() - t0;
  }
  throw new Error(`${src.name} never reached ${dst.name} (${dst.ip})`);
}

/** Namespaces, the record, and host links of the lab: its management bridges and their trunks. */
function leftovers(lab) {
  const netns = spawnSync("ip", ["netns", "list"], { encoding: "utf8" }).stdout;
  const found = netns.split("\n").filter((l) => l.startsWith(`${lab}-`)).length;
  const segment = mgmtSegmentNames(lab, 1).bridge.replace(/-1$/, "-");
  const trunk = mgmtSegmentNames(lab, 1).rootEnd.replace(/-1a$/, "-");
  // Beside a large lab the host has tens of thousands of links: more than spawnSync's 1 MB default
  // buffer, which cut the JSON short and ended the benchmark.
  const listed = spawnSync("ip", ["-json", "link", "show"], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const links = JSON.parse(listed.stdout || "[]");
  const ours = links.filter(
    (l) => l.ifname === mgmtBridgeName(lab) || l.ifname.startsWith(segment) || l.ifname.startsWith(trunk),
  ).length;
  return found + ours + (existsSync(`/run/fabric/${lab}`) ? 1 : 0);
}

const loadNow = () => readFileSync("/proc/loadavg", "utf8").split(" ")[0];

async function measure(dir, lab, waitSeconds) {
  try {
    const deploy = await deployWithFdSamples(dir, waitSeconds);
    if (deploy.code !== 0) throw new Error(`deploy failed (${deploy.code}):\n${deploy.stderr}`);
    const pingMs = firstCrossRackPing(lab, deploy.t0);
    const footprint = labFootprint(lab);
    const { loopMax, busyMax, gcMax, waitMax } = eventLoop(lab);
    const t1 = performance.now();
    must(fabric("destroy", lab), "destroy");
    const destroyMs = performance.now() - t1;
    return {
      deployMs: deploy.ms,
      establishedMs: deploy.establishedMs,
      deployCpuMs: deploy.cpuMs,
      pingMs,
      destroyMs,
      maxFds: deploy.maxFds,
      progressLines: deploy.lines,
      loopMax,
      busyMax,
      gcMax,
      waitMax,
      ...footprint,
      left: leftovers(lab),
    };
  } finally {
    if (existsSync(`/run/fabric/${lab}`)) fabric("destroy", lab);
    rmSync(dir, { recursive: true, force: true });
  }
}

function generated(k) {
  const [racks, perRack] = SHAPES[k];
  const lab = `${prefix}${k}-${randomBytes(2).toString("hex")}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), "fabric-scale-"));
  must(
    fabric(
      "generate",
      dir,
      "--force",
      "--name",
      lab,
      "--spines",
      "2",
      "--racks",
      String(racks),
      "--nodes-per-rack",
      String(perRack),
      "--checks",
      "sample",
    ),
    "generate",
  );
  return { dir, lab };
}

function reference() {
  const lab = `${prefix}ref-${randomBytes(2).toString("hex")}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), "fabric-scale-"));
  cpSync(path.join(repo, "labs", "cilium-bgp"), dir, { recursive: true });
  const file = path.join(dir, "lab.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace(/^name: .*$/m, `name: ${lab}`));
  return { dir, lab };
}

const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
console.log(describeMachine());
console.log(`load average at start: ${load}; ${(os.freemem() / 2 ** 30).toFixed(1)} GiB free`);

if (withReference) {
  const floors = [];
  const refs = [];
  for (let i = 0; i < runs; i++) {
    floors.push(await floorRuns());
    const { dir, lab } = reference();
    refs.push(await measure(dir, lab, 60));
  }
  const floorUp = median(floors.map((f) => f.established));
  const floor = median(floors.map((f) => f.routes));
  const deploy = median(refs.map((r) => r.deployMs)) / 1000;
  const established = median(refs.map((r) => r.establishedMs ?? Number.NaN)) / 1000;
  // Like against like: deploy's "converged" includes the routes being through (lab/wait.ts), held
  // against the floor's routes through; the moment deploy first saw every session Established,
  // against the floor's Established.
  console.log(
    `floor (3 FRR routers, unnumbered, bare namespaces): → Established median ${floorUp.toFixed(2)} s, ` +
      `→ routes through ${floor.toFixed(2)} s, of ${runs}`,
  );
  console.log(
    `reference lab: deploy → converged ${deploy.toFixed(2)} s (${(deploy / floor).toFixed(2)} × the floor with routes through, ` +
      `${(deploy / floorUp).toFixed(2)} × the Established floor); → every session Established ${established.toFixed(2)} s ` +
      `(${(established / floorUp).toFixed(2)} × the Established floor), ` +
      `cross-rack ping ${seconds(median(refs.map((r) => r.pingMs)))} s, destroy ${seconds(median(refs.map((r) => r.destroyMs)))} s, ` +
      `PSS ${median(refs.map((r) => r.pssMiB)).toFixed(0)} MiB, median of ${runs}`,
  );
}

console.log(
  "\nK nodes | runs | load at start | deploy→converged | deploy CPU | →cross-rack ping | destroy | PSS | processes | deploy fds (max) | host loop max (own work; longest GC; longest wait for a core) | progress lines | left",
);
const largest = Math.max(...sizes);
for (const k of sizes) {
  const results = [];
  const n = k === largest && sizes.length > 1 ? 1 : runs;
  const loadAtStart = loadNow();
  let failure;
  for (let i = 0; i < n && !failure; i++) {
    const { dir, lab } = generated(k);
    try {
      results.push(await measure(dir, lab, Math.max(60, k)));
    } catch (err) {
      // The error is at the end of what deploy wrote, after its progress lines.
      const lines = err.message.split("\n").filter((l) => l.trim() !== "");
      failure = `${[lines[0], ...lines.slice(-6)].join(" / ")} (left: ${leftovers(lab)})`;
    }
  }
  if (failure) {
    console.log(`${k} | ${n} | ${loadAtStart} | failed: ${failure}`);
    continue;
  }
  const m = (key) => median(results.map((r) => r[key]));
  console.log(
    `${k} | ${n} | ${loadAtStart} | ${seconds(m("deployMs"))} s | ${seconds(m("deployCpuMs"))} s | ${seconds(m("pingMs"))} s | ${seconds(m("destroyMs"))} s | ` +
      `${m("pssMiB").toFixed(0)} MiB | ${m("processes")} | ${m("maxFds")} | ` +
      `${results.every((r) => r.loopMax !== undefined) ? `${m("loopMax").toFixed(0)} ms` : "n/a"} ` +
      `(${results.every((r) => r.busyMax !== undefined) ? `${m("busyMax").toFixed(0)} ms` : "n/a"}; ` +
      `${results.every((r) => r.gcMax !== undefined) ? `${m("gcMax").toFixed(0)} ms` : "n/a"}; ` +
      `${results.every((r) => r.waitMax !== undefined) ? `${m("waitMax").toFixed(0)} ms` : "n/a"}) | ${m("progressLines")} | ${m("left")}`,
  );
}
