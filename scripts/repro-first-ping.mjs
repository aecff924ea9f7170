#!/usr/bin/env node
// Reproduction harness for "deploy says converged, then the first cross-rack pod ping goes
// unanswered for seconds". Each round: deploy a copy of a lab under a name of ours, and the moment
// deploy returns start a timestamped ping (`ping -D -i 0.1`) from a pod in one rack to a pod in the
// other, while every hop (both pods, both nodes, both ToRs, the spine) is captured with tcpdump and
// its `ip route get` (both directions) and neighbour table are sampled every 0.5 s, until the first
// reply; then destroy. Optional background CPU load (busy loops started and stopped by pid) brings
// the machine closer to CI. Rounds whose first reply is late keep their captures for reading.
//
//   node scripts/repro-first-ping.mjs --cli bin/fabric.js --lab labs/cilium-bgp --rounds 8 \
//        --load 2 --out /tmp/pf/runs [--prefix pf] [--src 10.1.1.2] [--dst 10.1.3.2]
//        [--keep-ms 500] [--max-ms 60000]
//
// Needs root (namespaces, tcpdump). Lab names are <prefix><round>; nothing leaves the host.
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  createWriteStream,
} from "node:fs";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { parseArgs } from "node:util";

const { values: opt } = parseArgs({
  options: {
    cli: { type: "string", default: "bin/fabric.js" },
    lab: { type: "string", default: "labs/cilium-bgp" },
    rounds: { type: "string", default: "4" },
    load: { type: "string", default: "0" },
    out: { type: "string", default: join(tmpdir(), "pf-runs") },
    prefix: { type: "string", default: "pf" },
    src: { type: "string", default: "10.1.1.2" },
    dst: { type: "string", default: "10.1.3.2" },
    "keep-ms": { type: "string", default: "500" },
    "max-ms": { type: "string", default: "60000" },
    "deploy-args": { type: "string", default: "" },
  },
});
const cli = resolve(opt.cli);
const rounds = Number(opt.rounds);
const keepMs = Number(opt["keep-ms"]);
const maxMs = Number(opt["max-ms"]);
mkdirSync(opt.out, { recursive: true });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => Date.now();

/** Busy loops standing in for CI's other labs; stopped by pid at the end, whatever happens. */
const loaders = [];
for (let i = 0; i < Number(opt.load); i++) {
  const child = spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" });
  loaders.push(child);
}
const stopLoad = () => {
  for (const c of loaders) if (c.exitCode === null) c.kill("SIGKILL");
};
process.on("exit", stopLoad);
process.on("SIGINT", () => {
  stopLoad();
  process.exit(130);
});

function labCopy(name) {
  const dir = join(tmpdir(), `pf-lab-${name}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(resolve(opt.lab), dir, { recursive: true });
  const file = join(dir, "lab.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace(/^name:.*$/m, `name: ${name}`));
  return dir;
}

function labNamespaces(name) {
  try {
    return readdirSync("/run/netns").filter((n) => n.startsWith(`${name}-`));
  } catch {
    return [];
  }
}

function addressesOf(ns) {
  const r = spawnSync("nsenter", [`--net=/run/netns/${ns}`, "ip", "-j", "addr"], { encoding: "utf8" });
  if (r.status !== 0) return [];
  try {
    return JSON.parse(r.stdout).flatMap((l) => (l.addr_info ?? []).map((a) => a.local));
  } catch {
    return [];
  }
}

/** The hops, in path order, found from the addresses they hold (the reference lab's layout). */
function findHops(name) {
  const nss = labNamespaces(name);
  const byAddr = new Map();
  for (const ns of nss) for (const a of addressesOf(ns)) if (!byAddr.has(a)) byAddr.set(a, ns);
  return { nss, byAddr };
}

function run(argv, { log } = {}) {
  return new Promise((res) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      log?.write(d);
    });
    child.stderr.on("data", (d) => {
      out += d;
      log?.write(d);
    });
    child.on("close", (code) => res({ code, out }));
  });
}

/** One `ip -batch` per hop per look: routes both ways, forwarding lookups, neighbours. */
function sampleHop(ns, lines, file) {
  return new Promise((res) => {
    const child = spawn("nsenter", [`--net=/run/netns/${ns}`, "ip", "-o", "-batch", "-"], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.stdin.end(lines.join("\n") + "\n");
    child.on("close", () => {
      file.write(`--- ${(now() / 1000).toFixed(3)} ${ns}\n${out}`);
      res();
    });
  });
}

async function round(r) {
  const name = `${opt.prefix}${r}`;
  const dir = labCopy(name);
  const rdir = join(opt.out, `${name}-${now()}`);
  mkdirSync(rdir, { recursive: true });
  const deployLog = createWriteStream(join(rdir, "deploy.log"));
  const t0 = now();
  const deploy = run(
    [process.execPath, cli, "deploy", ...opt["deploy-args"].split(" ").filter(Boolean), dir],
    {
      log: deployLog,
    },
  );
  // Find the pods' namespaces while deploy runs; from then on capture every namespace of the lab
  // (`-i any`: every interface, with its name) and sample every hop every 0.5 s, so the capture
  // already runs when deploy returns and the ping starts.
  let hops;
  let deployDone = false;
  deploy.then(() => (deployDone = true));
  const samples = createWriteStream(join(rdir, "samples.txt"));
  samples.write(`deploy started ${(t0 / 1000).toFixed(3)}\n`);
  const lines = [`route get ${opt.dst}`, `route get ${opt.src}`, "neigh show", "route show"];
  let dumps = [];
  let sampling = true;
  let sampler = Promise.resolve();
  const observe = () => {
    dumps = hops.nss.map((ns) =>
      spawn(
        "nsenter",
        [
          `--net=/run/netns/${ns}`,
          "tcpdump",
          "-i",
          "any",
          "-nn",
          "-tt",
          "-l",
          "-e",
          "icmp or arp or icmp6 or tcp port 179",
        ],
        { stdio: ["ignore", "pipe", "ignore"] },
      ),
    );
    dumps.forEach((d, i) => d.stdout.pipe(createWriteStream(join(rdir, `tcpdump-${hops.nss[i]}.txt`))));
    sampler = (async () => {
      while (sampling) {
        const t = now();
        await Promise.all(hops.nss.map((ns) => sampleHop(ns, lines, samples)));
        await sleep(Math.max(0, 500 - (now() - t)));
      }
    })();
  };
  while (!deployDone) {
    await sleep(100);
    const nss = labNamespaces(name);
    if (!hops && nss.filter((n) => n.includes("netshoot")).length >= 3) {
      const h = findHops(name);
      if (h.byAddr.has(opt.src) && h.byAddr.has(opt.dst)) {
        hops = h;
        observe();
      }
    }
  }
  const { code, out } = await deploy;
  const tDeploy = now();
  samples.write(`deploy returned ${(tDeploy / 1000).toFixed(3)}\n`);
  if (code !== 0) {
    console.log(`round ${r}: deploy failed (${code}): ${out.slice(-400)}`);
    sampling = false;
    for (const d of dumps) d.kill("SIGINT");
    await run([process.execPath, cli, "destroy", name]);
    return { r, failed: true };
  }
  if (!hops) {
    hops = findHops(name);
    observe();
  }
  const srcNs = hops.byAddr.get(opt.src);
  const ping = spawn(
    "nsenter",
    [
      `--net=/run/netns/${srcNs}`,
      "ping",
      "-D",
      "-O",
      "-n",
      "-i",
      "0.1",
      "-W",
      "1",
      "-c",
      String(maxMs / 100),
      opt.dst,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const tPing = now();
  let firstReply;
  let pingOut = "";
  ping.stdout.on("data", (d) => {
    pingOut += d;
    if (firstReply === undefined && /bytes from/.test(pingOut)) firstReply = now();
  });
  const nstat = async (tag) => {
    for (const ns of hops.nss) {
      const s = await run(["nsenter", `--net=/run/netns/${ns}`, "nstat", "-asz"]);
      writeFileSync(join(rdir, `nstat-${tag}-${ns}.txt`), s.out);
      // Forwarding per interface: a packet in on an interface with forwarding off is dropped
      // silently (counted as IpInAddrErrors, no ICMP), which looks like a missing route.
      const f = await run([
        "nsenter",
        `--net=/run/netns/${ns}`,
        "sh",
        "-c",
        "grep -H . /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/conf/*/forwarding /proc/sys/net/ipv6/conf/*/forwarding",
      ]);
      writeFileSync(join(rdir, `forwarding-${tag}-${ns}.txt`), f.out);
    }
  };
  const nstatStart = nstat("start");
  while (firstReply === undefined && now() - tPing < maxMs && ping.exitCode === null) await sleep(20);
  const tFirst = firstReply;
  await sleep(keepMs);
  sampling = false;
  await sampler;
  await nstatStart;
  await nstat("end");
  ping.kill("SIGINT");
  for (const d of dumps) d.kill("SIGINT");
  await sleep(300);
  writeFileSync(join(rdir, "ping.txt"), pingOut);
  // The first seq answered says how long the path was missing, whatever the ping's start-up cost
  // under load: seq N went out (N-1) × 0.1 s after the first.
  const firstSeq = /bytes from .*icmp_seq=(\d+)/.exec(pingOut)?.[1];
  const result = {
    r,
    name,
    deployMs: tDeploy - t0,
    pingStartMs: tPing - tDeploy,
    firstReplyMs: tFirst === undefined ? null : tFirst - tDeploy,
    firstSeq: firstSeq === undefined ? null : Number(firstSeq),
    unanswered: (pingOut.match(/no answer yet/g) ?? []).length,
    converged: /BGP converged: .*/.exec(out)?.[0] ?? "",
    dir: rdir,
  };
  writeFileSync(join(rdir, "result.json"), JSON.stringify(result, null, 2));
  const destroy = await run([process.execPath, cli, "destroy", name]);
  if (destroy.code !== 0) console.log(`round ${r}: destroy failed: ${destroy.out.slice(-400)}`);
  rmSync(dir, { recursive: true, force: true });
  // Keep only the rounds worth reading: a reply later than a second, or none.
  if (result.firstSeq !== null && result.firstSeq <= Number(process.env.PF_KEEP_OVER_SEQ ?? 3))
    rmSync(rdir, { recursive: true, force: true });
  return result;
}

const results = [];
try {
  for (let r = 1; r <= rounds; r++) {
    const res = await round(r);
    results.push(res);
    console.log(JSON.stringify(res));
  }
} finally {
  stopLoad();
}
const late = results.filter((x) => !x.failed && (x.firstSeq === null || x.firstSeq > 3));
console.log(`${results.length} rounds, ${late.length} whose first answered echo was not among the first 3`);
