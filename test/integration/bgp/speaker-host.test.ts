// One speaker host running two nodes' speakers whose namespaces have the *same* addresses on
// different veth pairs (10.99.0.1 ↔ 10.99.0.2 twice): each instance's sockets are created in its
// own namespace, so each reaches its own FRR and advertises only its own PodCIDR there. Also:
// the eBGP TTL is set per socket (counted by netfilter in the peer's namespace), stopping one
// instance does not disturb the other, and a namespace that cannot be entered fails that
// instance with a clear error while the host stays in its own namespace.
import { execa, type ResultPromise } from "execa";
import { mkdtempSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { askHost, requireHost } from "../../../src/bgp/speaker/host/client.js";
import { hostSocketPath } from "../../../src/bgp/speaker/host/run.js";
import { askSpeaker } from "../../../src/bgp/speaker/index.js";
import type { NetPair } from "../../support/bgp-peers.js";
import { FrrPeer, createPair, destroyPair, eventually } from "../../support/bgp-peers.js";
import { frrConf, frrHas, frrSession, instanceSpec, speakerConfig } from "../../support/speaker-host-rig.js";

const dir = mkdtempSync(path.join(tmpdir(), "sh-host-"));
const pairs: NetPair[] = [];
const frrs: FrrPeer[] = [];
let host: ResultPromise | undefined;
let hostLog = "";

/** Packets from the speaker to the peer's port 179 with this TTL exactly, and with any other. */
async function ttlCounts(p: NetPair, ttl: number): Promise<{ exact: number; other: number }> {
  const out = (await execa("ip", ["netns", "exec", p.peerNs, "iptables", "-w", "-nvxL", "INPUT"])).stdout;
  const count = (tag: string): number =>
    Number(
      out
        .split("\n")
        .find((l) => l.includes(tag))
        ?.trim()
        .split(/\s+/)[0] ?? -1,
    );
  return { exact: count(`sh-ttl-eq-${ttl}`), other: count(`sh-ttl-ne-${ttl}`) };
}

async function countTtl(p: NetPair, ttl: number): Promise<void> {
  const base = [
    "netns",
    "exec",
    p.peerNs,
    "iptables",
    "-w",
    "-A",
    "INPUT",
    "-s",
    p.speakerV4,
    "-p",
    "tcp",
    "--dport",
    "179",
  ];
  await execa("ip", [
    ...base,
    "-m",
    "ttl",
    "--ttl-eq",
    String(ttl),
    "-m",
    "comment",
    "--comment",
    `sh-ttl-eq-${ttl}`,
  ]);
  await execa("ip", [
    ...base,
    "-m",
    "ttl",
    "!",
    "--ttl-eq",
    String(ttl),
    "-m",
    "comment",
    "--comment",
    `sh-ttl-ne-${ttl}`,
  ]);
}

describe("one speaker host, two nodes with the same addresses", () => {
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const p = await createPair("sh-h");
      pairs.push(p);
      const f = new FrrPeer(p, frrConf(p));
      frrs.push(f);
      await f.start();
    }
    await countTtl(pairs[0]!, 1);
    await countTtl(pairs[1]!, 3);
    host = execa(process.execPath, [path.resolve("bin/fabric.js"), "speaker", "host", "--dir", dir], {
      reject: false,
      all: true,
    });
    host.all?.on("data", (d: Buffer) => (hostLog += d.toString()));
    await eventually(
      "the host's control socket",
      () => askHost(hostSocketPath(dir), { op: "status" }),
      (r) => r.ok,
    );
  });

  afterAll(async () => {
    host?.kill("SIGTERM");
    await host;
    for (const f of frrs) f.stop();
    for (const p of pairs) await destroyPair(p);
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs each instance in its own namespace, with its own TTL, and stops one without the other", async () => {
    const [a, b] = pairs as [NetPair, NetPair];
    const [fa, fb] = frrs as [FrrPeer, FrrPeer];
    const sock = hostSocketPath(dir);
    await requireHost(sock, {
      op: "add",
      instance: instanceSpec(dir, a, "node-a", speakerConfig(a, "node-a", "10.1.1.0/24", 1)),
    });
    await requireHost(sock, {
      op: "add",
      instance: instanceSpec(dir, b, "node-b", speakerConfig(b, "node-b", "10.1.2.0/24", 3)),
    });

    // Same peer address in both namespaces: each FRR sees only its own node's PodCIDR.
    await eventually("FRR a has node-a's PodCIDR", () => frrHas(fa, "10.1.1.0/24"), Boolean);
    await eventually("FRR b has node-b's PodCIDR", () => frrHas(fb, "10.1.2.0/24"), Boolean);
    expect(await frrHas(fa, "10.1.2.0/24")).toBe(false);
    expect(await frrHas(fb, "10.1.1.0/24")).toBe(false);

    // Each instance answers on its own control socket, as a sidecar did.
    const peersA = await askSpeaker(path.join(dir, "node-a.sock"), { command: "peers" });
    expect(peersA.ok && "peers" in peersA && peersA.peers[0]).toMatchObject({
      node: "node-a",
      state: "established",
    });

    // And the host answers for both at once (`peers`), the rows each control socket gives.
    const all = await requireHost(sock, { op: "peers" });
    expect(all.instances?.map((i) => [i.name, i.state, i.peers[0]?.node, i.peers[0]?.state])).toEqual([
      ["node-a", "running", "node-a", "established"],
      ["node-b", "running", "node-b", "established"],
    ]);

    // IP_TTL per socket: every packet of node-a's session left with TTL 1, node-b's with 3.
    const ttlA = await ttlCounts(a, 1);
    const ttlB = await ttlCounts(b, 3);
    expect(ttlA.exact).toBeGreaterThan(0);
    expect(ttlA.other).toBe(0);
    expect(ttlB.exact).toBeGreaterThan(0);
    expect(ttlB.other).toBe(0);

    // Stopping node-a: Cease to FRR a, which withdraws its route; node-b's session is untouched.
    const before = await frrSession(fb, b);
    await requireHost(sock, { op: "stop", name: "node-a" });
    const stopped = await requireHost(sock, { op: "peers" });
    expect(stopped.instances?.find((i) => i.name === "node-a")).toEqual({
      name: "node-a",
      state: "stopped",
      peers: [],
    });
    await eventually(
      "FRR a drops node-a's PodCIDR",
      () => frrHas(fa, "10.1.1.0/24"),
      (has) => !has,
    );
    const lastA = JSON.parse(await fa.vtysh(`show bgp neighbors ${a.speakerV4} json`)) as Record<
      string,
      { lastNotificationReason?: string }
    >;
    expect(lastA[a.speakerV4]?.lastNotificationReason).toMatch(/Cease\/Administrative Shutdown/);
    await new Promise((r) => setTimeout(r, 4000)); // longer than the hold time
    expect(await frrSession(fb, b)).toEqual({ state: "Established", established: before.established });
    expect(await frrHas(fb, "10.1.2.0/24")).toBe(true);

    // And back.
    const started = await requireHost(sock, { op: "start", name: "node-a" });
    expect(started.instance?.state).toBe("running");
    await eventually("FRR a has node-a's PodCIDR again", () => frrHas(fa, "10.1.1.0/24"), Boolean);
  });

  it("fails an instance whose namespace cannot be entered, and stays in its own", async () => {
    const sock = hostSocketPath(dir);
    const [a] = pairs as [NetPair];
    const hostPid = (await requireHost(sock, { op: "status" })).status?.pid ?? 0;
    const myNs = readlinkSync("/proc/self/ns/net");

    // Not a network namespace: setns(CLONE_NEWNET) refuses it.
    const uts = {
      ...instanceSpec(dir, a, "bad-uts", speakerConfig(a, "bad-uts", "10.1.9.0/24", 1)),
      netns: "/proc/self/ns/uts",
    };
    const refused = await askHost(sock, { op: "add", instance: uts });
    expect(refused).toMatchObject({ ok: false, code: "netns-enter-failed" });
    expect(refused.ok ? "" : refused.error).toContain("/proc/self/ns/uts");

    const missing = { ...uts, name: "bad-missing", netns: "/run/netns/sh-does-not-exist" };
    expect(await askHost(sock, { op: "add", instance: missing })).toMatchObject({
      ok: false,
      code: "netns-open-failed",
    });

    expect(readlinkSync(`/proc/${hostPid}/ns/net`)).toBe(myNs);
    const status = (await requireHost(sock, { op: "status" })).status;
    expect(status?.instances.find((i) => i.name === "bad-uts")).toMatchObject({ state: "stopped" });
    expect(
      status?.instances
        .filter((i) => i.state === "running")
        .map((i) => i.name)
        .sort(),
    ).toEqual(["node-a", "node-b"]);
    expect(status?.loopDelayMs.max).toBeGreaterThan(0);

    // The protocol refuses what it does not know, and lines that never end.
    expect(await askHost(sock, { op: "explode" } as never)).toMatchObject({ ok: false, code: "bad-request" });
  });
});
