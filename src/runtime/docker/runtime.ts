// The docker runtime (DESIGN.md §3): a node is a container from the topology's image, created
// through the Engine API (dockerode). Its network namespace gets a /run/netns name, as
// containerlab gives its nodes, and that name is what links are wired through: it pins the
// namespace of *that* container, whereas /proc/<pid>/ns/net would name a stranger's once the
// pid is reused (a veth teardown after a crash must never enter the host's namespace).
import { rm } from "node:fs/promises";
import { FabricError } from "../../errors.js";
import { attempt } from "../../host/command.js";
import { ipArgv, netnsAttach, netnsDeleteIfExists } from "../../host/ip.js";
import { MGMT_IFNAME } from "../../links/mgmt.js";
import { processRef } from "../../host/proc.js";
import { NODE_NAMESPACES } from "../netns/runtime.js";
import { netnsPathOf, nodeStateDir } from "../netns/names.js";
import { spawnInNode } from "../netns/spawn.js";
import type {
  CreateOptions,
  ExecOptions,
  ExecResult,
  NodeRecord,
  NodeSpec,
  Runtime,
  RuntimeNotes,
  SpawnOptions,
  SpawnedProcess,
} from "../types.js";
import { DockerApiError, type DockerApi, type ImageCommand } from "./api.js";
import { containerCreateOptions } from "./create-options.js";
import { execInNode, notRunning } from "./exec.js";
import { checkImages } from "./images.js";
import { containerName, DOCKER_RUNTIME, LABEL } from "./names.js";
import { DockerManagementNetwork } from "./network.js";
import { labelledLabs, sweepLab } from "./sweep.js";
import { decidePrivileges, type PrivilegeDecision, type PrivilegeRequest } from "./privileges.js";

export interface DockerRuntimeOptions {
  readonly privileges: PrivilegeRequest;
}

export class DockerRuntime implements Runtime {
  readonly name = DOCKER_RUNTIME;
  readonly managementNetwork: DockerManagementNetwork;
  private readonly images = new Map<string, ImageCommand>();
  private decision: Promise<PrivilegeDecision> | undefined;

  constructor(
    private readonly api: DockerApi,
    private readonly options: DockerRuntimeOptions = { privileges: "auto" },
  ) {
    this.managementNetwork = new DockerManagementNetwork(api);
  }

  async prepare(specs: readonly NodeSpec[], notes: RuntimeNotes): Promise<void> {
    for (const [image, command] of await checkImages(this.api, specs, notes)) this.images.set(image, command);
    const first = specs.find((s) => s.image !== undefined);
    if (!first?.image) return;
    const decision = await this.privilegesFor(first.lab, first.image);
    notes.note(`runtime docker: ${decision.note}`);
  }

  plan(spec: NodeSpec): NodeRecord {
    const name = containerName(spec.lab, spec.name, spec.namePrefix);
    const shared = spec.sharesNetworkWith;
    return {
      runtime: DOCKER_RUNTIME,
      lab: spec.lab,
      name: spec.name,
      hostname: spec.hostname ?? spec.name,
      netnsName: name,
      stateDir: nodeStateDir(spec.lab, spec.name),
      env: { ...spec.env },
      mounts: [...spec.binds],
      ...(shared && { sharesNetworkWith: { name: shared.name, netnsName: shared.netnsName } }),
      container: { name, image: spec.image ?? "" },
    };
  }

  async create(spec: NodeSpec, opts: CreateOptions = {}): Promise<NodeRecord> {
    const planned = this.plan(spec);
    const name = planned.netnsName;
    const image = spec.image;
    if (image === undefined) {
      throw new FabricError(
        "image-missing",
        `node ${spec.name}: no image; the docker runtime runs every node from one`,
        {
          suggestion:
            "give the node (or its kind in topology.kinds) an `image:`, or deploy with --runtime netns",
        },
      );
    }
    const sharesWith = spec.sharesNetworkWith?.container?.name;
    if (spec.sharesNetworkWith && sharesWith === undefined) {
      throw new FabricError(
        "network-mode-unsupported",
        `node ${spec.name}: network-mode container:${spec.sharesNetworkWith.name} names a node that is not a container`,
      );
    }
    const imageCommand = this.images.get(image) ?? (await this.api.inspectImage(image));
    if (!imageCommand) {
      throw new FabricError("image-unavailable", `node ${spec.name}: image ${image} is not present`);
    }
    const { privileges } = await this.privilegesFor(spec.lab, image);
    const options = containerCreateOptions({
      spec,
      name,
      image,
      imageCommand,
      privileges,
      ...(sharesWith !== undefined && { sharesWith }),
    });
    const id = await this.api.createContainer(options).catch((err: unknown) => {
      throw containerError(spec.name, name, "create", err);
    });
    const container = { name, image, id, privileges };
    await opts.onProgress?.({ ...planned, container });

    await this.api.startContainer(id).catch((err: unknown) => {
      throw containerError(spec.name, name, "start", err);
    });
    const state = await this.api.inspectContainer(id);
    const holder = state?.running ? await processRef(state.pid) : undefined;
    if (!state?.running || !holder) {
      const logs = await this.api.containerLogs(id, 20).catch(() => "");
      throw new FabricError(
        "container-exited",
        `node ${spec.name}: container ${name} exited right after it started (exit code ${state?.exitCode ?? "unknown"})${logs.trim() ? `:\n${indent(logs.trim())}` : ""}`,
        { suggestion: "give the node a command that keeps running, e.g. `cmd: sleep infinity`" },
      );
    }
    const record: NodeRecord = { ...planned, container, holder };
    await opts.onProgress?.(record);
    // A leftover name (a crash after attach, before the record was written) would block attach.
    await netnsDeleteIfExists(name);
    await netnsAttach(name, holder.pid);
    if (spec.mgmt && !sharesWith) await dropDefaultRoute(netnsPathOf(name), spec.name);
    return record;
  }

  /** Deadline, paused and not-running errors as on netns: see exec.ts. */
  exec(node: NodeRecord, argv: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
    return execInNode(this.api, containerOf(node), node, argv, opts);
  }

  /**
   * Long-running processes (speakers) must outlive the fabric command and log to a host file,
   * which an attached exec cannot do: they enter the container's namespaces with nsenter, as on
   * the netns runtime, and so live in its pid namespace and die with it.
   */
  async spawn(node: NodeRecord, argv: readonly string[], opts: SpawnOptions = {}): Promise<SpawnedProcess> {
    const state = await this.api.inspectContainer(containerOf(node));
    if (!state?.running) throw notRunning(node);
    const logFile =
      opts.logFile ?? `${node.stateDir}/logs/${argv[0]?.split("/").pop() ?? "cmd"}-${Date.now()}.log`;
    const env = {
      PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      ...node.env,
      ...opts.env,
    };
    return spawnInNode({ pid: state.pid, namespaces: NODE_NAMESPACES }, argv, env, logFile);
  }

  netnsPath(node: NodeRecord): string {
    return netnsPathOf(node.netnsName);
  }

  /** Removes the container only if it carries this node's labels: a same-named stranger stays. */
  async remove(node: NodeRecord): Promise<void> {
    const state = await this.api.inspectContainer(containerOf(node));
    if (state && state.labels[LABEL.lab] === node.lab && state.labels[LABEL.node] === node.name) {
      // A frozen container is thawed first: its processes then get the SIGKILL of the removal
      // at once, whatever the daemon's version does with a paused one.
      if (state.paused) await this.api.unpauseContainer(state.id);
      await this.api.removeContainer(state.id);
    }
    await netnsDeleteIfExists(node.netnsName);
    await rm(node.stateDir, { recursive: true, force: true });
  }

  /** `fabric node stop|start`: docker pause / unpause; a second stop or start changes nothing. */
  async setFrozen(node: NodeRecord, frozen: boolean): Promise<void> {
    const state = await this.api.inspectContainer(containerOf(node));
    if (!state?.running) throw notRunning(node);
    if (frozen && !state.paused) await this.api.pauseContainer(state.id);
    if (!frozen && state.paused) await this.api.unpauseContainer(state.id);
  }

  removeLeftovers(lab: string): Promise<string[]> {
    return sweepLab(this.api, lab);
  }

  leftoverLabs(): Promise<string[]> {
    return labelledLabs(this.api);
  }

  /** Decided once per runtime (one probe container), shared by concurrent creates. */
  private privilegesFor(lab: string, image: string): Promise<PrivilegeDecision> {
    this.decision ??= decidePrivileges(this.api, this.options.privileges, image, lab);
    return this.decision;
  }
}

/**
 * Docker (20.10 at least) routes even an `internal` network's containers to the gateway by
 * default. The management network is host-only: no default route to the host, as on netns.
 */
async function dropDefaultRoute(netns: string, node: string): Promise<void> {
  const [file, argv] = ipArgv(netns, ["route", "del", "default", "dev", MGMT_IFNAME]);
  const r = await attempt(file, argv);
  if (r.exitCode !== 0 && !/No such process/i.test(r.stderr)) {
    throw new FabricError(
      "mgmt-route-failed",
      `node ${node}: cannot drop the default route via ${MGMT_IFNAME}: ${r.stderr.trim()}`,
    );
  }
}

function containerOf(node: NodeRecord): string {
  return node.container?.name ?? node.netnsName;
}

function containerError(node: string, name: string, step: "create" | "start", err: unknown): FabricError {
  if (err instanceof DockerApiError && err.statusCode === 409 && step === "create") {
    return new FabricError("container-exists", `node ${node}: a container named ${name} already exists`, {
      suggestion: `destroy the lab that owns it, or remove it (docker rm -f ${name}) if it is not a lab's`,
      cause: err,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new FabricError(
    "container-failed",
    `node ${node}: could not ${step} container ${name}: ${message}`,
    {
      cause: err,
    },
  );
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
}
