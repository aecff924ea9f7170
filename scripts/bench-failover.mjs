#!/usr/bin/env node
// Failover figures for the reference lab (median of N runs): from `fabric link down tor1:net0`
// starting until rack1's PodCIDRs (10.1.2.0/24, 10.1.3.0/24) have left router0's BGP table, and
// from `fabric link up tor1:net0` starting until both are back. Prints figures; asserts nothing.
// Needs root and a build (`npm run build`).
//
//   node scripts/bench-failover.mjs [LAB_DIR] [--runs 5]
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { describeMachine, median } from "./machine.mjs";

const args = process.argv.slice(2);
const runsAt = args.indexOf("--runs");
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const labDir = args.find((a, i) => !a.startsWith("--") && args[i - 1] !== "--runs") ?? "labs/cilium-bgp";
const PREFIXES = ["10.1.2.0/24", "10.1.3.0/24"];
const POLL_MS = 20;

function fabric(...argv) {
  const r = spawnSync(process.execPath, ["bin/fabric.js", ...argv], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`fabric ${argv.join(" ")} exited ${r.status}:\n${r.stderr}`);
  return r.stdout;
}

/**
 * How many of rack1's prefixes router0 has in BGP now. Asked through nsenter into router0's
 * namespaces (as `fabric exec` does), not through the CLI: a CLI start costs ~0.7 s here, which
 * would be the resolution of the figure.
 */
function rack1OnRouter0(lab) {
  const state = JSON.parse(readFileSync(`/run/fabric/${lab}/lab.json`, "utf8"));
  const pid = state.resources.find((r) => r.id === "node:router0").record.holder.pid;
  const r = spawnSync(
    "nsenter",
    [
      "--target",
      String(pid),
      "--net",
      "--mount",
      "--uts",
      "--ipc",
      "--pid",
      "--",
      "vtysh",
      "-c",
      "show bgp ipv4 unicast json",
    ],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`vtysh on router0 exited ${r.status}: ${r.stderr}`);
  const out = r.stdout;
  const routes = JSON.parse(out).routes ?? {};
  return PREFIXES.filter((p) => routes[p]).length;
}

function until(lab, want, timeoutMs = 60_000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (rack1OnRouter0(lab) === want) return performance.now();
    if (performance.now() > deadline) throw new Error(`router0 never had ${want} of rack1's prefixes`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, POLL_MS);
  }
}

const name = `bench-fo-${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), "fabric-bench-"));
cpSync(labDir, dir, { recursive: true });
const labFile = join(dir, "lab.yaml");
writeFileSync(labFile, readFileSync(labFile, "utf8").replace(/^name: .*$/m, `name: ${name}`));
const downs = [];
const ups = [];
try {
  fabric("deploy", dir, "--wait", "60s");
  for (let i = 0; i < runs; i++) {
    until(name, PREFIXES.length);
    const t0 = performance.now();
    fabric("link", "down", "tor1:net0", "--lab", name);
    const gone = until(name, 0);
    const t1 = performance.now();
    fabric("link", "up", "tor1:net0", "--lab", name);
    const back = until(name, PREFIXES.length);
    downs.push(gone - t0);
    ups.push(back - t1);
    console.log(
      `run ${i + 1}: link down → withdrawn on router0 ${((gone - t0) / 1000).toFixed(2)} s, ` +
        `link up → back on router0 ${((back - t1) / 1000).toFixed(2)} s`,
    );
  }
} finally {
  spawnSync(process.execPath, ["bin/fabric.js", "destroy", name], { stdio: "ignore" });
  rmSync(dir, { recursive: true, force: true });
}
console.log(describeMachine());
console.log(
  `median of ${runs}: link down → rack1 withdrawn on router0 ${(median(downs) / 1000).toFixed(2)} s; ` +
    `link up → rack1 back on router0 ${(median(ups) / 1000).toFixed(2)} s ` +
    `(from the fault command's start, so each includes one \`fabric\` CLI start; polled every ${POLL_MS} ms with vtysh)`,
);
