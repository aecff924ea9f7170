#!/usr/bin/env node
// The floor for the reference lab: its three FRR routers (spine AS 65000, ToRs AS 65010 and 65011)
// on unnumbered eBGP links in bare network namespaces, with no fabric at all. Two times from
// creating the first namespace: until both of the spine's sessions are Established, and until the
// routes are through (each ToR originates its loopback, and each has the other's in its kernel
// table, across the spine) — which is what fabric's deploy waits for since "converged" means
// traffic flows. This is what the kernel and FRR alone cost on this machine; fabric's deploy of
// the reference lab is measured against it.
// Needs root and FRR. Prints figures; asserts nothing. Cleans up what it made, even on failure.
//   node scripts/bench-floor.mjs [runs]        (default 3)
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { describeMachine, median } from "./machine.mjs";

const runs = Number(process.argv[2] ?? 3);
const FRR = "/usr/lib/frr";

function sh(argv, opts = {}) {
  return execFileSync(argv[0], argv.slice(1), {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    ...opts,
  });
}

/** Whether `ns` has a kernel route to `prefix` (installed by zebra from BGP). */
function hasRoute(ns, prefix) {
  const out = spawnSync("ip", ["-n", ns, "route", "show", prefix], { encoding: "utf8" });
  return out.status === 0 && out.stdout.trim() !== "";
}

/**
 * One run: seconds until router0 has both sessions Established (`established`), and until each
 * ToR has the other's loopback in its kernel (`routes`).
 */
export async function floorRuns() {
  const tag = randomBytes(2).toString("hex");
  const routers = [
    { name: `fl${tag}-r0`, asn: 65000, id: "10.0.0.0", ifs: ["net0", "net1"] },
    { name: `fl${tag}-t0`, asn: 65010, id: "10.0.0.1", ifs: ["net0"] },
    { name: `fl${tag}-t1`, asn: 65011, id: "10.0.0.2", ifs: ["net0"] },
  ];
  const pids = [];
  const start = process.hrtime.bigint();
  try {
    for (const r of routers) {
      sh(["ip", "netns", "add", r.name]);
      sh(["ip", "-n", r.name, "link", "set", "lo", "up"]);
    }
    const [r0, t0, t1] = routers;
    sh([
      "ip",
      "link",
      "add",
      "net0",
      "netns",
      r0.name,
      "type",
      "veth",
      "peer",
      "name",
      "net0",
      "netns",
      t0.name,
    ]);
    sh([
      "ip",
      "link",
      "add",
      "net1",
      "netns",
      r0.name,
      "type",
      "veth",
      "peer",
      "name",
      "net0",
      "netns",
      t1.name,
    ]);
    for (const r of routers) for (const i of r.ifs) sh(["ip", "-n", r.name, "link", "set", i, "up"]);
    for (const r of routers) sh(["ip", "-n", r.name, "addr", "add", `${r.id}/32`, "dev", "lo"]);
    for (const r of routers) {
      const dir = `/tmp/${r.name}`;
      mkdirSync(dir, { recursive: true });
      // The daemons drop to the frr user, which must own their sockets and pid files.
      sh(["chown", "frr:frr", dir]);
      const neighbors = r.ifs.map((i) => ` neighbor ${i} interface remote-as external`).join("\n");
      writeFileSync(
        `${dir}/frr.conf`,
        `frr defaults datacenter\nrouter bgp ${r.asn}\n bgp router-id ${r.id}\n no bgp ebgp-requires-policy\n${neighbors}\n` +
          ` address-family ipv4 unicast\n  network ${r.id}/32\n exit-address-family\n`,
      );
      for (const daemon of ["zebra", "bgpd"]) {
        const child = spawnSync(
          "ip",
          [
            "netns",
            "exec",
            r.name,
            `${FRR}/${daemon}`,
            "-d",
            "-f",
            `${dir}/frr.conf`,
            "-i",
            `${dir}/${daemon}.pid`,
            "--vty_socket",
            dir,
            "-z",
            `${dir}/zserv.api`,
            ...(daemon === "bgpd" ? ["-p", "179"] : []),
          ],
          { encoding: "utf8" },
        );
        if (child.status !== 0) throw new Error(`${daemon} in ${r.name}: ${child.stderr}`);
        pids.push(Number(readFileSync(`${dir}/${daemon}.pid`, "utf8")));
      }
    }
    const deadline = Date.now() + 60_000;
    const seconds = () => Number(process.hrtime.bigint() - start) / 1e9;
    let established;
    for (;;) {
      if (established === undefined) {
        const out = spawnSync("vtysh", ["--vty_socket", `/tmp/${r0.name}`, "-c", "show bgp summary json"], {
          encoding: "utf8",
        });
        const peers =
          out.status === 0 ? Object.values(JSON.parse(out.stdout || "{}").ipv4Unicast?.peers ?? {}) : [];
        if (peers.length === 2 && peers.every((p) => p.state === "Established")) established = seconds();
      }
      if (established !== undefined && hasRoute(t0.name, `${t1.id}/32`) && hasRoute(t1.name, `${t0.id}/32`))
        return { established, routes: seconds() };
      if (Date.now() > deadline) throw new Error("the floor lab did not converge in 60 s");
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    for (const pid of pids) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    for (const r of routers) {
      spawnSync("ip", ["netns", "del", r.name]);
      rmSync(`/tmp/${r.name}`, { recursive: true, force: true });
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await floorRuns());
  console.log(describeMachine());
  console.log(`load average before: ${load}`);
  for (const key of ["established", "routes"]) {
    const t = times.map((x) => x[key]);
    console.log(
      `floor (3 FRR routers, unnumbered eBGP, bare namespaces) → ${key === "routes" ? "routes through" : "Established"}: median ${median(t).toFixed(2)} s of ${runs} (${t.map((v) => v.toFixed(2)).join(", ")})`,
    );
  }
}
