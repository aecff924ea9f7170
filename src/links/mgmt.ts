// The per-lab management network: a host bridge holding the subnet's first address, one veth per
// node with `eth0` inside. It is host-only on purpose (DESIGN.md §6): no NAT, no default route in
// nodes, and when the host forwards IPv4, a FORWARD rule dropping whatever the host would route
// from the bridge to another interface, so no node can use the host as a router to anywhere.
//
// Two rules, each narrow on purpose:
// - FORWARD `-i BR ! -o BR`: where br_netfilter is loaded (wherever Docker runs) frames bridged
//   from one node to another also cross FORWARD, with BR as both their in and out interface; a
//   plain `-i BR` drop cut node-to-node traffic on the management network (100 % loss).
// - INPUT `-i BR`, new TCP/UDP only: host services listening on 0.0.0.0 are not the lab's to
//   reach through the bridge address; replies to connections the host opens, and ping of the
//   gateway, still work.
import { deleteRule, insertRule, type IptablesRule } from "../host/iptables.js";
import {
  addAddress,
  addBridge,
  deleteLinkIfExists,
  linkExists,
  listAddrs,
  setLinkUp,
  vethAddArgs,
} from "../host/ip.js";
import { hostIp, ipBatch } from "../host/ip-batch.js";
import { readSysctl } from "../host/sysctl.js";
import { hostAddress, interfaceText, requireCidr } from "../net/index.js";
import {
  bridgeForPort,
  planMgmtSegments,
  PORTS_PER_BRIDGE,
  type MgmtSegmentRecord,
} from "./mgmt-segments.js";
import { mgmtBridgeName, mgmtHostIfname } from "./names.js";
import type { LinkEnd, MgmtAttachmentRecord, MgmtNetworkRecord } from "./types.js";

export const MGMT_IFNAME = "eth0";

export function forwardDropRule(lab: string, bridge: string): IptablesRule {
  return {
    table: "filter",
    chain: "FORWARD",
    spec: [
      "-i",
      bridge,
      "!",
      "-o",
      bridge,
      "-m",
      "comment",
      "--comment",
      `fabric lab ${lab}: management network is host-only`,
      "-j",
      "DROP",
    ],
  };
}

export function inputDropRule(lab: string, bridge: string): IptablesRule {
  return {
    table: "filter",
    chain: "INPUT",
    spec: [
      "-i",
      bridge,
      "!",
      "-p",
      "icmp",
      "-m",
      "conntrack",
      "--ctstate",
      "NEW,INVALID",
      "-m",
      "comment",
      "--comment",
      `fabric lab ${lab}: nodes do not reach host services`,
      "-j",
      "DROP",
    ],
  };
}

/** The bridge's own address, the subnet's first host (`172.20.20.1/24`): the nodes' gateway. */
export function mgmtGateway(subnet: string): string {
  const cidr = requireCidr(subnet, "management subnet");
  return interfaceText(hostAddress(cidr, 1), cidr);
}

export interface MgmtNetworkOptions {
  /** How many nodes will be attached: past one bridge's ports, the network gets segment bridges. */
  readonly ports?: number;
  /** Node ports per bridge (mgmt-segments.ts); tests lower it to spread a few nodes over bridges. */
  readonly portsPerBridge?: number;
}

/** The record to write down before `createMgmtNetwork`; the rule is always named, so teardown can look for it. */
export function planMgmtNetwork(
  lab: string,
  subnet: string,
  options: MgmtNetworkOptions = {},
): MgmtNetworkRecord {
  const bridge = mgmtBridgeName(lab);
  const portsPerBridge = options.portsPerBridge ?? PORTS_PER_BRIDGE;
  const segments = planMgmtSegments(lab, options.ports ?? 0, portsPerBridge);
  return {
    kind: "mgmt-network",
    lab,
    bridge,
    subnet,
    gateway: mgmtGateway(subnet),
    forwardDrop: forwardDropRule(lab, bridge),
    inputDrop: inputDropRule(lab, bridge),
    ...(segments.length > 0 && { segments, portsPerBridge }),
  };
}

/** Creates (or completes, after a crash) the bridge; returns whether the FORWARD rule was needed. */
export async function createMgmtNetwork(net: MgmtNetworkRecord): Promise<{ forwardDropInserted: boolean }> {
  if (!(await linkExists(undefined, net.bridge))) {
    // A new bridge has no address to look for: made, addressed and up by one process. One each,
    // with a look at every address on the host between them, was five before any node could
    // be wired.
    await ipBatch(undefined, [
      ["link", "add", "name", net.bridge, "type", "bridge"],
      ["addr", "add", net.gateway, "dev", net.bridge],
      ["link", "set", "dev", net.bridge, "up"],
    ]);
  } else await completeBridge(net);
  for (const segment of net.segments ?? []) await createSegment(net.bridge, segment);
  if (net.inputDrop) await insertRule(net.inputDrop);
  const forwarding = (await readSysctl("net.ipv4.ip_forward")) === "1";
  if (forwarding && net.forwardDrop) await insertRule(net.forwardDrop);
  return { forwardDropInserted: forwarding && net.forwardDrop !== undefined };
}

/** A bridge a crashed deploy left: its gateway address unless it has it, and up. */
async function completeBridge(net: MgmtNetworkRecord): Promise<void> {
  const addrs = await listAddrs(undefined);
  const [gatewayIp, gatewayLen] = net.gateway.split("/");
  const has = addrs.some(
    (l) =>
      l.ifname === net.bridge &&
      l.addr_info.some((a) => a.local === gatewayIp && String(a.prefixlen) === gatewayLen),
  );
  if (!has) await addAddress(undefined, net.bridge, net.gateway);
  await setLinkUp(undefined, net.bridge);
}

/** A segment bridge and its trunk to the root, each step skipped if a crashed deploy already made it. */
async function createSegment(root: string, segment: MgmtSegmentRecord): Promise<void> {
  if (!(await linkExists(undefined, segment.bridge))) await addBridge(segment.bridge);
  if (!(await linkExists(undefined, segment.rootEnd))) {
    await ipBatch(undefined, [
      vethAddArgs(
        { netns: undefined, ifname: segment.rootEnd },
        { netns: undefined, ifname: segment.segmentEnd },
        1500,
        { master: root, up: true },
      ),
    ]);
  }
  await ipBatch(undefined, [
    ["link", "set", "dev", segment.segmentEnd, "master", segment.bridge, "up"],
    ["link", "set", "dev", segment.bridge, "up"],
  ]);
}

export async function removeMgmtNetwork(net: MgmtNetworkRecord): Promise<void> {
  if (net.forwardDrop) await deleteRule(net.forwardDrop);
  if (net.inputDrop) await deleteRule(net.inputDrop);
  // Deleting one end of a trunk deletes the pair; the bridges go once their ports are gone.
  for (const segment of net.segments ?? []) {
    await deleteLinkIfExists(undefined, segment.rootEnd);
    await deleteLinkIfExists(undefined, segment.bridge);
  }
  await deleteLinkIfExists(undefined, net.bridge);
}

/**
 * `address` is `a.b.c.d/len` from the management subnet (see hostAddress); `port` is the node's
 * place in attachment order (0-based), which picks its bridge when the network has segments.
 */
export function planMgmtAttachment(
  net: MgmtNetworkRecord,
  node: Omit<LinkEnd, "ifname">,
  address: string,
  port = 0,
): MgmtAttachmentRecord {
  return {
    kind: "mgmt-attachment",
    bridge: bridgeForPort(net.bridge, net.segments ?? [], port, net.portsPerBridge),
    hostIfname: mgmtHostIfname(net.lab, node.node),
    node: { ...node, ifname: MGMT_IFNAME },
    address,
  };
}

/** The pair, its host end enslaved and up (in the host's shared batch); then one process in the node for eth0. */
export async function attachToMgmt(att: MgmtAttachmentRecord): Promise<void> {
  await hostIp.run(
    vethAddArgs(
      { netns: undefined, ifname: att.hostIfname },
      { netns: att.node.netns, ifname: att.node.ifname },
      1500,
      { master: att.bridge, up: true },
    ),
  );
  await ipBatch(att.node.netns, [
    ["addr", "add", att.address, "dev", att.node.ifname],
    ["link", "set", "dev", att.node.ifname, "up"],
  ]);
}

/** The host end names the pair on the host, so this works even once the node is gone. */
export async function detachFromMgmt(att: MgmtAttachmentRecord): Promise<void> {
  await deleteLinkIfExists(undefined, att.hostIfname);
}
