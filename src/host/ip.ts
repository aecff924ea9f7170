// Typed wrappers around iproute2. State is read with `ip -json`, never by scraping text.
// A `NetnsPath` is any file naming a network namespace (`/run/netns/x`, `/proc/PID/ns/net`):
// `ip -n` only accepts names under /run/netns, so work inside a namespace goes through
// `nsenter --net=PATH ip …`, which accepts both.
import { existsSync } from "node:fs";
import { FabricError } from "../errors.js";
import { attempt, commandFailed, run } from "./command.js";

/** undefined means the host's own network namespace. */
export type NetnsPath = string | undefined;

export interface IpLink {
  readonly ifname: string;
  readonly ifindex: number;
  readonly mtu: number;
  readonly operstate?: string;
  readonly flags: readonly string[];
  readonly master?: string;
  readonly link_type?: string;
  readonly linkinfo?: { readonly info_kind?: string };
}

export interface IpAddrInfo {
  readonly family: string;
  readonly local: string;
  readonly prefixlen: number;
}

export interface IpAddr extends IpLink {
  readonly addr_info: readonly IpAddrInfo[];
}

/**
 * The argv that runs `ip ARGS` in a namespace (pure, so the shape is unit-tested). Through
 * `nsenter --net`, not `ip -n NAME`: ip -n also unshares a mount namespace (to remount /sys),
 * which copies every mount on the host, one /run/netns pin per node of every lab: with 8,279
 * mounts, 10 `ip -n` took 405 ms and 10 `nsenter --net … ip` 101 ms.
 */
export function ipArgv(netns: NetnsPath, args: readonly string[]): [string, string[]] {
  return netns === undefined ? ["ip", [...args]] : ["nsenter", [`--net=${netns}`, "--", "ip", ...args]];
}

export async function ip(netns: NetnsPath, args: readonly string[]): Promise<string> {
  const [file, argv] = ipArgv(netns, args);
  return (await run(file, argv)).stdout;
}

async function ipJson<T>(netns: NetnsPath, args: readonly string[]): Promise<T> {
  const out = await ip(netns, ["-json", ...args]);
  try {
    return (out.trim() === "" ? [] : JSON.parse(out)) as T;
  } catch (cause) {
    throw new FabricError(
      "host-bad-output",
      `ip -json ${args.join(" ")} printed something that is not JSON`,
      {
        cause,
      },
    );
  }
}

export function listLinks(netns: NetnsPath): Promise<IpLink[]> {
  return ipJson<IpLink[]>(netns, ["-details", "link", "show"]);
}

export function listAddrs(netns: NetnsPath): Promise<IpAddr[]> {
  return ipJson<IpAddr[]>(netns, ["addr", "show"]);
}

export async function linkExists(netns: NetnsPath, ifname: string): Promise<boolean> {
  // On the host, sysfs answers without a process (this process's /sys is the host's network
  // namespace's); a name with a slash could not be an interface, and would be a path there.
  if (netns === undefined && !ifname.includes("/")) return existsSync(`/sys/class/net/${ifname}`);
  const [file, argv] = ipArgv(netns, ["-json", "link", "show", "dev", ifname]);
  const r = await attempt(file, argv);
  return r.exitCode === 0;
}

/**
 * Creates a veth pair whose ends are born in their namespaces under their final names, in one
 * netlink request: nothing ever appears on the host under a temporary name, so a crash halfway
 * leaves no stray interface to find, and a name clash fails before anything exists.
 *
 * `up` and `master` apply to end `a` only: the kernel refuses to open a peer that is not registered
 * yet (ENOTCONN), so `b` is brought up by whoever next works in its namespace.
 */
export function vethAddArgs(a: VethEnd, b: VethEnd, mtu: number, opts: VethOptions = {}): string[] {
  return [
    "link", "add", "name", a.ifname, "mtu", String(mtu), ...netnsArgs(a.netns),
    ...(opts.master !== undefined ? ["master", opts.master] : []), ...(opts.up ? ["up"] : []),
    "type", "veth", "peer", "name", b.ifname, "mtu", String(mtu), ...netnsArgs(b.netns),
  ]; // prettier-ignore
}

export interface VethEnd {
  readonly netns: NetnsPath;
  readonly ifname: string;
}

export interface VethOptions {
  /** Bring end `a` up in the same request. */
  readonly up?: boolean;
  /** Enslave end `a` to this bridge (in a's namespace) in the same request. */
  readonly master?: string;
}

function netnsArgs(netns: NetnsPath): string[] {
  return netns === undefined ? [] : ["netns", netns];
}

export async function setLinkUp(netns: NetnsPath, ifname: string): Promise<void> {
  await ip(netns, ["link", "set", "dev", ifname, "up"]);
}

export async function addAddress(netns: NetnsPath, ifname: string, cidr: string): Promise<void> {
  await ip(netns, ["addr", "add", cidr, "dev", ifname]);
}

export async function addBridge(name: string): Promise<void> {
  await ip(undefined, ["link", "add", "name", name, "type", "bridge"]);
}

/** Deletes a link if it exists; true when it did. Idempotent so teardown can always call it. */
export async function deleteLinkIfExists(netns: NetnsPath, ifname: string): Promise<boolean> {
  const [file, argv] = ipArgv(netns, ["link", "del", "dev", ifname]);
  const r = await attempt(file, argv);
  if (r.exitCode === 0) return true;
  if (/Cannot find device|does not exist|No such device/i.test(r.stderr)) return false;
  // A namespace that is already gone holds no link either.
  if (netns !== undefined && /No such file or directory|Invalid argument/i.test(r.stderr)) return false;
  throw commandFailed(file, argv, r);
}

/** `ip netns attach NAME PID`: makes /run/netns/NAME name that process's network namespace. */
export function netnsAttachArgs(name: string, pid: number): string[] {
  return ["netns", "attach", name, String(pid)];
}

export async function netnsAttach(name: string, pid: number): Promise<void> {
  await ip(undefined, netnsAttachArgs(name, pid));
}

/** `ip netns delete NAME`, tolerating a name that no longer exists. */
export async function netnsDeleteIfExists(name: string): Promise<boolean> {
  const r = await attempt("ip", ["netns", "delete", name]);
  if (r.exitCode === 0) return true;
  if (/No such file or directory/i.test(r.stderr)) return false;
  throw commandFailed("ip", ["netns", "delete", name], r);
}

export async function netnsList(): Promise<string[]> {
  const list = await ipJson<{ name: string }[]>(undefined, ["netns", "list"]);
  return list.map((n) => n.name);
}
