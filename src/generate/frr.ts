// The exec lines that make a plain Linux node an FRR router, as labs/cilium-bgp writes them for
// containerlab: addresses first, FRR's boilerplate, then the whole BGP configuration in one vtysh
// call. Pure.
import { InternalError } from "../errors.js";
import { SPINE_ASN, type ClosPlan, type RackPlan, type SpinePlan } from "./plan.js";

/** Enable bgpd and start FRR: what the reference lab runs on every router. */
const FRR_START = [
  "touch /etc/frr/vtysh.conf",
  "sed -i -e 's/bgpd=no/bgpd=yes/g' /etc/frr/daemons",
  "/usr/lib/frr/frrinit.sh start",
] as const;

/**
 * Connected routes go to BGP (loopbacks, node links, fabric links) except the management
 * network's: with containerlab each router's eth0 would otherwise advertise the management subnet
 * into the fabric, and fabric's management network is host-only.
 */
const NO_MGMT_ROUTE_MAP = [
  "route-map CONNECTED deny 10",
  " match interface eth0",
  "route-map CONNECTED permit 20",
  "exit",
] as const;

/** `vtysh -c 'conf t' -c '…' …`: one config line per -c, as the reference lab does it. */
function vtysh(lines: readonly string[]): string {
  return ["vtysh", ...["conf t", ...lines].map((l) => `-c '${l}'`)].join(" ");
}

function bgpTail(): string[] {
  return [
    " address-family ipv4 unicast",
    "  redistribute connected route-map CONNECTED",
    " exit-address-family",
    "!",
  ];
}

export function spineExec(plan: ClosPlan, spine: SpinePlan): string[] {
  const neighbors = plan.racks.map((rack) => {
    const up = rack.uplinks.find((u) => u.spine === spine.name);
    if (!up) throw new InternalError(`${rack.tor} has no uplink to ${spine.name}`);
    return up.torAddress !== undefined
      ? ` neighbor ${up.torAddress} peer-group ROUTERS`
      : ` neighbor ${up.spineIface} interface peer-group ROUTERS`;
  });
  return [
    `ip addr add ${spine.loopback}/32 dev lo`,
    ...plan.racks.flatMap((rack) =>
      rack.uplinks
        .filter((u) => u.spine === spine.name && u.spineAddress !== undefined)
        .map((u) => `ip addr add ${u.spineAddress}/31 dev ${u.spineIface}`),
    ),
    // As the reference lab's spine: what the fabric has no route for dies here, not elsewhere.
    "ip route add blackhole 10.0.0.0/8",
    ...FRR_START,
    vtysh([
      "frr defaults datacenter",
      ...NO_MGMT_ROUTE_MAP,
      `router bgp ${SPINE_ASN}`,
      ` bgp router-id ${spine.loopback}`,
      " no bgp ebgp-requires-policy",
      " neighbor ROUTERS peer-group",
      " neighbor ROUTERS remote-as external",
      " neighbor ROUTERS default-originate",
      ...neighbors,
      ...bgpTail(),
    ]),
  ];
}

export function torExec(plan: ClosPlan, rack: RackPlan): string[] {
  const uplinkNeighbors = rack.uplinks.map((u) =>
    u.spineAddress !== undefined
      ? ` neighbor ${u.spineAddress} peer-group ROUTERS`
      : ` neighbor ${u.torIface} interface peer-group ROUTERS`,
  );
  const serversAs = plan.params.nodePeering === "ibgp" ? "internal" : "external";
  return [
    `ip addr add ${rack.torLoopback}/32 dev lo`,
    ...rack.uplinks
      .filter((u) => u.torAddress !== undefined)
      .map((u) => `ip addr add ${u.torAddress}/31 dev ${u.torIface}`),
    ...rack.nodes.map((n) => `ip addr add ${n.torIp}/30 dev ${n.torIface}`),
    ...FRR_START,
    vtysh([
      "frr defaults datacenter",
      ...NO_MGMT_ROUTE_MAP,
      `router bgp ${rack.torAsn}`,
      ` bgp router-id ${rack.torLoopback}`,
      " no bgp ebgp-requires-policy",
      " neighbor ROUTERS peer-group",
      " neighbor ROUTERS remote-as external",
      " neighbor SERVERS peer-group",
      ` neighbor SERVERS remote-as ${serversAs}`,
      ...uplinkNeighbors,
      ...rack.nodes.map((n) => ` neighbor ${n.ip} peer-group SERVERS`),
      ...bgpTail(),
    ]),
  ];
}
