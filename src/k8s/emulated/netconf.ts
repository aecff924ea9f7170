// What Cilium's native routing sets up on a node and in a pod, as argv run inside them. Pure, so
// the exact commands are unit-tested; the provider runs them through the Runtime.
//
// Cilium (routingMode=native, the reference lab's setting) gives each node a `cilium_host`
// interface (one end of the cilium_host/cilium_net veth pair) holding the node's router IP from
// its PodCIDR, and each pod a veth whose host side
// `lxc…` has no address. The node routes each pod's /32 to its lxc device; the pod has its
// address as a /32 and a default route via the router IP. Cilium answers the pod's ARP for the
// router IP from eBPF on the lxc device; without eBPF, proxy ARP on lxc gives the same answer.
// Forwarding is on in the node so it routes between pods, cilium_host and the fabric. A
// dual-stack pod gets the same in each family (IPv6: host prefixes, proxy NDP).
import { isIpv6 } from "../../net/index.js";
import { CILIUM_HOST, POD_IFNAME } from "../names.js";
import type { PodPlan } from "../pod-plan.js";

export type Argv = readonly string[];

export const FORWARDING_ARGV: Argv = [
  "sysctl",
  "-qw",
  "net.ipv4.ip_forward=1",
  "net.ipv6.conf.all.forwarding=1",
];

/**
 * In the node, once the cilium_host/cilium_net pair exists: the router address of each family, a
 * host prefix as Cilium assigns it. IPv6 ones skip duplicate address detection: the address is
 * the node's own by construction, and a tentative one would fail the pods' first seconds.
 */
export function ciliumHostArgvs(gateways: readonly string[]): Argv[] {
  return gateways.map((gateway) =>
    isIpv6(gateway)
      ? ["ip", "-6", "addr", "add", `${gateway}/128`, "dev", CILIUM_HOST, "nodad"]
      : ["ip", "addr", "add", `${gateway}/32`, "dev", CILIUM_HOST],
  );
}

/**
 * In the node, once the veth exists. `src` makes the node answer from the router address, so a
 * traceroute from the pod shows the gateway as its first hop (lxc has no address of its own).
 * IPv6 has no proxy ARP: proxy NDP with an entry for the router address answers the pod's
 * neighbour solicitation for it instead (the kernel does so only with forwarding on, which
 * FORWARDING_ARGV sets).
 */
export function nodeSideArgvs(pod: PodPlan): Argv[] {
  return pod.addresses.flatMap(({ ip, gateway }): Argv[] =>
    isIpv6(ip)
      ? [
          ["sysctl", "-qw", `net.ipv6.conf.${pod.lxc}.proxy_ndp=1`],
          ["ip", "-6", "neigh", "replace", "proxy", gateway, "dev", pod.lxc],
          ["ip", "-6", "route", "replace", `${ip}/128`, "dev", pod.lxc, "src", gateway],
        ]
      : [
          ["sysctl", "-qw", `net.ipv4.conf.${pod.lxc}.proxy_arp=1`],
          ["ip", "route", "replace", `${ip}/32`, "dev", pod.lxc, "src", gateway],
        ],
  );
}

/**
 * In the pod: its host address of each family and a default route to a gateway outside it —
 * `onlink` for IPv4; for IPv6 a host route to the gateway first, which every kernel takes.
 */
export function podSideArgvs(pod: PodPlan): Argv[] {
  return pod.addresses.flatMap(({ ip, gateway }): Argv[] =>
    isIpv6(ip)
      ? [
          ["ip", "-6", "addr", "add", `${ip}/128`, "dev", POD_IFNAME, "nodad"],
          ["ip", "-6", "route", "add", `${gateway}/128`, "dev", POD_IFNAME],
          ["ip", "-6", "route", "add", "default", "via", gateway, "dev", POD_IFNAME],
        ]
      : [
          ["ip", "addr", "add", `${ip}/32`, "dev", POD_IFNAME],
          ["ip", "route", "add", "default", "via", gateway, "dev", POD_IFNAME, "onlink"],
        ],
  );
}

/**
 * Several commands as one `sh -c` line, run in order and stopping at the first that fails (its
 * status is the line's). Every word is single-quoted, so nothing in it means anything to the
 * shell; the words are fabric's own (addresses, interface names) in any case.
 */
export function chainedArgv(argvs: readonly Argv[]): Argv {
  if (argvs.length === 1) return argvs[0]!;
  return ["sh", "-c", argvs.map((argv) => argv.map(shellWord).join(" ")).join(" && ")];
}

function shellWord(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
