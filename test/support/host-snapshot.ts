// What a lab can leave behind on the host, captured before and after, so tests can assert that
// teardown left nothing. Other people's labs run concurrently on the same host, so the diff only
// looks at things that name this lab (or names the caller lists), FRR daemons included: each is
// labelled with the fabric node it runs in.
import { readdir, readFile } from "node:fs/promises";
import { execa } from "execa";
import { readMountInfo } from "../../src/host/mount.js";
import { listPids, readProcStat } from "../../src/host/proc.js";

export const DAEMON_NAMES = ["bgpd", "zebra", "watchfrr", "staticd", "mgmtd"] as const;

export interface HostSnapshot {
  readonly netns: readonly string[];
  readonly links: readonly string[];
  readonly bridges: readonly string[];
  readonly mounts: readonly string[];
  /** "comm/pid", plus " in /run/fabric/<lab>/<node>" when it runs in a fabric node. */
  readonly daemons: readonly string[];
  readonly forwardRules: readonly string[];
  readonly stateDirs: readonly string[];
}

async function ipJsonNames(args: string[], key: string): Promise<string[]> {
  const { stdout } = await execa("ip", ["-json", ...args]);
  const list = (stdout.trim() === "" ? [] : JSON.parse(stdout)) as Record<string, unknown>[];
  return list.map((e) => String(e[key]));
}

/**
 * Which fabric node a process runs in, read from its mounts: a node's root is an overlay whose
 * upper dir is on the tmpfs mounted at /run/fabric/<lab>/<node>/fs (its mount options say so).
 * This is what lets the diff ignore FRR daemons other people run concurrently in their own
 * namespaces.
 */
async function labelOf(pid: number): Promise<string> {
  const text = await readFile(`/proc/${pid}/mountinfo`, "utf8").catch(() => "");
  const m = /upperdir=(\/run\/fabric\/[^/,\s]+\/[^/,\s]+)\/fs\//.exec(text);
  return m ? ` in ${m[1]}` : "";
}

export async function takeSnapshot(): Promise<HostSnapshot> {
  const mounts = (await readMountInfo("self"))
    .map((m) => m.mountPoint)
    .filter((p) => p.startsWith("/run/fabric") || p.startsWith("/run/netns/"));
  const daemons: string[] = [];
  for (const pid of await listPids()) {
    const stat = await readProcStat(pid);
    if (stat && (DAEMON_NAMES as readonly string[]).includes(stat.comm)) {
      daemons.push(`${stat.comm}/${pid}${await labelOf(pid)}`);
    }
  }
  const rules = async (chain: string) => {
    const r = await execa("iptables", ["-w", "-S", chain], { reject: false });
    return r.exitCode === 0 ? r.stdout.split("\n").filter((l) => l !== "") : [];
  };
  return {
    netns: await ipJsonNames(["netns", "list"], "name"),
    links: await ipJsonNames(["link", "show"], "ifname"),
    bridges: await ipJsonNames(["link", "show", "type", "bridge"], "ifname"),
    mounts,
    daemons,
    forwardRules: [...(await rules("FORWARD")), ...(await rules("INPUT"))],
    stateDirs: await readdir("/run/fabric").catch(() => []),
  };
}

export interface DiffScope {
  readonly lab: string;
  /** Host names that belong to the lab without containing its name (hashed veth names). */
  readonly extraNames?: readonly string[];
}

/** One line per difference that belongs to the lab; empty means the host is as it was. */
export function diffSnapshots(before: HostSnapshot, after: HostSnapshot, scope: DiffScope): string[] {
  const ours = (s: string) => s.includes(scope.lab) || (scope.extraNames ?? []).some((n) => s.includes(n));
  const out: string[] = [];
  const keys = ["netns", "links", "bridges", "mounts", "forwardRules", "stateDirs"] as const;
  for (const key of keys) {
    const was = new Set(before[key].filter(ours));
    const now = new Set(after[key].filter(ours));
    for (const x of now) if (!was.has(x)) out.push(`+ ${key}: ${x}`);
    for (const x of was) if (!now.has(x)) out.push(`- ${key}: ${x}`);
  }
  const daemonsBefore = new Set(before.daemons);
  for (const d of after.daemons) if (!daemonsBefore.has(d) && ours(d)) out.push(`+ daemons: ${d}`);
  return out;
}
