#!/usr/bin/env node
// What one `fabric speaker run` sidecar costs when idle: resident memory (VmRSS) and CPU time
// (utime + stime) a few seconds after start, with one configured peer that never answers, so
// the figure is the process's own and not its RIB's; and the same for the speaker alone (its
// module imported directly, no CLI), the floor the CLI should add next to nothing to. Median of
// 5 runs each against dist/ (build first). Needs root: each run is in a network namespace this
// script creates and removes.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = 5;
const SETTLE_MS = Number(process.env["SETTLE_MS"] ?? 5000);
const ns = `ce-bench${randomBytes(2).toString("hex")}`;
const configFile = `/tmp/${ns}.json`;
const control = `/tmp/${ns}.sock`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());

function cpuSeconds(pid) {
  // Fields 14 and 15 of /proc/PID/stat, counted after the command name's closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

const peer = {
  name: "quiet",
  address: "10.98.0.2",
  peerASN: 65010,
  timers: { connectRetryTimeSeconds: 1, holdTimeSeconds: 9, keepAliveTimeSeconds: 3 },
  ebgpMultihop: 1,
  families: [{ afi: "ipv4", safi: "unicast", advertisements: [] }],
};

const ENTRIES = {
  "fabric speaker run": [
    path.join(root, "bin/fabric.js"),
    "speaker",
    "run",
    "--config",
    configFile,
    "--control",
    control,
  ],
  "the speaker alone": [
    "--input-type=module",
    "-e",
    `import { runSpeaker, stderrLogger } from ${JSON.stringify(path.join(root, "dist/bgp/speaker/index.js"))};
     await runSpeaker({ configPath: ${JSON.stringify(configFile)}, controlPath: ${JSON.stringify(control)}, log: stderrLogger(), ttlNetfilter: false });`,
  ],
};

async function once(args) {
  const child = spawn("ip", ["netns", "exec", ns, process.execPath, ...args], {
    stdio: ["ignore", "ignore", "ignore"],
  });
  await sleep(SETTLE_MS);
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  const rssMiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  const cpu = cpuSeconds(child.pid);
  const done = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await done;
  return { rssMiB, cpu };
}

try {
  execFileSync("ip", ["netns", "add", ns]);
  execFileSync("ip", ["-n", ns, "link", "add", "d0", "type", "veth", "peer", "name", "d1"]);
  execFileSync("ip", ["-n", ns, "link", "set", "d1", "up"]);
  execFileSync("ip", ["-n", ns, "addr", "add", "10.98.0.1/24", "dev", "d0"]);
  execFileSync("ip", ["-n", ns, "link", "set", "d0", "up"]);
  writeFileSync(
    configFile,
    JSON.stringify({
      version: 1,
      speaker: {
        node: "bench",
        instances: [{ name: "i", localASN: 65001, routerId: "10.98.0.1", peers: [peer] }],
      },
    }),
  );
  console.log(`idle, 1 peer, ${SETTLE_MS / 1000} s after start, median of ${RUNS}:`);
  for (const [what, args] of Object.entries(ENTRIES)) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await once(args));
    const rss = runs.map((r) => r.rssMiB);
    const cpu = runs.map((r) => r.cpu);
    console.log(`  ${what}:`);
    console.log(`    RSS ${median(rss).toFixed(1)} MiB  [${rss.map((x) => x.toFixed(1)).join(", ")}]`);
    console.log(`    CPU ${median(cpu).toFixed(2)} s  [${cpu.map((x) => x.toFixed(2)).join(", ")}]`);
  }
} finally {
  rmSync(configFile, { force: true });
  rmSync(control, { force: true });
  try {
    execFileSync("ip", ["netns", "del", ns]);
  } catch {
    /* not created */
  }
}
