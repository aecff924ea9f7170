#!/usr/bin/env node
// The speaker host's figures: N node namespaces, each with a veth to one "ToR" namespace where
// FRR accepts every node (bgp listen range, iBGP as in the reference lab). One speaker host runs
// the N instances. Prints: time to add N instances, time until all N sessions are Established,
// the host's idle RSS and PSS, its event-loop delay (p99, max), and for comparison one
// `fabric speaker run` sidecar's RSS on the same machine. Needs root and a build (npm run build).
//
//   node scripts/bench-speaker-host.mjs [--nodes 1,64] [--prefix sh-b]
import { execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { describeMachine } from "./machine.mjs";
import { askHost } from "../dist/bgp/speaker/host/client.js";
import { askSpeaker } from "../dist/bgp/speaker/control-client.js";

const { values } = parseArgs({
  options: { nodes: { type: "string", default: "1,64" }, prefix: { type: "string", default: "sh-b" } },
});
const sizes = values.nodes.split(",").map(Number);
const bin = resolve("bin/fabric.js");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ipBatch = (lines, ns) =>
  execFileSync("ip", [...(ns ? ["-n", ns] : []), "-batch", "-"], { input: lines.join("\n") + "\n" });

function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  const pss = Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) * 1024;
  return { rss, pss };
}
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;

function speakerConfig(i, node) {
  return {
    version: 1,
    speaker: {
      node,
      instances: [
        {
          name: "i",
          localASN: 65010,
          routerId: `10.201.${i}.2`,
          peers: [
            {
              name: "tor",
              address: `10.201.${i}.1`,
              peerASN: 65010,
              peerPort: 179,
              timers: { connectRetryTimeSeconds: 1, holdTimeSeconds: 9, keepAliveTimeSeconds: 3 },
              ebgpMultihop: 1,
              families: [
                {
                  afi: "ipv4",
                  safi: "unicast",
                  advertisements: [
                    {
                      type: "PodCIDR",
                      prefixes: [`10.${100 + (i >> 8)}.${i & 255}.0/24`],
                      attributes: { standardCommunities: [], largeCommunities: [] },
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    },
  };
}

async function run(n) {
  const id = `${values.prefix}${randomBytes(2).toString("hex")}`;
  const tor = `${id}-t`;
  const nodes = Array.from({ length: n }, (_, i) => `${id}-n${i}`);
  const dir = mkdtempSync(join(tmpdir(), `${id}-`));
  const frrEtc = `/etc/frr/${id}`;
  const frrRun = `/var/run/frr/${id}`;
  let host;
  let sidecar;
  try {
    ipBatch([`netns add ${tor}`, ...nodes.map((ns) => `netns add ${ns}`)]);
    ipBatch([
      ...nodes.map((ns, i) => `link add ${id}${i} netns ${tor} type veth peer name eth0 netns ${ns}`),
    ]);
    ipBatch(
      [
        "link set lo up",
        ...nodes.flatMap((_, i) => [`addr add 10.201.${i}.1/24 dev ${id}${i}`, `link set ${id}${i} up`]),
      ],
      tor,
    );
    for (const [i, ns] of nodes.entries())
      ipBatch([`addr add 10.201.${i}.2/24 dev eth0`, "link set eth0 up", "link set lo up"], ns);
    const uid = Number(execFileSync("id", ["-u", "frr"]).toString());
    const gid = Number(execFileSync("id", ["-g", "frr"]).toString());
    for (const d of [frrEtc, frrRun]) {
      mkdirSync(d, { recursive: true });
      chownSync(d, uid, gid);
    }
    writeFileSync(join(frrEtc, "zebra.conf"), "");
    writeFileSync(join(frrEtc, "vtysh.conf"), "");
    writeFileSync(
      join(frrEtc, "bgpd.conf"),
      `router bgp 65010\n bgp router-id 10.201.255.1\n no bgp ebgp-requires-policy\n bgp listen limit 5000\n neighbor NODES peer-group\n neighbor NODES remote-as 65010\n bgp listen range 10.201.0.0/16 peer-group NODES\n`,
    );
    for (const d of ["zebra", "bgpd"])
      execFileSync("ip", [
        "netns",
        "exec",
        tor,
        `/usr/lib/frr/${d}`,
        "-N",
        id,
        "-d",
        "-f",
        join(frrEtc, `${d}.conf`),
      ]);

    host = spawn(process.execPath, [resolve("bin/fabric-speaker-host.js"), "--dir", dir], {
      stdio: ["ignore", "ignore", "inherit"],
    });
    const socket = join(dir, "host.sock");
    for (;;) {
      if ((await askHost(socket, { op: "status" }, 500).catch(() => undefined))?.ok) break;
      await sleep(20);
    }
    const t0 = performance.now();
    for (const [i, node] of nodes.entries()) {
      const config = join(dir, `${node}.json`);
      writeFileSync(config, JSON.stringify(speakerConfig(i, node)));
      const r = await askHost(socket, {
        op: "add",
        instance: {
          name: node,
          config,
          netns: `/run/netns/${node}`,
          control: join(dir, `${node}.sock`),
          log: join(dir, `${node}.log`),
        },
      });
      if (!r.ok) throw new Error(`${node}: ${r.error}`);
    }
    const added = performance.now() - t0;
    let status;
    for (;;) {
      const r = await askHost(socket, { op: "status" });
      status = r.ok ? r.status : undefined;
      if (status && status.instances.every((x) => x.established === 1)) break;
      if (performance.now() - t0 > 120_000) throw new Error("not established in 120 s");
      await sleep(50);
    }
    const established = performance.now() - t0;
    await sleep(5000); // idle: keepalives only
    const idle = memory(host.pid);
    const loop = (await askHost(socket, { op: "status" })).status.loopDelayMs;
    console.log(
      `${n} instance(s): added in ${added.toFixed(0)} ms, all Established after ${established.toFixed(0)} ms; ` +
        `host idle RSS ${mb(idle.rss)} (${mb(idle.rss / n)} per instance), PSS ${mb(idle.pss)}; ` +
        `event loop delay p99 ${loop.p99} ms, max ${loop.max} ms`,
    );

    if (n === 1) {
      // The per-node alternative on the same machine: one sidecar, Established, then idle.
      const config = join(dir, `${nodes[0]}.json`);
      const control = join(dir, "sidecar.sock");
      await askHost(socket, { op: "stop", name: nodes[0] });
      sidecar = spawn(
        "nsenter",
        [
          `--net=/run/netns/${nodes[0]}`,
          process.execPath,
          bin,
          "speaker",
          "run",
          "--config",
          config,
          "--control",
          control,
        ],
        {
          stdio: "ignore",
        },
      );
      for (;;) {
        const r = await askSpeaker(control, { command: "peers" }).catch(() => undefined);
        if (r?.ok && r.peers?.[0]?.state === "established") break;
        await sleep(50);
      }
      await sleep(5000);
      // nsenter without --pid execs node in place: the pid is the speaker's.
      const side = memory(sidecar.pid);
      console.log(`1 sidecar process (fabric speaker run): idle RSS ${mb(side.rss)}, PSS ${mb(side.pss)}`);
    }
  } finally {
    if (sidecar) {
      sidecar.kill("SIGTERM");
    }
    host?.kill("SIGTERM");
    await sleep(500);
    for (const d of ["bgpd", "zebra"]) {
      try {
        process.kill(Number(readFileSync(join(frrRun, `${d}.pid`), "utf8")), "SIGTERM");
      } catch {
        // gone
      }
    }
    ipBatch([`netns del ${tor}`, ...nodes.map((ns) => `netns del ${ns}`)]);
    for (const d of [frrEtc, frrRun, dir]) rmSync(d, { recursive: true, force: true });
  }
}

console.log(describeMachine());
console.log(`load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`);
for (const n of sizes) await run(n);
