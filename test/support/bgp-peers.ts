// Real BGP peers for the speaker's integration tests: a pair of network namespaces joined by a
// veth (speaker side .1, peer side .2), FRR (zebra + bgpd under their own -N pathspace, so
// nothing touches the host's FRR), and the speaker as a child process inside its namespace.
import { execa, type ResultPromise } from "execa";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { chownSync } from "node:fs";
import { execSync } from "node:child_process";
import path from "node:path";
import type { SpeakerConfig } from "../../src/bgp/config/speaker-config.js";
import { askSpeaker } from "../../src/bgp/speaker/index.js";
import type { PeerRow, RouteKind, RouteRow } from "../../src/bgp/status/index.js";

export interface NetPair {
  readonly name: string;
  readonly speakerNs: string;
  readonly peerNs: string;
  readonly speakerV4: string;
  readonly peerV4: string;
  readonly speakerV6: string;
  readonly peerV6: string;
}

async function ip(...argv: string[]): Promise<void> {
  await execa("ip", argv);
}

export async function createPair(prefix = "t-bgp"): Promise<NetPair> {
  const name = `${prefix}-${randomBytes(3).toString("hex")}`;
  const pair: NetPair = {
    name,
    speakerNs: `${name}-s`,
    peerNs: `${name}-p`,
    speakerV4: "10.99.0.1",
    peerV4: "10.99.0.2",
    speakerV6: "fd99::1",
    peerV6: "fd99::2",
  };
  await ip("netns", "add", pair.speakerNs);
  await ip("netns", "add", pair.peerNs);
  await ip("link", "add", `${name}a`, "type", "veth", "peer", "name", `${name}b`);
  await ip("link", "set", `${name}a`, "netns", pair.speakerNs);
  await ip("link", "set", `${name}b`, "netns", pair.peerNs);
  for (const [ns, dev, v4, v6] of [
    [pair.speakerNs, `${name}a`, pair.speakerV4, pair.speakerV6],
    [pair.peerNs, `${name}b`, pair.peerV4, pair.peerV6],
  ] as const) {
    await ip("-n", ns, "addr", "add", `${v4}/24`, "dev", dev);
    await ip("-n", ns, "addr", "add", `${v6}/64`, "dev", dev, "nodad");
    await ip("-n", ns, "link", "set", dev, "up");
    await ip("-n", ns, "link", "set", "lo", "up");
  }
  return pair;
}

export async function destroyPair(pair: NetPair): Promise<void> {
  for (const ns of [pair.speakerNs, pair.peerNs]) await execa("ip", ["netns", "del", ns], { reject: false });
}

/** FRR's zebra and bgpd in the peer namespace, under pathspace -N so they never meet the host's. */
export class FrrPeer {
  private readonly etc: string;
  private readonly run: string;

  constructor(
    readonly pair: NetPair,
    private readonly bgpdConf: string,
  ) {
    this.etc = `/etc/frr/${pair.name}`;
    this.run = `/var/run/frr/${pair.name}`;
  }

  async start(): Promise<void> {
    for (const d of [this.etc, this.run]) {
      mkdirSync(d, { recursive: true });
      chownSync(d, uid("frr"), gid("frr"));
    }
    writeFileSync(path.join(this.etc, "bgpd.conf"), this.bgpdConf);
    for (const f of ["zebra.conf", "vtysh.conf"]) writeFileSync(path.join(this.etc, f), "");
    for (const daemon of ["zebra", "bgpd"]) {
      await execa("ip", [
        "netns",
        "exec",
        this.pair.peerNs,
        `/usr/lib/frr/${daemon}`,
        "-N",
        this.pair.name,
        "-d",
        "-f",
        path.join(this.etc, `${daemon}.conf`),
      ]);
    }
  }

  async vtysh(...commands: string[]): Promise<string> {
    const argv = ["-N", this.pair.name, ...commands.flatMap((c) => ["-c", c])];
    return (await execa("vtysh", argv)).stdout;
  }

  /** SIGSTOP bgpd: the peer falls silent with its TCP connection still open. */
  freezeBgpd(): void {
    kill(path.join(this.run, "bgpd.pid"), "SIGSTOP");
  }

  /** SIGKILL bgpd (no NOTIFICATION; the kernel closes its sockets). */
  killBgpd(): void {
    kill(path.join(this.run, "bgpd.pid"), "SIGKILL");
  }

  async restartBgpd(): Promise<void> {
    await execa("ip", [
      "netns",
      "exec",
      this.pair.peerNs,
      "/usr/lib/frr/bgpd",
      "-N",
      this.pair.name,
      "-d",
      "-f",
      path.join(this.etc, "bgpd.conf"),
    ]);
  }

  stop(): void {
    for (const d of ["bgpd", "zebra"]) kill(path.join(this.run, `${d}.pid`), "SIGTERM");
    rmSync(this.etc, { recursive: true, force: true });
    rmSync(this.run, { recursive: true, force: true });
  }
}

function kill(pidFile: string, signal: NodeJS.Signals): void {
  try {
    process.kill(Number(readFileSync(pidFile, "utf8").trim()), signal);
  } catch {
    // Already gone.
  }
}

function uid(user: string): number {
  return Number(execSync(`id -u ${user}`).toString().trim());
}
function gid(user: string): number {
  return Number(execSync(`id -g ${user}`).toString().trim());
}

/** The built CLI's speaker as a child process inside the speaker namespace. */
export class SpeakerProcess {
  readonly configPath: string;
  readonly controlPath: string;
  private child: ResultPromise | undefined;
  log = "";

  constructor(
    readonly pair: NetPair,
    config: SpeakerConfig,
  ) {
    this.configPath = `/tmp/${pair.name}-speaker.json`;
    this.controlPath = `/tmp/${pair.name}-speaker.sock`;
    this.write(config);
  }

  write(config: SpeakerConfig): void {
    writeFileSync(this.configPath, JSON.stringify({ version: 1, speaker: config }, null, 2));
  }

  start(): void {
    const bin = path.resolve("bin/fabric.js");
    this.child = execa(
      "nsenter",
      [
        `--net=/run/netns/${this.pair.speakerNs}`,
        process.execPath,
        bin,
        "speaker",
        "run",
        "--config",
        this.configPath,
        "--control",
        this.controlPath,
      ],
      { reject: false, all: true },
    );
    this.child.all?.on("data", (d: Buffer) => (this.log += d.toString()));
  }

  signal(sig: NodeJS.Signals): void {
    this.child?.kill(sig);
  }

  async exit(): Promise<number | undefined> {
    const r = await this.child;
    return r?.exitCode;
  }

  async peers(): Promise<PeerRow[]> {
    const r = await askSpeaker(this.controlPath, { command: "peers" });
    return r.ok && "peers" in r ? [...r.peers] : [];
  }

  async routes(kind: RouteKind): Promise<RouteRow[]> {
    const r = await askSpeaker(this.controlPath, { command: "routes", kind });
    return r.ok && "routes" in r ? [...r.routes] : [];
  }

  async stop(): Promise<void> {
    if (!this.child) return;
    this.child.kill("SIGTERM");
    await this.child;
    this.child = undefined;
    rmSync(this.configPath, { force: true });
  }
}

export async function eventually<T>(
  what: string,
  f: () => Promise<T>,
  ok: (t: T) => boolean,
  timeoutMs = 15000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T | undefined;
  let error: unknown;
  while (Date.now() < until) {
    try {
      last = await f();
      if (ok(last)) return last;
    } catch (err) {
      error = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last) ?? String(error)}`);
}

/** BIRD 2 in the peer namespace with its own config, control socket and pid file. */
export class BirdPeer {
  readonly conf: string;
  readonly sock: string;
  readonly pidFile: string;

  constructor(
    readonly pair: NetPair,
    config: string,
  ) {
    this.conf = `/tmp/${pair.name}-bird.conf`;
    this.sock = `/tmp/${pair.name}-bird.ctl`;
    this.pidFile = `/tmp/${pair.name}-bird.pid`;
    writeFileSync(this.conf, config);
  }

  async start(): Promise<void> {
    await execa("ip", [
      "netns",
      "exec",
      this.pair.peerNs,
      "bird",
      "-c",
      this.conf,
      "-s",
      this.sock,
      "-P",
      this.pidFile,
    ]);
  }

  async birdc(...command: string[]): Promise<string> {
    return (await execa("birdc", ["-s", this.sock, ...command])).stdout;
  }

  stop(): void {
    kill(this.pidFile, "SIGTERM");
    for (const f of [this.conf, this.sock, this.pidFile]) rmSync(f, { force: true });
  }
}

/**
 * GoBGP's gobgpd in the peer namespace, its gRPC API on a loopback port of that namespace (so
 * `gobgp` must run there too). We start it ourselves, so its pid is ours to kill.
 */
export class GobgpPeer {
  readonly conf: string;
  readonly apiPort: number;
  private child: ResultPromise | undefined;
  log = "";

  constructor(
    readonly pair: NetPair,
    config: string,
  ) {
    this.conf = `/tmp/${pair.name}-gobgpd.toml`;
    this.apiPort = 50100 + Math.floor(Math.random() * 10000);
    writeFileSync(this.conf, config);
  }

  start(): void {
    this.child = execa(
      "ip",
      [
        "netns",
        "exec",
        this.pair.peerNs,
        "gobgpd",
        "-f",
        this.conf,
        "--api-hosts",
        `127.0.0.1:${this.apiPort}`,
        "--log-plain",
        "--pprof-disable",
      ],
      { reject: false, all: true },
    );
    this.child.all?.on("data", (d: Buffer) => (this.log += d.toString()));
  }

  /** `gobgp <args>` against this daemon, from inside its namespace. */
  async gobgp(...args: string[]): Promise<string> {
    const argv = ["netns", "exec", this.pair.peerNs, "gobgp", "-u", "127.0.0.1", "-p", String(this.apiPort)];
    return (await execa("ip", [...argv, ...args])).stdout;
  }

  async stop(): Promise<void> {
    if (this.child) {
      // `ip netns exec` execs gobgpd, so the child's pid is gobgpd's own.
      this.child.kill("SIGTERM");
      await this.child;
      this.child = undefined;
    }
    rmSync(this.conf, { force: true });
  }
}
