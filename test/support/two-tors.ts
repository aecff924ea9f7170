// A node namespace between two FRR ToRs (AS 65010 and AS 65011) that both reach a destination
// namespace holding 192.0.2.1: node --10.99.1.0/24-- tor1 --10.98.1.0/24-- dst, and the same
// through tor2. The node has no default route. Everything is named bk-…, recorded, and removed
// by cleanUpFabrics.
import { execa } from "execa";
import { randomBytes } from "node:crypto";
import type { NetPair } from "./bgp-peers.js";
import { FrrPeer } from "./bgp-peers.js";

export const ip = (...argv: string[]) => execa("ip", argv);
export const inNs = (ns: string, ...argv: string[]) =>
  execa("ip", ["netns", "exec", ns, ...argv], { reject: false });

export interface Fabric {
  readonly name: string;
  readonly node: string;
  readonly tors: readonly {
    readonly ns: string;
    readonly asn: number;
    readonly nodeSide: string;
    readonly torSide: string;
  }[];
  readonly dst: string;
}

const namespaces: string[] = [];
const frrs: FrrPeer[] = [];

export async function netns(name: string): Promise<string> {
  await ip("netns", "add", name);
  namespaces.push(name);
  await ip("-n", name, "link", "set", "lo", "up");
  return name;
}

async function link(a: string, aAddr: string, b: string, bAddr: string, tag: string): Promise<void> {
  await ip("link", "add", `${tag}a`, "type", "veth", "peer", "name", `${tag}b`);
  await ip("link", "set", `${tag}a`, "netns", a);
  await ip("link", "set", `${tag}b`, "netns", b);
  await ip("-n", a, "addr", "add", aAddr, "dev", `${tag}a`);
  await ip("-n", b, "addr", "add", bAddr, "dev", `${tag}b`);
  await ip("-n", a, "link", "set", `${tag}a`, "up");
  await ip("-n", b, "link", "set", `${tag}b`, "up");
}

/** node -- torA, node -- torB, torA -- dst, torB -- dst; dst holds 192.0.2.1. */
export async function buildFabric(): Promise<Fabric> {
  const name = `bk-${randomBytes(2).toString("hex")}`;
  const node = await netns(`${name}-node`);
  const dst = await netns(`${name}-dst`);
  const tors = [];
  for (const [i, asn] of [
    [1, 65010],
    [2, 65011],
  ] as const) {
    const ns = await netns(`${name}-tor${i}`);
    await link(node, `10.99.${i}.1/24`, ns, `10.99.${i}.2/24`, `${name}n${i}`);
    await link(ns, `10.98.${i}.1/24`, dst, `10.98.${i}.2/24`, `${name}d${i}`);
    await inNs(ns, "sysctl", "-qw", "net.ipv4.ip_forward=1");
    await ip("-n", ns, "route", "add", "192.0.2.0/24", "via", `10.98.${i}.2`);
    await ip("-n", dst, "route", "add", `10.99.${i}.0/24`, "via", `10.98.${i}.1`);
    tors.push({ ns, asn, nodeSide: `10.99.${i}.1`, torSide: `10.99.${i}.2` });
  }
  await ip("-n", dst, "addr", "add", "192.0.2.1/32", "dev", "lo");
  return { name, node, tors, dst };
}

export async function startTor(f: Fabric, i: number, extraNetworks: string[]): Promise<FrrPeer> {
  const tor = f.tors[i];
  if (!tor) throw new Error(`no tor ${i}`);
  // FrrPeer only needs the namespace and a unique pathspace name.
  const pair = { name: `${f.name}t${i}`, peerNs: tor.ns } as NetPair;
  const frr = new FrrPeer(
    pair,
    `router bgp ${tor.asn}
 bgp router-id ${tor.torSide}
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor ${tor.nodeSide} remote-as 65001
 neighbor ${tor.nodeSide} timers 1 3
 neighbor ${tor.nodeSide} timers connect 1
 address-family ipv4 unicast
  network 192.0.2.0/24
${extraNetworks.map((n) => `  network ${n}\n`).join("")} exit-address-family
`,
  );
  frrs.push(frr);
  await frr.start();
  return frr;
}

export async function cleanUpFabrics(): Promise<void> {
  for (const f of frrs.splice(0)) f.stop();
  for (const ns of namespaces.splice(0)) await execa("ip", ["netns", "del", ns], { reject: false });
}
