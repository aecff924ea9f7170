#!/usr/bin/env node
// Speaker figures, median of 5 runs each, against dist/ (build first: npx tsc -p tsconfig.build.json).
// Needs root, FRR 8.4 and BIRD 2. Everything runs in two namespaces this script creates and removes.
//  1. time from process start to Established against FRR (bgpd + zebra, pathspace -N);
//  2. resident memory (VmRSS) of one speaker with 2 established peers (FRR and BIRD);
//  3. time from process start to 100,000 IPv4 prefixes installed in the RIB, injected by BIRD from
//     100,000 `route … blackhole;` static routes in a generated config.
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { askSpeaker } = await import(path.join(root, "dist/bgp/speaker/index.js"));
const RUNS = 5;
const name = `t-bgp-b${randomBytes(2).toString("hex")}`;
const S = `${name}-s`;
const P = `${name}-p`;
const ip = (...a) => execFileSync("ip", a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const started = [];

function setupNet() {
  ip("netns", "add", S);
  ip("netns", "add", P);
  ip("link", "add", `${name}a`, "type", "veth", "peer", "name", `${name}b`);
  ip("link", "set", `${name}a`, "netns", S);
  ip("link", "set", `${name}b`, "netns", P);
  ip("-n", S, "addr", "add", "10.99.0.1/24", "dev", `${name}a`);
  ip("-n", P, "addr", "add", "10.99.0.2/24", "dev", `${name}b`);
  ip("-n", P, "addr", "add", "10.99.0.3/24", "dev", `${name}b`);
  for (const [ns, dev] of [
    [S, `${name}a`],
    [P, `${name}b`],
  ]) {
    ip("-n", ns, "link", "set", dev, "up");
    ip("-n", ns, "link", "set", "lo", "up");
  }
}

const frrEtc = `/etc/frr/${name}`;
const frrRun = `/var/run/frr/${name}`;
function startFrr() {
  for (const d of [frrEtc, frrRun]) {
    mkdirSync(d, { recursive: true });
    execFileSync("chown", ["frr:frr", d]);
  }
  writeFileSync(
    `${frrEtc}/bgpd.conf`,
    `router bgp 65010\n bgp router-id 10.99.0.2\n no bgp ebgp-requires-policy\n neighbor 10.99.0.1 remote-as 65001\n neighbor 10.99.0.1 update-source 10.99.0.2\n neighbor 10.99.0.1 timers connect 1\n`,
  );
  for (const f of ["zebra.conf", "vtysh.conf"]) writeFileSync(`${frrEtc}/${f}`, "");
  for (const d of ["zebra", "bgpd"])
    execFileSync("ip", [
      "netns",
      "exec",
      P,
      `/usr/lib/frr/${d}`,
      "-N",
      name,
      "-d",
      "-f",
      `${frrEtc}/${d}.conf`,
    ]);
}

function killPidFile(file, sig = "SIGTERM") {
  try {
    process.kill(Number(readFileSync(file, "utf8").trim()), sig);
  } catch {
    /* already gone */
  }
}

function startBird(statics) {
  const conf = `/tmp/${name}-bird.conf`;
  const lines = [
    "router id 10.99.0.3;",
    "protocol device {}",
    "protocol static { ipv4;",
    ...Array.from(
      { length: statics },
      (_, i) => `route ${11 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24 blackhole;`,
    ),
    "}",
    "protocol bgp speaker { local 10.99.0.3 port 1790 as 65020; neighbor 10.99.0.1 as 65001; ipv4 { import all; export all; }; }",
  ];
  writeFileSync(conf, lines.join("\n") + "\n");
  execFileSync("ip", [
    "netns",
    "exec",
    P,
    "bird",
    "-c",
    conf,
    "-s",
    `/tmp/${name}-bird.ctl`,
    "-P",
    `/tmp/${name}-bird.pid`,
  ]);
}

function stopBird() {
  killPidFile(`/tmp/${name}-bird.pid`);
  for (const f of ["bird.conf", "bird.ctl", "bird.pid"]) rmSync(`/tmp/${name}-${f}`, { force: true });
}

// FRR holds port 179 in the peer namespace, so BIRD listens on 1790.
function peer(nameOf, address, asn, peerPort = 179) {
  return {
    name: nameOf,
    address,
    peerASN: asn,
    peerPort,
    timers: { connectRetryTimeSeconds: 1, holdTimeSeconds: 9, keepAliveTimeSeconds: 3 },
    ebgpMultihop: 1,
    families: [
      {
        afi: "ipv4",
        safi: "unicast",
        advertisements: [
          {
            type: "PodCIDR",
            prefixes: ["10.1.1.0/24"],
            attributes: { standardCommunities: [], largeCommunities: [] },
          },
        ],
      },
    ],
  };
}

const control = `/tmp/${name}.sock`;
const configFile = `/tmp/${name}.json`;
function startSpeaker(peers) {
  writeFileSync(
    configFile,
    JSON.stringify({
      version: 1,
      speaker: { node: "bench", instances: [{ name: "i", localASN: 65001, routerId: "10.99.0.1", peers }] },
    }),
  );
  const child = spawn(
    "nsenter",
    [
      `--net=/run/netns/${S}`,
      process.execPath,
      path.join(root, "bin/fabric.js"),
      "speaker",
      "run",
      "--config",
      configFile,
      "--control",
      control,
    ],
    { stdio: ["ignore", "ignore", "ignore"] },
  );
  started.push(child);
  return child;
}

async function stopSpeaker(child) {
  const done = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await done;
}

async function waitPeers(ok, timeoutMs = 120000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await askSpeaker(control, { command: "peers" }, 20000);
      if (r.ok && ok(r.peers)) return r.peers;
    } catch {
      /* not up yet */
    }
    await sleep(20);
  }
  throw new Error("timed out");
}

const established = (n) => (rows) => rows.filter((r) => r.state === "established").length >= n;

async function main() {
  setupNet();
  startFrr();
  const results = { establishMs: [], rssMiB: [], install100kMs: [] };
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const child = startSpeaker([peer("frr", "10.99.0.2", 65010)]);
    await waitPeers(established(1));
    results.establishMs.push(performance.now() - t0);
    await stopSpeaker(child);
    await sleep(300);
  }
  startBird(0);
  for (let i = 0; i < RUNS; i++) {
    const child = startSpeaker([peer("frr", "10.99.0.2", 65010), peer("bird", "10.99.0.3", 65020, 1790)]);
    await waitPeers(established(2));
    await sleep(1000);
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    results.rssMiB.push(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    await stopSpeaker(child);
    await sleep(300);
  }
  stopBird();
  startBird(100_000);
  await sleep(3000); // BIRD loads its 100k statics before the session matters
  for (let i = 0; i < RUNS; i++) {
    // Measured from process start: a status request is answered only between socket reads, so
    // "Established" seen over the control socket can arrive after most prefixes already did.
    const t0 = performance.now();
    const child = startSpeaker([peer("bird", "10.99.0.3", 65020, 1790)]);
    await waitPeers((rows) => (rows[0]?.received ?? 0) >= 100_000);
    results.install100kMs.push(performance.now() - t0);
    await stopSpeaker(child);
    await sleep(500);
  }
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `machine: ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`,
  );
  console.log(
    `start to Established against FRR 8.4 (median of ${RUNS}): ${median(results.establishMs).toFixed(0)} ms  [${results.establishMs.map((x) => x.toFixed(0)).join(", ")}]`,
  );
  console.log(
    `RSS with 2 established peers (FRR + BIRD), median of ${RUNS}: ${median(results.rssMiB).toFixed(1)} MiB  [${results.rssMiB.map((x) => x.toFixed(1)).join(", ")}]`,
  );
  console.log(
    `process start to 100,000 IPv4 prefixes in the RIB (BIRD static routes, start-to-Established included), median of ${RUNS}: ${median(results.install100kMs).toFixed(0)} ms  [${results.install100kMs.map((x) => x.toFixed(0)).join(", ")}]`,
  );
}

try {
  await main();
} finally {
  for (const c of started) if (c.exitCode === null) c.kill("SIGKILL");
  stopBird();
  for (const d of ["bgpd", "zebra"]) killPidFile(`${frrRun}/${d}.pid`);
  await sleep(300);
  rmSync(frrEtc, { recursive: true, force: true });
  rmSync(frrRun, { recursive: true, force: true });
  rmSync(configFile, { force: true });
  rmSync(control, { force: true });
  for (const ns of [S, P]) {
    try {
      ip("netns", "del", ns);
    } catch {
      /* not created */
    }
  }
}
