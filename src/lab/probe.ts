// The live side of `fabric test`: what checks ask of a running lab, answered from its state
// record, its runtime and its speakers' control sockets.
import type { BgpSpeakerKind, LabProbe, SpeakerPeerRow, SpeakerRouteRow } from "../checks/probe.js";
import { FabricError } from "../errors.js";
import { collectPeers, collectRoutes } from "../k8s/speaker/bgp-status.js";
import type { ExecResult, NodeRecord, Runtime } from "../runtime/types.js";
import { POD_REF } from "../model/lab-file/check-targets.js";
import { isIp, isIpv4 } from "../net/index.js";
import { clusterNode, podHandle } from "../state/cluster-view.js";
import { nodeHandle } from "../state/deployed.js";
import { labInfo, type DeployedPod } from "../state/lab-info.js";
import type { StateStore } from "../state/state-store.js";

export class LiveProbe implements LabProbe {
  constructor(
    private readonly store: StateStore,
    private readonly labName: string,
    private readonly runtime: Runtime,
  ) {}

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
    return nodeHandle(this.lab, target).record;
  }

  private missing(target: string): never {
    throw new FabricError("target-not-found", `${target} is not part of lab ${this.labName}`);
  }

  exec(target: string, argv: readonly string[]): Promise<ExecResult> {
    return this.runtime.exec(this.record(target), argv, { timeoutMs: 60_000 });
  }

  bgpKind(target: string): BgpSpeakerKind {
    const lab = this.lab;
    if (clusterNode(lab, target)?.speaker) return "speaker";
    const node = labInfo(lab).nodes.find((n) => n.name === target);
    return node?.role === "router" ? "frr" : "none";
  }

  async speakerPeers(target: string): Promise<readonly SpeakerPeerRow[]> {
    const { rows, problems } = await collectPeers(this.lab, target);
    if (problems[0]) throw new FabricError("speaker-unreachable", `${target}: ${problems[0].message}`);
    return rows.map((r) => ({ peerAddress: r.peerAddress, state: r.state }));
  }

  async speakerRoutes(target: string, afi: "ipv4" | "ipv6"): Promise<readonly SpeakerRouteRow[]> {
    const { rows, problems } = await collectRoutes(this.lab, "available", afi, target);
    if (problems[0]) throw new FabricError("speaker-unreachable", `${target}: ${problems[0].message}`);
    return rows.map((r) => ({
      prefix: r.prefix,
      nextHop: r.nextHop,
      asPath: r.asPath
        .split(/\s+/)
        .filter((t) => /^\d+$/.test(t))
        .map(Number),
      communities: [...r.communities, ...r.largeCommunities],
      ...(r.localPref !== undefined ? { localPreference: r.localPref } : {}),
    }));
  }

  async addressOf(target: string): Promise<string> {
    if (isIp(target)) return target;
    const pod = this.pod(target);
    if (pod) return pod.ip;
    const k8s = clusterNode(this.lab, target);
    if (k8s?.nodeIP) return k8s.nodeIP;
    const own = (await this.addressesOf(target)).find((a) => isIpv4(a) && !a.startsWith("127."));
    if (!own) throw new FabricError("no-address", `${target} has no IPv4 address to send to`);
    return own;
  }

  async addressesOf(target: string): Promise<readonly string[]> {
    const r = await this.exec(target, ["ip", "-json", "addr", "show"]);
    const links = (r.stdout.trim() ? JSON.parse(r.stdout) : []) as { addr_info?: { local?: string }[] }[];
    return links.flatMap((l) => (l.addr_info ?? []).map((a) => a.local ?? "")).filter(Boolean);
  }
}
