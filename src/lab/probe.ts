// The live side of `fabric test`: what checks ask of a running lab, answered from its state
// record, its runtime and its speakers' control sockets.
import type {
  BgpSpeakerKind,
  LabProbe,
  SpeakerPeerRow,
  SpeakerPeersOfLab,
  SpeakerRouteRow,
} from "../checks/probe.js";
import * as v from "valibot";
import { FabricError } from "../errors.js";
import type { IpAddr, IpAddrInfo } from "../host/ip.js";
import { asPathNumbers } from "../nodes/frr-json.js";
import { mustSucceed } from "../nodes/must-exec.js";
import { parseJson } from "../util/json.js";
import { collectPeers, collectRoutes } from "../k8s/speaker/bgp-status.js";
import { execInKindPod } from "../k8s/kind/pods.js";
import type { ExecResult, NodeRecord, Runtime } from "../runtime/types.js";
import { POD_REF } from "../model/lab-file/check-targets.js";
import { cidrContains, familyOf, isIp, parseIp, requireCidr } from "../net/index.js";
import { clusterNode, podHandle } from "../state/cluster-view.js";
import { nodeHandle } from "../state/deployed.js";
import { assertNotFrozen } from "../state/frozen.js";
import { labInfo, type DeployedPod } from "../state/lab-info.js";
import type { StateStore } from "../state/state-store.js";

const DEFAULT_EXEC_TIMEOUT_MS = 60_000;

export class LiveProbe implements LabProbe {
  constructor(
    private readonly store: StateStore,
    private readonly labName: string,
    private readonly runtime: Runtime,
    /** Each command run in a node ends after this long (a check narrows it to its wait). */
    private readonly execTimeoutMs = DEFAULT_EXEC_TIMEOUT_MS,
  ) {}

  within(timeoutMs: number): LiveProbe {
    return new LiveProbe(this.store, this.labName, this.runtime, Math.min(timeoutMs, this.execTimeoutMs));
  }

  /** Re-read on every call: faults and speaker restarts change the record while checks run. */
  private get lab() {
    const state = this.store.read(this.labName);
    if (!state) throw new FabricError("lab-not-found", `lab ${this.labName} is not deployed`);
    return state;
  }

  private pod(ref: string): DeployedPod | undefined {
    const m = POD_REF.exec(ref);
    if (!m) return undefined;
    const [, workload, node] = m;
    const pod = labInfo(this.lab).cluster?.pods.find(
      (p) => p.node === node && p.owner.endsWith(`/${workload}`),
    );
    if (!pod) throw new FabricError("pod-not-found", `no pod of ${workload} runs on ${node}`);
    return pod;
  }

  private record(target: string): NodeRecord {
    const pod = this.pod(target);
    if (pod) return podHandle(this.lab, `pod/${pod.name}`)?.record ?? this.missing(target);
    const lab = this.lab;
    assertNotFrozen(lab, target);
    return nodeHandle(lab, target).record;
  }

  private missing(target: string): never {
    throw new FabricError("target-not-found", `${target} is not part of lab ${this.labName}`);
  }

  exec(target: string, argv: readonly string[]): Promise<ExecResult> {
    // A real kind cluster's pod is the kubelet's, not a runtime node: kubectl exec reaches it.
    const pod = this.pod(target);
    const handle = pod && podHandle(this.lab, `pod/${pod.name}`);
    if (handle?.kindCluster !== undefined) {
      const ref = { cluster: handle.kindCluster, namespace: handle.pod.namespace, name: handle.pod.name };
      return execInKindPod(ref, argv, { timeoutMs: this.execTimeoutMs });
    }
    return this.runtime.exec(this.record(target), argv, { timeoutMs: this.execTimeoutMs });
  }

  bgpKind(target: string): BgpSpeakerKind {
    const lab = this.lab;
    if (clusterNode(lab, target)?.speaker) return "speaker";
    const node = labInfo(lab).nodes.find((n) => n.name === target);
    return node?.role === "router" ? "frr" : "none";
  }

  async speakerPeers(): Promise<SpeakerPeersOfLab> {
    const { rows, problems } = await collectPeers(this.lab);
    const byNode = new Map<string, SpeakerPeerRow[]>();
    for (const r of rows) {
      const list = byNode.get(r.node) ?? [];
      list.push({
        peerAddress: r.peerAddress,
        peerName: r.peerName,
        state: r.state,
        ...(r.reason !== undefined && { reason: r.reason }),
      });
      byNode.set(r.node, list);
    }
    const why = new Map(problems.map((p) => [p.node, p.message] as const));
    return {
      peersOf: (node) => {
        const problem = why.get(node);
        if (problem !== undefined) throw new FabricError("speaker-unreachable", `${node}: ${problem}`);
        return byNode.get(node) ?? [];
      },
    };
  }

  async speakerRoutes(target: string, afi: "ipv4" | "ipv6"): Promise<readonly SpeakerRouteRow[]> {
    const { rows, problems } = await collectRoutes(this.lab, "available", afi, target);
    if (problems[0]) throw new FabricError("speaker-unreachable", `${target}: ${problems[0].message}`);
    return rows.map((r) => ({
      prefix: r.prefix,
      nextHop: r.nextHop,
      asPath: asPathNumbers(r.asPath),
      communities: [...r.communities, ...r.largeCommunities],
      ...(r.localPref !== undefined ? { localPreference: r.localPref } : {}),
    }));
  }

  async addressOf(target: string, family?: "ipv4" | "ipv6"): Promise<string> {
    if (isIp(target)) {
      const written = familyOf(target) === 6 ? "ipv6" : "ipv4";
      if (family !== undefined && family !== written) {
        throw new FabricError(
          "no-address",
          `${target} is an ${written} address, but the check asks for ${family}`,
          {
            suggestion: "leave out `family` when `to` is an address",
          },
        );
      }
      return target;
    }
    const pod = this.pod(target);
    // Without a family: the pod's primary IP (status.podIP), of the cluster's first family.
    if (pod) return family === undefined ? pod.ip : podAddress(pod, family, target);
    const k8s = clusterNode(this.lab, target);
    if (k8s?.nodeIP && family !== "ipv6") return k8s.nodeIP;
    const own = (await this.addrInfo(target)).find((a) =>
      family === "ipv6"
        ? a.family === "inet6" && isGlobalIpv6(a.local)
        : a.family === "inet" && !a.local.startsWith("127."),
    );
    if (!own)
      throw new FabricError(
        "no-address",
        `${target} has no ${family === "ipv6" ? "global IPv6" : "IPv4"} address to send to`,
      );
    return own.local;
  }

  podName(target: string): string {
    return this.pod(target)?.name ?? this.missing(target);
  }

  async addressesOf(target: string): Promise<readonly string[]> {
    return (await this.addrInfo(target)).map((a) => a.local);
  }

  /** Every address in the target, read from `ip -json addr` (host/ip.ts's IpAddr, checked). */
  private async addrInfo(target: string): Promise<readonly AddrInfo[]> {
    const argv = ["ip", "-json", "addr", "show"];
    const { stdout } = mustSucceed(target, argv, await this.exec(target, argv), "exec-failed");
    if (!stdout.trim()) return [];
    const links = parseJson(IpAddrs, stdout, {
      what: `\`ip -json addr\` in ${target}`,
      code: "host-bad-output",
    });
    return links.flatMap((l) => l.addr_info);
  }
}

type AddrInfo = Pick<IpAddrInfo, "family" | "local">;

/** The part of `ip -json addr` fabric reads; typed against host/ip.ts so the two cannot drift. */
const IpAddrs = v.array(
  v.object({
    addr_info: v.array(v.object({ family: v.string(), local: v.string(), prefixlen: v.number() })),
  }),
) satisfies v.GenericSchema<unknown, readonly Pick<IpAddr, "addr_info">[]>;

/** RFC 4291: not loopback (::1) and not link-local (fe80::/10), which need an interface to reach. */
const LINK_LOCAL = requireCidr("fe80::/10", "the IPv6 link-local prefix");
function isGlobalIpv6(text: string): boolean {
  const address = parseIp(text);
  return address?.family === 6 && text !== "::1" && !cidrContains(LINK_LOCAL, address);
}

/** A pod's address of one family; records from before dual-stack hold only `ip`. */
function podAddress(pod: DeployedPod, family: "ipv4" | "ipv6", target: string): string {
  const want = family === "ipv6" ? 6 : 4;
  const found = (pod.ips ?? [pod.ip]).find((ip) => familyOf(ip) === want);
  if (found === undefined) {
    throw new FabricError("no-address", `${target} has no ${family} address (pod ${pod.name}: ${pod.ip})`, {
      suggestion: "pods get an IPv6 address in a cluster with networking.ipFamily: dual or ipv6",
    });
  }
  return found;
}
