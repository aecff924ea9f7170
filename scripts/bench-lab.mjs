#!/usr/bin/env node
// Figures for the reference lab (labs/cilium-bgp) on this machine, against the built CLI (dist/):
//   deploy → converged: from `fabric deploy` starting until the pod on kind-worker pings the pod
//                       on kind-worker3 (cross-rack, over BGP-learned routes) without loss
//   deploy returns:     when `fabric deploy` itself returned (every pod and speaker running)
//   destroy:            `fabric destroy`
//   peak memory:        sum of RSS of every process in the lab's pid namespaces (FRR daemons,
//                       speakers, pods' commands, holders), sampled while converged
// Median of N runs (default 5). Run as root after `npx tsc -p tsconfig.build.json`.
//   node scripts/bench-lab.mjs [runs]
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(repo, "bin", "fabric.js");
const runs = Number(process.argv[2] ?? 5);

function fabric(...args) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function pidNs(pid) {
  try {
    return readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return undefined;
  }
}

function rssKiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Every process in a pid namespace of one of the lab's nodes or pods, plus the holders. */
function labRssMiB(lab) {
  const state = JSON.parse(readFileSync(`/run/fabric/${lab}/lab.json`, "utf8"));
  const holders = state.resources
    .filter((r) => r.type === "node" && r.record.holder)
    .map((r) => r.record.holder.pid);
  const namespaces = new Set(holders.map(pidNs).filter(Boolean));
  let kib = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (holders.includes(pid) || namespaces.has(pidNs(pid))) kib += rssKiB(pid);
  }
  return kib / 1024;
}

function once() {
  const name = `${process.env["BENCH_PREFIX"] ?? "bench"}-${randomBytes(3).toString("hex")}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), "fabric-bench-"));
  cpSync(path.join(repo, "labs", "cilium-bgp"), dir, { recursive: true });
  const labFile = path.join(dir, "lab.yaml");
  writeFileSync(labFile, readFileSync(labFile, "utf8").replace(/^name: .*$/m, `name: ${name}`));
  try {
    const t0 = performance.now();
    const deploy = fabric("deploy", dir);
    const tDeploy = performance.now() - t0;
    if (deploy.status !== 0) throw new Error(`deploy failed:\n${deploy.stderr}`);
    const pods = JSON.parse(fabric("get", "pods", "--lab", name, "--format", "json").stdout);
    const src = pods.find((p) => p.node === "kind-worker");
    const dst = pods.find((p) => p.node === "kind-worker3");
    let tConverged;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
      const ping = fabric("exec", "--lab", name, `pod/${src.name}`, "ping", "-c", "1", "-W", "1", dst.ip);
      if (ping.status === 0) {
        tConverged = performance.now() - t0;
        break;
      }
    }
    if (tConverged === undefined) throw new Error("the cross-rack ping never succeeded");
    const mem = labRssMiB(name);
    const t1 = performance.now();
    const destroy = fabric("destroy", name);
    const tDestroy = performance.now() - t1;
    if (destroy.status !== 0) throw new Error(`destroy failed:\n${destroy.stderr}`);
    return { tDeploy, tConverged, tDestroy, mem };
  } finally {
    fabric("destroy", name);
    rmSync(dir, { recursive: true, force: true });
  }
}

const frr = execFileSync("sh", ["-c", "dpkg-query -W -f '${Version}' frr 2>/dev/null || true"], {
  encoding: "utf8",
});
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
    `Linux ${os.release()}, Node ${process.version}, FRR ${frr || "?"}`,
);
const results = [];
for (let i = 0; i < runs; i++) {
  const r = once();
  results.push(r);
  console.log(
    `run ${i + 1}: deploy returned ${(r.tDeploy / 1000).toFixed(2)} s, converged ${(r.tConverged / 1000).toFixed(2)} s, ` +
      `destroy ${(r.tDestroy / 1000).toFixed(2)} s, lab RSS ${r.mem.toFixed(0)} MiB`,
  );
}
const pick = (k) => median(results.map((r) => r[k]));
console.log(
  `median of ${runs}: deploy returned ${(pick("tDeploy") / 1000).toFixed(2)} s, ` +
    `deploy→converged ${(pick("tConverged") / 1000).toFixed(2)} s, destroy ${(pick("tDestroy") / 1000).toFixed(2)} s, ` +
    `lab RSS ${pick("mem").toFixed(0)} MiB`,
);
