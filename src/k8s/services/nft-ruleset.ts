// Each Kubernetes node's Service load balancing as one nftables table, the job kube-proxy (or
// Cilium's kube-proxy replacement, in eBPF) does on a real node. Pure: the text for `nft -f`.
//
// Why nftables rather than IPVS: the whole table is replaced in one `nft -f` transaction (the
// kernel applies all of it or none, so endpoints change without a window of half-written rules);
// `numgen random mod N` spreads new connections over the endpoints with no per-backend setup; and
// it needs no kernel module loaded: here CONFIG_NF_TABLES, CONFIG_NFT_NAT and CONFIG_NFT_NUMGEN
// are built in, while the kernel has no IPVS at all (no /proc/net/ip_vs, CONFIG_IP_VS unset) and
// no modules directory to load it from.
//
// Return path. An endpoint on this node: the pod's reply comes back through this node (its
// default gateway) and conntrack undoes the DNAT, so the client's address is kept — what
// externalTrafficPolicy Local promises. An endpoint on another node, for a client outside the pod
// network (a router, another node): the pod would answer the client directly from its own address
// through its own node, a reply the client never asked for; so such connections are masqueraded
// to this node's address, as Cilium's kube-proxy replacement does in its default SNAT mode.
// Clients in the pod network keep their address either way: their replies pass their own node,
// where the DNAT was done. A pod reaching itself through its Service (hairpin) is masqueraded too,
// or it would answer itself from its own address.
//
// Traffic to a Service address that no rule takes (no ready endpoint, a port the Service does not
// have, a Local address on a node without a local endpoint) is refused — a TCP reset, ICMP for the
// rest — instead of following the default route back into the fabric.
import type { DeployedService } from "../../state/lab-info.js";
import type { Endpoint, PortEndpoints } from "./endpoints.js";

export const NFT_TABLE = "fabric-svc";
/** kube-proxy's masquerade mark, so a reader of the ruleset recognises it. */
const MASQ_MARK = "0x4000";

export interface NodeServices {
  readonly node: string;
  /** The cluster's pod network: clients in it keep their address. */
  readonly podSubnet: string;
  readonly services: readonly {
    readonly service: DeployedService;
    readonly ports: readonly PortEndpoints[];
  }[];
}

const proto = (p: "TCP" | "UDP"): string => p.toLowerCase();

/** Addresses reached from outside the cluster, which externalTrafficPolicy governs. */
function externalAddresses(s: DeployedService): readonly string[] {
  return [...s.externalIPs, ...s.loadBalancerIPs];
}

/** The whole table, deleted and written again in one transaction. */
export function nodeRuleset(input: NodeServices): string {
  const dispatch: string[] = [];
  const chains: string[] = [];
  const refused = new Set<string>();
  input.services.forEach(({ service, ports }, si) => {
    const id = `${service.namespace}/${service.name}`;
    for (const a of [...service.clusterIPs, ...externalAddresses(service)]) if (isV4(a)) refused.add(a);
    ports.forEach(({ port, endpoints }, pi) => {
      const local = endpoints.filter((e) => e.node === input.node);
      const all = `svc-${si}-${pi}`;
      const onlyLocal = `svc-${si}-${pi}-local`;
      const comment = `comment "${id}:${port.port}/${port.protocol}"`;
      const match = (address: string, chain: string): string =>
        `    ip daddr ${address} ${proto(port.protocol)} dport ${port.port} goto ${chain} ${comment}`;
      if (endpoints.length > 0) {
        for (const a of service.clusterIPs.filter(isV4)) dispatch.push(match(a, all));
        chains.push(...balance(all, endpoints, input, port.protocol));
      }
      const external = externalAddresses(service).filter(isV4);
      if (service.externalTrafficPolicy === "Local") {
        if (local.length > 0) {
          for (const a of external) dispatch.push(match(a, onlyLocal));
          chains.push(...balance(onlyLocal, local, input, port.protocol));
        }
      } else if (endpoints.length > 0) {
        for (const a of external) dispatch.push(match(a, all));
      }
    });
  });
  const refusedSet = [...refused].sort().join(", ");
  return [
    // Declaring the table first makes the delete valid on a node that has none yet.
    `table ip ${NFT_TABLE}`,
    `delete table ip ${NFT_TABLE}`,
    `table ip ${NFT_TABLE} {`,
    "  chain prerouting {",
    "    type nat hook prerouting priority dstnat; policy accept;",
    "    jump services",
    "  }",
    "  chain output {",
    "    type nat hook output priority -100; policy accept;",
    "    jump services",
    "  }",
    "  chain services {",
    ...dispatch,
    "  }",
    ...chains,
    "  chain postrouting {",
    "    type nat hook postrouting priority srcnat; policy accept;",
    `    meta mark & ${MASQ_MARK} == ${MASQ_MARK} masquerade`,
    "  }",
    ...(refused.size > 0
      ? [
          "  chain forward {",
          "    type filter hook forward priority filter; policy accept;",
          `    ip daddr { ${refusedSet} } meta l4proto tcp reject with tcp reset`,
          `    ip daddr { ${refusedSet} } reject`,
          "  }",
          "  chain local-out {",
          "    type filter hook output priority filter; policy accept;",
          `    ip daddr { ${refusedSet} } meta l4proto tcp reject with tcp reset`,
          `    ip daddr { ${refusedSet} } reject`,
          "  }",
        ]
      : []),
    "}",
    "",
  ].join("\n");
}

/** A chain choosing one endpoint at random per new connection (conntrack keeps the choice). */
function balance(
  name: string,
  endpoints: readonly Endpoint[],
  input: NodeServices,
  protocol: "TCP" | "UDP",
): string[] {
  const targets = endpoints.map((e, i) => ({ e, chain: `${name}-ep${i}` }));
  const pick =
    targets.length === 1
      ? `    goto ${targets[0]?.chain}`
      : `    numgen random mod ${targets.length} vmap { ${targets.map((t, i) => `${i} : goto ${t.chain}`).join(", ")} }`;
  return [
    `  chain ${name} {`,
    pick,
    "  }",
    ...targets.flatMap(({ e, chain }) => [
      `  chain ${chain} {`,
      e.node === input.node
        ? `    ip saddr ${e.ip} meta mark set meta mark | ${MASQ_MARK} comment "hairpin ${e.pod}"`
        : `    ip saddr != ${input.podSubnet} meta mark set meta mark | ${MASQ_MARK} comment "${e.pod} on ${e.node}"`,
      `    meta l4proto ${proto(protocol)} dnat to ${e.ip}:${e.port}`,
      "  }",
    ]),
  ];
}

/** IPv4 only for now: the emulated cluster is IPv4 (dual-stack is issue 13 item 3). */
function isV4(address: string): boolean {
  return !address.includes(":");
}
