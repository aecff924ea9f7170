// Putting a fault on a running lab: the commands run inside the nodes through the runtime, and the
// lab record's `meta.faults` says what is in force afterwards. Shared by `fabric link|node|netem`
// and the scenarios of `fabric test`.
import { assertNever, FabricError } from "../errors.js";
import { nodeHandle, recordOf } from "../state/deployed.js";
import { LabRecord, type LabState, type StateStore } from "../state/state-store.js";
import { mustSucceed } from "../nodes/must-exec.js";
import type { ExecResult, NodeRecord, Runtime } from "../runtime/types.js";
import { activeFaults, FAULTS_META_KEY, withFault, type ActiveFault } from "../state/active-faults.js";
import { frozenKey } from "../state/frozen.js";
import { hostSpeakerHost, type SpeakerHostControl } from "../k8s/speaker/host-process.js";
import {
  findHostRecord,
  hostedInstances,
  pauseHostedInstance,
  resumeHostedInstance,
} from "../k8s/speaker/host.js";
import { readSupervisorStatus } from "../k8s/speaker/supervisor/status.js";
import { isRunning } from "../host/proc.js";
import { isNothingToClear, linkSetArgv, netemArgv, netemClearArgv } from "./argv.js";
import { signalNode } from "./freeze.js";
import { findLink, linkKey } from "./peer-end.js";
import { describeFault, type Fault, type InterfaceRef } from "../model/lab-file/faults.js";
import { findPod, startPodCommand, stopPodCommand } from "../k8s/pod-command.js";
import { syncServices, type SyncResult } from "../k8s/services/sync.js";
import { hostProcesses, type ProcessControl } from "../state/processes.js";
import { labInfo } from "../state/lab-info.js";

export interface FaultContext {
  readonly store: StateStore;
  readonly labName: string;
  readonly runtime: Runtime;
  /** Pauses a Kubernetes node's hosted speaker instance; replaced in unit tests. */
  readonly speakerHost?: SpeakerHostControl;
  /** Stops and checks pods' commands; replaced in unit tests. */
  readonly processes?: ProcessControl;
}

export class LiveFaults {
  constructor(private readonly ctx: FaultContext) {}

  private lab(): LabState {
    const state = this.ctx.store.read(this.ctx.labName);
    if (!state) throw new FabricError("lab-not-found", `lab ${this.ctx.labName} is not deployed`);
    return state;
  }

  /** Applies the fault and returns what it did, in a sentence. */
  async apply(fault: Fault): Promise<string> {
    switch (fault.type) {
      case "link":
        return this.link(fault.action, fault.target, fault);
      case "node":
        return this.node(fault.action, fault.node, fault);
      case "pod": {
        const { detail, sync } = await this.pod(fault.action, fault.pod, fault);
        const moved = sync?.reloaded.length
          ? `; Local advertisements now from: ${sync.reloaded.join(", ")}`
          : "";
        return `${detail}${moved}`;
      }
      case "netem":
        await this.run(fault.target.node, netemArgv(fault.target.iface, fault.params));
        return this.note(
          `netem:${ref(fault.target)}`,
          fault,
          `${ref(fault.target)}: ${describeFault(fault)}`,
        );
      case "netem-clear": {
        const argv = netemClearArgv(fault.target.iface);
        const r = await this.exec(fault.target.node, argv);
        if (!isNothingToClear(r.stderr))
          mustSucceed(fault.target.node, argv, r, FAULT_FAILED, { suggestion: advice(fault.target.node) });
        this.note(`netem:${ref(fault.target)}`, undefined, "");
        return `${ref(fault.target)}: netem cleared`;
      }
      case "speaker-host":
        return await this.killSpeakerHost();
      default:
        return assertNever(fault, "fault");
    }
  }

  /** SIGKILL of the speaker host process (not its supervisor, which is what brings it back). */
  private async killSpeakerHost(): Promise<string> {
    const host = findHostRecord(this.lab());
    const status = host && readSupervisorStatus(host.files.dir);
    if (!host || !status?.host || !(await isRunning(status.host)))
      throw new FabricError(
        "no-speaker-host",
        `lab ${this.ctx.labName} has no running speaker host to kill`,
        {
          suggestion: "it runs one when deployed with speakers in the default --speaker-mode host",
        },
      );
    process.kill(status.host.pid, "SIGKILL");
    return `speaker host (pid ${status.host.pid}) killed with SIGKILL; its supervisor starts it again`;
  }

  private async link(action: "down" | "up", target: InterfaceRef, fault: Fault): Promise<string> {
    const lab = this.lab();
    const handle = nodeHandle(lab, target.node);
    const match = findLink(lab, this.netnsOf(lab, handle.record), target.iface);
    await this.run(target.node, linkSetArgv(target.iface, action));
    const ends = [ref(target)];
    if (match) {
      await this.run(match.peer.node, linkSetArgv(match.peer.ifname, action));
      ends.push(`${match.peer.node}:${match.peer.ifname}`);
    }
    const detail = `${ends.join(" and ")} ${action}`;
    const key = match ? linkKey(match.link) : `link:${ref(target)}`;
    return this.note(key, action === "down" ? fault : undefined, detail);
  }

  private async node(action: "stop" | "start", name: string, fault: Fault): Promise<string> {
    const lab = this.lab();
    if (lab.runtime !== "netns") return this.nodeByRuntime(action, name, fault);
    const { record } = nodeHandle(lab, name);
    if (!record.holder) throw new FabricError("node-not-running", `node ${name} has no running holder`);
    const key = frozenKey(name);
    if (action === "stop") {
      const count = await signalNode(record.holder, "SIGSTOP");
      // A second stop must not forget that the first one stopped the speaker.
      const before = activeFaults(lab).find((f) => f.key === key)?.pausedSpeaker === true;
      const paused = (await this.pauseSpeaker(name)) || before;
      const detail = `${name}: ${count} process${count === 1 ? "" : "es"} frozen${paused ? ", its speaker instance paused" : ""}`;
      return this.note(key, fault, detail, paused);
    }
    const count = await signalNode(record.holder, "SIGCONT");
    const wasPaused = activeFaults(lab).find((f) => f.key === key)?.pausedSpeaker === true;
    if (wasPaused)
      await resumeHostedInstance(new LabRecord(this.ctx.store, this.lab()), name, this.speakerHost());
    const detail = `${name}: ${count} process${count === 1 ? "" : "es"} resumed${wasPaused ? ", its speaker instance resumed" : ""}`;
    return this.note(key, undefined, detail);
  }

  /**
   * A runtime that freezes a node whole (docker: pause, the cgroup freezer) does it itself; the
   * node's speaker instance, which runs in the lab's speaker host outside the container, is
   * paused with it, as on netns.
   */
  private async nodeByRuntime(action: "stop" | "start", name: string, fault: Fault): Promise<string> {
    const lab = this.lab();
    const runtime = this.ctx.runtime;
    if (!runtime.setFrozen) {
      throw new FabricError(
        "fault-unsupported",
        `node ${action} is not implemented for the ${lab.runtime} runtime`,
      );
    }
    const { record } = nodeHandle(lab, name);
    const key = frozenKey(name);
    if (action === "stop") {
      await runtime.setFrozen(record, true);
      const before = activeFaults(lab).find((f) => f.key === key)?.pausedSpeaker === true;
      const paused = (await this.pauseSpeaker(name)) || before;
      return this.note(
        key,
        fault,
        `${name}: container paused${paused ? ", its speaker instance paused" : ""}`,
        paused,
      );
    }
    await runtime.setFrozen(record, false);
    const wasPaused = activeFaults(lab).find((f) => f.key === key)?.pausedSpeaker === true;
    if (wasPaused)
      await resumeHostedInstance(new LabRecord(this.ctx.store, this.lab()), name, this.speakerHost());
    return this.note(
      key,
      undefined,
      `${name}: container resumed${wasPaused ? ", its speaker instance resumed" : ""}`,
    );
  }

  /**
   * The pod's command stops (or runs again), then the Services follow: every node's table and
   * the Local-policy advertisements are worked out again from which pods are ready.
   */
  async pod(
    action: "stop" | "start",
    ref: string,
    fault: Fault,
  ): Promise<{ detail: string; changed: boolean; sync?: SyncResult }> {
    const record = new LabRecord(this.ctx.store, this.lab());
    const { pod } = findPod(record, ref);
    const processes = this.ctx.processes ?? hostProcesses;
    const changed =
      action === "stop"
        ? await stopPodCommand(record, pod.name, processes)
        : await startPodCommand(record, pod.name, this.ctx.runtime, processes);
    const services = new LabRecord(this.ctx.store, this.lab());
    const hasServices = (labInfo(services.state).cluster?.services?.length ?? 0) > 0;
    const sync = hasServices
      ? await syncServices({
          record: services,
          runtime: this.ctx.runtime,
          processes,
          host: this.speakerHost(),
        })
      : undefined;
    const state =
      action === "stop"
        ? changed
          ? "command stopped"
          : "command was not running"
        : changed
          ? "command started"
          : "command already running";
    const detail = this.note(
      `pod:${pod.name}`,
      action === "stop" ? fault : undefined,
      `pod ${pod.name}: ${state}`,
    );
    return { detail, changed, ...(sync && { sync }) };
  }

  /**
   * The node's speaker, when it is an instance in the lab's speaker host: that host is one process
   * for every node, outside this node's pid namespace, so SIGSTOP cannot reach it (and must not:
   * it is fabric's own). The host freezes that one instance instead, timers and sockets alike, so
   * like a frozen FRR it goes silent and its peers drop the session when their hold timers expire.
   */
  private async pauseSpeaker(name: string): Promise<boolean> {
    const record = new LabRecord(this.ctx.store, this.lab());
    if (!hostedInstances(record.state).some((i) => i.node.name === name)) return false;
    return pauseHostedInstance(record, name, this.speakerHost());
  }

  private speakerHost(): SpeakerHostControl {
    return this.ctx.speakerHost ?? hostSpeakerHost;
  }

  /** The namespace file veth records name for this node (its owner's, under network-mode container:X). */
  private netnsOf(lab: LabState, record: NodeRecord): string {
    const owner = record.sharesNetworkWith && recordOf(lab, record.sharesNetworkWith.name);
    return this.ctx.runtime.netnsPath(owner ?? record);
  }

  private exec(node: string, argv: readonly string[]) {
    return this.ctx.runtime.exec(nodeHandle(this.lab(), node).record, argv, { timeoutMs: 10_000 });
  }

  private async run(node: string, argv: readonly string[]): Promise<void> {
    mustSucceed(node, argv, await this.exec(node, argv), FAULT_FAILED, { suggestion: advice(node) });
  }

  /** Records (or, without a fault, forgets) what is in force; returns the detail for printing. */
  private note(key: string, fault: Fault | undefined, detail: string, pausedSpeaker = false): string {
    const lab = this.lab();
    const entry: ActiveFault | undefined = fault && {
      key,
      fault: describeFault(fault),
      detail,
      since: new Date().toISOString(),
      ...(pausedSpeaker && { pausedSpeaker }),
    };
    new LabRecord(this.ctx.store, lab).setMeta(FAULTS_META_KEY, withFault(activeFaults(lab), key, entry));
    return detail;
  }
}

function ref(t: InterfaceRef): string {
  return `${t.node}:${t.iface}`;
}

const FAULT_FAILED = "fault-failed";

/** What to do when a fault's command fails in a node, from what it printed. */
function advice(node: string): (r: ExecResult) => string {
  return (r) =>
    /qdisc kind is unknown/i.test(r.stderr)
      ? "this kernel has no netem qdisc (sch_netem): load it with `modprobe sch_netem`, or use a kernel built with it"
      : `check the interface with \`fabric exec ${node} -- ip -br link\``;
}
