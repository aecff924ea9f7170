// `fabric validate` looks at both ends of every speaker session: the Kubernetes node's (Cilium's
// CRDs, resolved per node) and the lab router's that holds peerAddress (its FRR configuration,
// read from the topology). What FRR would refuse at run time — no neighbor for the node's
// address, an ASN that differs from what either side expects, an eBGP peer that is not on a
// connected network without multihop, TCP-MD5 passwords that differ or are set on one end only
// (passwords.ts) — is an error here with the file:line of both ends: the
// CRD line as the diagnostic's location, the router's line in the message.
//
// Hop counts are known only as "connected or not": without the routing tables of a running lab,
// a peer on none of the node's networks is taken as at least two hops away.
import type { Diagnostic, Location } from "../../errors.js";
import { cidrContains, formatIp, parseIp, type IpAddress } from "../../net/index.js";
import type { InstanceConfig, PeerConfig, SpeakerConfig } from "../../bgp/config/speaker-config.js";
import type { CiliumBgpResources, InstanceSpec, PeerSpec } from "../cilium/types.js";
import type { Cluster, Topology, TopologyNode } from "../model.js";
import { nodeRole } from "../roles.js";
import { effectiveSettings, readFrrBgp, type FrrBgp, type FrrNeighborSettings } from "./frr-bgp.js";
import { checkPasswords, speakerPasswordSources } from "./passwords.js";
import { checkUnnumbered, farEndOf } from "./unnumbered.js";
import type { YamlDoc } from "../source.js";
import {
  execAddresses,
  execDefaultGateways,
  execLines,
  frrConfigLines,
  readTopologyDoc,
  type InterfaceAddress,
} from "./router-sources.js";

interface Router {
  readonly name: string;
  readonly bgp: FrrBgp | undefined;
  readonly addresses: readonly InterfaceAddress[];
  readonly location: Location;
}

interface NodeEnd {
  readonly name: string;
  /** The node IP first, then what the node's exec lines (or those attached to it) add. */
  readonly addresses: readonly { readonly address: IpAddress; readonly connected?: InterfaceAddress }[];
  /** Default gateways its exec lines set, for autoDiscovery peers. */
  readonly gateways: ReadonlyMap<4 | 6, string>;
}

export interface CrossCheckInput {
  readonly topology: Topology;
  readonly cluster: Cluster;
  readonly speakers: ReadonlyMap<string, SpeakerConfig>;
  readonly resources: CiliumBgpResources;
  /** How a path is shown in messages (relative to where the user is). */
  readonly shown: (path: string) => string;
}

export function crossCheckPeers(input: CrossCheckInput): Diagnostic[] {
  // Locating the routers' lines means parsing the topology again: only when there is something
  // to report (a large lab that is right costs no second parse).
  const found = crossCheck(input, undefined);
  if (found.length === 0) return found;
  return crossCheck(input, readTopologyDoc(input.topology.file, input.shown(input.topology.file)));
}

function crossCheck(input: CrossCheckInput, doc: YamlDoc | undefined): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const routers = readRouters(input, doc);
  const nodes = readNodes(input);
  const warnedUnreadable = new Set<string>();
  const routerByAddress = new Map<string, Router>();
  for (const r of routers) for (const a of r.addresses) routerByAddress.set(formatIp(a.address), r);
  const where = (l: Location): string => `${l.file}:${l.line}`;
  for (const [nodeName, speaker] of input.speakers) {
    const node = nodes.get(nodeName) ?? { name: nodeName, addresses: [], gateways: new Map() };
    for (const instance of speaker.instances) {
      // autoDiscovery peers: the gateway the node's exec lines set is where they will go.
      const discovered = (instance.discoveredPeers ?? []).flatMap(({ autoDiscovery, peer }) => {
        if (autoDiscovery.mode !== "DefaultGateway") return [];
        const address = node.gateways.get(autoDiscovery.addressFamily === "ipv4" ? 4 : 6);
        return address === undefined ? [] : [{ ...peer, address }];
      });
      diagnostics.push(...unnumberedPeers(input, nodeName, instance, routers, where));
      for (const peer of [...instance.peers, ...discovered]) {
        const router = routerByAddress.get(peer.address);
        if (!router) continue; // not a lab router (a host, or outside the lab): nothing to compare
        const spec = findSpec(input.resources, instance, peer);
        const peerAt = spec?.peer.peerAddressLocation ?? spec?.peer.location;
        if (!router.bgp) {
          if (!warnedUnreadable.has(router.name)) {
            warnedUnreadable.add(router.name);
            diagnostics.push({
              severity: "warning",
              code: "bgp-peer-config-unreadable",
              message: `${router.name} (${where(router.location)}) holds peer address ${peer.address}, but its BGP configuration is not in a form fabric can read, so the sessions to it are not cross-checked`,
              ...(peerAt ? { location: peerAt } : {}),
              suggestion:
                "give FRR its configuration as `vtysh -c …` exec lines, a startup-config or a bound /etc/frr/frr.conf",
            });
          }
          continue;
        }
        diagnostics.push(
          ...checkPeer(router, router.bgp, node, instance, peer, spec, where),
          ...peerPasswords(input.resources, router, router.bgp, node, peer, spec, where),
        );
      }
    }
  }
  // Nodes sharing a cluster config share its lines: one finding per line and message.
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code} ${d.location ? `${d.location.file}:${d.location.line}:${d.location.col}` : ""} ${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function checkPeer(
  router: Router,
  bgp: FrrBgp,
  node: NodeEnd,
  instance: InstanceConfig,
  peer: PeerConfig,
  spec: { instance: InstanceSpec; peer: PeerSpec } | undefined,
  where: (l: Location) => string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (l: Location | undefined): { location?: Location } => (l ? { location: l } : {});
  const routerAt = `${router.name} (${where(bgp.location)})`;
  if (peer.peerASN !== 0 && peer.peerASN !== bgp.asn) {
    out.push({
      severity: "error",
      code: "bgp-peer-asn-mismatch",
      message: `peerASN ${peer.peerASN} for peer ${peer.address}, but ${routerAt} runs AS ${bgp.asn}`,
      ...at(spec?.peer.peerASNLocation ?? spec?.peer.location),
      suggestion: `set peerASN: ${bgp.asn}, or 0 to accept what the peer announces`,
    });
  }
  // Which of the node's addresses the router knows as a neighbor, directly or by listen range.
  const local = peer.localAddress !== undefined ? parseIp(peer.localAddress) : undefined;
  const candidates = local ? [{ address: local }] : node.addresses;
  const match = routerNeighbor(bgp, candidates);
  const shownAddress =
    candidates.find((c) => c.connected && sameNetwork(c.connected, router))?.address ??
    candidates[0]?.address;
  if (!match) {
    const addr = shownAddress ? formatIp(shownAddress) : `${node.name}'s address`;
    out.push({
      severity: "error",
      code: "bgp-peer-no-neighbor",
      message: `peer ${peer.address} is ${routerAt}, which has no neighbor ${addr} (${node.name}) nor a listen range covering it: it will refuse the session`,
      ...at(spec?.peer.peerAddressLocation ?? spec?.peer.location),
      suggestion: `add \`neighbor ${addr} remote-as ${instance.localASN === bgp.asn ? "internal" : instance.localASN}\` to ${router.name}'s router bgp ${bgp.asn}`,
    });
    return out;
  }
  const neighborAt = `${router.name} (${where(match.settings.location)})`;
  const remote = match.settings.remoteAs;
  const expects = remote === "internal" ? bgp.asn : remote === "external" ? undefined : remote;
  const wrong =
    remote === "external"
      ? instance.localASN === bgp.asn
      : expects !== undefined && expects !== instance.localASN;
  if (wrong) {
    out.push({
      severity: "error",
      code: "bgp-peer-remote-as-mismatch",
      message: `${node.name} runs AS ${instance.localASN} in bgpInstance "${instance.name}", but ${neighborAt} expects ${remote === "external" ? "an external AS (not " + bgp.asn + ")" : `AS ${expects}`} from ${formatIp(match.address)}`,
      ...at(spec?.instance.localASNLocation ?? spec?.instance.location),
      suggestion:
        remote === "external"
          ? `use a localASN other than ${bgp.asn}, or remote-as internal on ${router.name}`
          : `set localASN: ${expects}, or change remote-as on ${router.name}`,
    });
  }
  const ebgp = instance.localASN !== bgp.asn;
  if (!ebgp) return out;
  // One hop: the router shares a network with the node. Its loopback is then reachable with
  // TTL 1 too (the packet is delivered, not forwarded), so the peer address itself may be on none
  // of the node's networks.
  const adjacent = node.addresses.some(
    (a) =>
      a.connected &&
      router.addresses.some((r) => a.connected && cidrContains(a.connected.network, r.address)),
  );
  if (!adjacent && peer.ebgpMultihop < 2 && node.addresses.some((a) => a.connected)) {
    out.push({
      severity: "error",
      code: "bgp-peer-multihop",
      message: `peer ${peer.address} on ${routerAt} is eBGP and ${router.name} shares no network with ${node.name}, so it is at least 2 hops away, but ebgpMultihop is ${peer.ebgpMultihop}: packets leave with TTL ${peer.ebgpMultihop} and never arrive`,
      ...at(spec?.peer.peerAddressLocation ?? spec?.peer.location),
      suggestion: "set ebgpMultihop: 2 (or the hop count) in the CiliumBGPPeerConfig this peer uses",
    });
  }
  const routerConnected = router.addresses.some(
    (a) =>
      cidrContains(a.network, match.address) &&
      a.network.prefixLength < (match.address.family === 4 ? 32 : 128),
  );
  if (
    !routerConnected &&
    match.settings.ebgpMultihop === undefined &&
    !match.settings.disableConnectedCheck
  ) {
    out.push({
      severity: "error",
      code: "bgp-peer-multihop",
      message: `${neighborAt} has ${formatIp(match.address)} (${node.name}) as an eBGP neighbor on none of its networks, without ebgp-multihop: FRR will not connect to it nor accept it`,
      ...at(spec?.peer.peerAddressLocation ?? spec?.peer.location),
      suggestion: `add \`neighbor ${formatIp(match.address)} ebgp-multihop 2\` on ${router.name}`,
    });
  }
  return out;
}

interface RouterNeighbor {
  readonly address: IpAddress;
  /** How the router names it: the address, or the peer-group of the listen range covering it. */
  readonly name: string;
  readonly settings: FrrNeighborSettings;
}

/** Which of the node's addresses the router knows as a neighbor, directly or by listen range. */
function routerNeighbor(
  bgp: FrrBgp,
  candidates: readonly { readonly address: IpAddress }[],
): RouterNeighbor | undefined {
  for (const c of candidates) {
    const text = formatIp(c.address);
    const n = bgp.neighbors.get(text);
    if (n) return { address: c.address, name: text, settings: effectiveSettings(bgp, n) };
    const range = bgp.listenRanges.find((r) => cidrContains(r.range, c.address));
    const group = range && bgp.peerGroups.get(range.peerGroup);
    if (range && group)
      return { address: c.address, name: range.peerGroup, settings: { ...group, location: range.location } };
  }
  return undefined;
}

/** TCP-MD5 on both ends (passwords.ts); a missing neighbor is checkPeer's to report. */
function peerPasswords(
  resources: CiliumBgpResources,
  router: Router,
  bgp: FrrBgp,
  node: NodeEnd,
  peer: PeerConfig,
  spec: { instance: InstanceSpec; peer: PeerSpec } | undefined,
  where: (l: Location) => string,
): Diagnostic[] {
  const local = peer.localAddress !== undefined ? parseIp(peer.localAddress) : undefined;
  const match = routerNeighbor(bgp, local ? [{ address: local }] : node.addresses);
  if (!match) return [];
  return checkPasswords(
    {
      nodeName: node.name,
      session: `peer ${peer.address}`,
      peer,
      ...speakerPasswordSources(resources, spec?.peer),
    },
    { name: router.name, neighbor: match.name, settings: match.settings },
    where,
  );
}

/** The both-ends check of each unnumbered peer (unnumbered.ts): the router across the link. */
function unnumberedPeers(
  input: CrossCheckInput,
  nodeName: string,
  instance: InstanceConfig,
  routers: readonly Router[],
  where: (l: Location) => string,
): Diagnostic[] {
  return (instance.discoveredPeers ?? []).flatMap(({ autoDiscovery, peer }) => {
    if (autoDiscovery.mode !== "Unnumbered") return [];
    const far = farEndOf(input.topology, nodeName, autoDiscovery.interface);
    const router = far && routers.find((r) => r.name === far.node);
    const spec = findSpec(input.resources, instance, { ...peer, address: "" });
    return checkUnnumbered(
      {
        nodeName,
        instance,
        peer,
        iface: autoDiscovery.interface,
        peerAt: spec?.peer.location,
        peerAsnAt: spec?.peer.peerASNLocation,
        localAsnAt: spec?.instance.localASNLocation ?? spec?.instance.location,
        passwordAt: speakerPasswordSources(input.resources, spec?.peer),
        where,
        linkAt: (l) => `${input.shown(l.file)}:${l.line}`,
      },
      far,
      router,
    );
  });
}

function sameNetwork(a: InterfaceAddress, router: Router): boolean {
  return router.addresses.some((r) => cidrContains(a.network, r.address));
}

function readRouters(input: CrossCheckInput, doc: YamlDoc | undefined): Router[] {
  return input.topology.nodes
    .filter((n) => nodeRole(n) === "router")
    .map((n) => {
      const exec = execLines(n, doc);
      return {
        name: n.name,
        bgp: readFrrBgp(frrConfigLines(n, exec, input.shown)),
        addresses: execAddresses(exec),
        location: n.location,
      };
    });
}

function readNodes(input: CrossCheckInput): Map<string, NodeEnd> {
  const nodes = new Map<string, NodeEnd>();
  const attachedTo = new Map<string, TopologyNode[]>();
  for (const n of input.topology.nodes)
    if (n.networkMode.type === "container")
      attachedTo.set(n.networkMode.target, [...(attachedTo.get(n.networkMode.target) ?? []), n]);
  for (const c of input.cluster.nodes) {
    const attached = attachedTo.get(c.name) ?? [];
    // Their lines never appear in a message: no need to locate them (see execLines).
    const own = attached.flatMap((n) => execAddresses(execLines(n, undefined)));
    const nodeIp = c.nodeIP !== undefined ? parseIp(c.nodeIP) : undefined;
    const addresses = [
      ...(nodeIp ? [{ address: nodeIp, ...withConnected(nodeIp, own) }] : []),
      ...own
        .filter((a) => !nodeIp || formatIp(a.address) !== formatIp(nodeIp))
        .map((a) => ({ address: a.address, connected: a })),
    ];
    const gateways = execDefaultGateways(attached.flatMap((n) => execLines(n, undefined)));
    nodes.set(c.name, { name: c.name, addresses, gateways });
  }
  return nodes;
}

function withConnected(ip: IpAddress, own: readonly InterfaceAddress[]): { connected?: InterfaceAddress } {
  const a = own.find((x) => formatIp(x.address) === formatIp(ip));
  return a ? { connected: a } : {};
}

/** The CRD entries a resolved peer came from: the instance and peer of the same names. */
function findSpec(
  resources: CiliumBgpResources,
  instance: InstanceConfig,
  peer: PeerConfig,
): { instance: InstanceSpec; peer: PeerSpec } | undefined {
  for (const config of resources.clusterConfigs)
    for (const i of config.instances) {
      if (i.name !== instance.name) continue;
      const p = i.peers.find(
        (x) => x.name === peer.name && (x.autoDiscovery !== undefined || x.peerAddress === peer.address),
      );
      if (p) return { instance: i, peer: p };
    }
  return undefined;
}
