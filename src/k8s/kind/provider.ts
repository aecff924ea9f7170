// The kind cluster provider (DESIGN.md §3): real Kubernetes nodes, made by the real `kind` CLI
// from the user's kind config, driven with kubectl, and entered through each node container's
// pid (`/proc/<pid>/ns/net`) so the orchestrator can attach fabric's links and run the BGP speaker
// inside them. Every command goes through the injected CommandRunner (see runner.ts).
//
// The flow, in `up()`: tools → kind create → node containers and their pids → the caller's
// `beforeReady` (links, node IPs) → fabric's CNI when the config disables kind's → nodes Ready →
// nodes compared with the model → manifests applied → the planned pods Running and Ready.
// Deploy runs the two halves as two stages of its plan: `create()`, then `becomeReady()`.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { formatCommand, type CommandResult } from "../../host/command.js";
import type { HostProbe } from "../../host/prerequisites.js";
import { FabricError } from "../../errors.js";
import type { Cluster, Workload } from "../../model/model.js";
import * as cmd from "./commands.js";
import { ptpConflist } from "./cni.js";
import {
  compareNodeNames,
  compareWithModel,
  describeDifference,
  isBlocking,
  withObservedPodCidrs,
} from "./compare.js";
import type { Difference } from "./compare.js";
import { KindErrorCode } from "./errors.js";
import { parseNodes, type ObservedNode } from "./parse-nodes.js";
import { parsePods, type ObservedPod } from "./parse-pods.js";
import { expectedPods, podReadiness, workloadNamespaces } from "./pod-readiness.js";
import { poll, realClock, type Clock } from "../../util/poll.js";
import {
  DEFAULT_KIND_TIMEOUTS,
  type KindClusterUp,
  type KindCni,
  type KindNode,
  type KindNodeContainer,
  type KindProviderOptions,
  type KindTimeouts,
  type KindUpOptions,
} from "./types.js";
import { execaRunner, mustRun, type CommandRunner, type RunnerOptions } from "./runner.js";
import { kindAvailable, missingToolsError } from "./tools.js";
import { alwaysPulled, workloadImages } from "./images.js";
import { patchDefaultPullPolicies } from "./pull-policy.js";

export class KindProvider {
  readonly cluster: Cluster;
  readonly name: string;
  private readonly runner: CommandRunner;
  private readonly probe: HostProbe | undefined;
  private readonly clock: Clock;
  private readonly timeouts: KindTimeouts;
  private readonly cni: KindCni;

  constructor(opts: KindProviderOptions) {
    this.cluster = opts.cluster;
    this.name = opts.cluster.name;
    this.runner = opts.runner ?? execaRunner;
    this.probe = opts.probe;
    this.clock = opts.clock ?? realClock;
    this.timeouts = { ...DEFAULT_KIND_TIMEOUTS, ...opts.timeouts };
    this.cni = opts.cni ?? "fabric-ptp";
  }

  /** One error listing every missing tool. */
  async checkTools(): Promise<void> {
    const error = missingToolsError(await kindAvailable(this.probe));
    if (error) throw error;
  }

  /**
   * Before anything exists: every workload image is in the host's docker (kind loads it from
   * there) and no container would make its kubelet pull anyway (images.ts says why both matter).
   */
  async checkImages(workloads: readonly Workload[]): Promise<void> {
    const pulled = alwaysPulled(workloads);
    if (pulled.length > 0) {
      throw new FabricError(
        KindErrorCode.imagePullAlways,
        `the kubelet would pull for ${pulled.join(", ")} (imagePullPolicy: Always) although fabric loads the image into the kind nodes, and the nodes cannot reach a registry through the lab's fabric`,
        {
          suggestion:
            "set `imagePullPolicy: IfNotPresent` on the container (or leave it out: fabric applies a defaulted Always as IfNotPresent)",
        },
      );
    }
    const missing: string[] = [];
    for (const image of workloadImages(workloads)) {
      const inspect = await this.runner.run(cmd.dockerImageInspect(image));
      if (inspect.exitCode !== 0) missing.push(image);
    }
    if (missing.length === 0) return;
    throw new FabricError(
      KindErrorCode.imageMissing,
      `${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not in the host's docker: fabric loads every workload image into the kind nodes from there (\`kind load docker-image\`)`,
      { suggestion: missing.map((i) => `docker pull ${i}`).join("; ") },
    );
  }

  /** `kind load docker-image` for every workload image, before any manifest refers to it. */
  async loadImages(workloads: readonly Workload[]): Promise<void> {
    for (const image of workloadImages(workloads)) await this.mustRun(cmd.kindLoadImage(this.name, image));
  }

  async up(opts: KindUpOptions): Promise<KindClusterUp> {
    await this.checkTools();
    await this.checkImages(opts.workloads);
    const containers = await this.create();
    if (opts.beforeReady) await opts.beforeReady(containers);
    return this.becomeReady(containers, opts);
  }

  /**
   * The second half of `up`, once the node containers exist and whatever must be in them before
   * the kubelets can turn Ready is there: CNI, Ready, the model check, manifests, pods.
   */
  async becomeReady(
    containers: readonly KindNodeContainer[],
    opts: Pick<KindUpOptions, "manifests" | "workloads">,
  ): Promise<KindClusterUp> {
    if (this.cluster.disableDefaultCNI && this.cni === "fabric-ptp") await this.installCni();
    await this.waitNodesReady();
    const { nodes, cluster, notes } = await this.readNodes(containers);
    await this.loadImages(opts.workloads);
    const pullPolicyChanges: string[] = [];
    for (const file of opts.manifests) pullPolicyChanges.push(...(await this.apply(file)));
    const pods = await this.waitPods(opts.workloads, cluster);
    return { nodes, pods, cluster, notes, pullPolicyChanges };
  }

  /**
   * `kubectl apply` of one manifest file, as written, or of a copy in which containers whose
   * pull policy defaults to Always say IfNotPresent (pull-policy.ts); returns what was changed.
   */
  private async apply(file: string): Promise<readonly string[]> {
    const patch = patchDefaultPullPolicies(readFileSync(file, "utf8"));
    if (!patch) {
      await this.mustRun(cmd.kubectlApply(this.name, file));
      return [];
    }
    // Named after the cluster (one per lab), so the command is the same every time.
    const dir = join(tmpdir(), `fabric-kind-${this.name}-apply`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      const copy = join(dir, basename(file));
      writeFileSync(copy, patch.text);
      await this.mustRun(cmd.kubectlApply(this.name, copy));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return patch.changed;
  }

  /** kind create, then each node container by name with its pid. */
  async create(): Promise<KindNodeContainer[]> {
    const wait = this.cluster.disableDefaultCNI ? 0 : this.timeouts.createWaitSeconds;
    const create = cmd.kindCreateCluster(this.name, this.cluster.file, wait);
    const result = await this.runner.run(create);
    if (result.exitCode !== 0) {
      throw new FabricError(
        KindErrorCode.createFailed,
        `kind could not create cluster ${this.name}: ${result.stderr.trim() || `exit code ${result.exitCode}`}`,
        {
          cause: result,
          suggestion: `if a cluster ${this.name} is left over, \`kind delete cluster --name ${this.name}\` removes it`,
        },
      );
    }
    const listed = (await this.mustRun(cmd.kindGetNodes(this.name))).stdout.split("\n").map((l) => l.trim());
    const names = listed.filter((l) => l !== "");
    this.throwIfBlocking(compareNodeNames(this.cluster, names));
    const containers: KindNodeContainer[] = [];
    for (const node of this.cluster.nodes) containers.push(await this.container(node.name));
    return containers;
  }

  private async container(name: string): Promise<KindNodeContainer> {
    const inspect = cmd.dockerInspectPid(name);
    const out = (await this.mustRun(inspect)).stdout.trim();
    const pid = Number(out);
    // A stopped container reports pid 0: it has no namespace to enter.
    if (!/^\d+$/.test(out) || pid <= 0) {
      throw new FabricError(
        KindErrorCode.outputInvalid,
        `${formatCommand(inspect.file, inspect.args)} printed "${out}", not the pid of a running container`,
      );
    }
    return { name, pid, netnsPath: `/proc/${pid}/ns/net` };
  }

  /** fabric's ptp CNI in every node, once the controller manager has given each its PodCIDR. */
  async installCni(): Promise<void> {
    const nodes = await poll(
      this.clock,
      this.timeouts.podCidrSeconds * 1000,
      this.timeouts.pollMs,
      () => this.getNodes(),
      (observed) =>
        this.cluster.nodes.every((n) => observed.find((o) => o.name === n.name)?.podCIDR !== undefined),
      (observed) => {
        const without = this.cluster.nodes
          .filter((n) => !observed.find((o) => o.name === n.name)?.podCIDR)
          .map((n) => n.name);
        return new FabricError(
          KindErrorCode.podCidrMissing,
          `no PodCIDR allocated within ${this.timeouts.podCidrSeconds}s for ${without.join(", ")}`,
          {
            suggestion:
              "the controller manager allocates them from networking.podSubnet; check it is large enough",
          },
        );
      },
    );
    for (const node of this.cluster.nodes) {
      const podCIDR = nodes.find((o) => o.name === node.name)?.podCIDR ?? "";
      await this.mustRun(cmd.dockerMkdir(node.name, cmd.CNI_CONF_DIR));
      await this.mustRun(cmd.dockerWriteFile(node.name, cmd.FABRIC_CNI_FILE), {
        input: ptpConflist(podCIDR),
      });
    }
  }

  /** `kubectl wait` for every node; on timeout, the nodes still not Ready and why. */
  async waitNodesReady(): Promise<void> {
    const wait = await this.runner.run(cmd.kubectlWaitNodesReady(this.name, this.timeouts.nodesReadySeconds));
    if (wait.exitCode === 0) return;
    const notReady = (await this.getNodes()).filter((n) => !n.ready);
    // kubectl wait can fail on a node that turned Ready just after: only the nodes still not Ready count.
    if (notReady.length === 0) return;
    const lines = notReady.map(
      (n) =>
        `${n.name}: ${[n.readyReason, n.readyMessage].filter(Boolean).join(": ") || "no Ready condition yet"}`,
    );
    throw new FabricError(
      KindErrorCode.nodesNotReady,
      `nodes not Ready after ${this.timeouts.nodesReadySeconds}s:\n  - ${lines.join("\n  - ")}`,
      {
        cause: wait,
        suggestion: this.cluster.disableDefaultCNI
          ? "the kind config disables kind's CNI: a node stays NotReady until one is configured"
          : `look at the kubelet: docker exec ${notReady[0]?.name ?? this.name} journalctl -u kubelet`,
      },
    );
  }

  /** The Ready nodes against the model: names, node IPs and labels must match. */
  async readNodes(
    containers: readonly KindNodeContainer[],
  ): Promise<{ nodes: KindNode[]; cluster: Cluster; notes: Difference[] }> {
    const observed = await this.getNodes();
    const differences = compareWithModel(this.cluster, observed);
    this.throwIfBlocking(differences);
    const nodes = containers.map((c): KindNode => {
      const real = observed.find((o) => o.name === c.name);
      if (!real?.podCIDR || real.internalIP === undefined) {
        throw new FabricError(
          KindErrorCode.outputInvalid,
          `node ${c.name} is Ready without a PodCIDR or InternalIP`,
        );
      }
      const modelIP = this.cluster.nodes.find((n) => n.name === c.name)?.nodeIP;
      return {
        ...c,
        podCIDR: real.podCIDR,
        nodeIP: modelIP ?? real.internalIP,
        labels: real.labels,
        taints: real.taints,
      };
    });
    return { nodes, cluster: withObservedPodCidrs(this.cluster, observed), notes: differences };
  }

  /** Polls the workloads' namespaces until every planned pod is Running and Ready. */
  async waitPods(workloads: readonly Workload[], cluster: Cluster = this.cluster): Promise<ObservedPod[]> {
    const expected = expectedPods(workloads, cluster.nodes);
    const namespaces = workloadNamespaces(workloads);
    const readiness = await poll(
      this.clock,
      this.timeouts.podsReadySeconds * 1000,
      this.timeouts.pollMs,
      async () => {
        const pods: ObservedPod[] = [];
        for (const ns of namespaces) pods.push(...(await this.getPods(ns)));
        return podReadiness(expected, pods);
      },
      (r) => r.waiting.length === 0,
      (r) =>
        new FabricError(
          KindErrorCode.podsNotReady,
          `pods not Running and Ready after ${this.timeouts.podsReadySeconds}s:\n  - ${r.waiting.join("\n  - ")}`,
          { suggestion: `kubectl --context ${cmd.kindContext(this.name)} describe pods` },
        ),
    );
    return [...readiness.ready];
  }

  /** Idempotent: deleting a cluster that does not exist succeeds. */
  async destroy(): Promise<void> {
    await destroyKindCluster(this.name, this.runner);
  }

  private async getNodes(): Promise<ObservedNode[]> {
    const command = cmd.kubectlGetNodes(this.name);
    return parseNodes((await this.mustRun(command)).stdout, formatCommand(command.file, command.args));
  }

  private async getPods(namespace: string): Promise<ObservedPod[]> {
    const command = cmd.kubectlGetPods(this.name, namespace);
    return parsePods((await this.mustRun(command)).stdout, formatCommand(command.file, command.args));
  }

  private throwIfBlocking(differences: readonly Difference[]): void {
    const blocking = differences.filter(isBlocking);
    if (blocking.length === 0) return;
    throw new FabricError(
      KindErrorCode.mismatch,
      `cluster ${this.name} is not what ${this.cluster.file} describes:\n  - ${blocking.map(describeDifference).join("\n  - ")}`,
      {
        suggestion:
          "fabric plans links and BGP from the kind config; a cluster made from another config cannot be used",
      },
    );
  }

  private mustRun(command: cmd.Command, opts: RunnerOptions = {}): Promise<CommandResult> {
    return mustRun(this.runner, command, opts);
  }
}

/** `kind delete cluster`, from the cluster name alone, for destroy and rollback. */
export async function destroyKindCluster(name: string, runner: CommandRunner = execaRunner): Promise<void> {
  await mustRun(runner, cmd.kindDeleteCluster(name));
}
