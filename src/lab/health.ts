// Is the running lab what deploy left? Every part that can die on its own, judged live: each
// router's bgpd (watchfrr may have restarted it), the speaker host (its supervisor may be
// restarting it), each node's speaker. `fabric inspect` shows the answer; `fabric test` refuses
// to run checks against an unhealthy lab and names the reason instead of timing out check by check.
import { askHost } from "../bgp/speaker/host/client.js";
import { isRunning } from "../host/proc.js";
import { describeHostHealth, speakerHostHealth } from "../k8s/speaker/host-health.js";
import { findHostRecord } from "../k8s/speaker/host.js";
import { speakerView } from "../k8s/speaker/view.js";
import { speakerFiles } from "../k8s/speaker/sidecar.js";
import {
  describeLoopStatus,
  loopStatusFile,
  readLoopStatus,
} from "../k8s/speaker/supervisor/process-loop.js";
import type { ProcessRef } from "../host/proc.js";
import type { NodeRecord } from "../runtime/types.js";
import { bgpdDegraded, bgpdHealth, describeBgpd } from "../nodes/frr-health.js";
import { asLabResource } from "../state/resources.js";
import { recordOf } from "../state/deployed.js";
import { labInfo } from "../state/lab-info.js";
import type { LabState } from "../state/state-store.js";
import type { Runtime } from "../runtime/types.js";

export type Component = "bgpd" | "speaker-host" | "speaker";

export interface HealthRow {
  /** The node, or the lab's name for the lab-wide speaker host. */
  readonly node: string;
  readonly component: Component;
  readonly healthy: boolean;
  readonly state: string;
  readonly restarts?: number;
  readonly detail: string;
}

export async function labHealth(lab: LabState, runtime: Runtime): Promise<HealthRow[]> {
  const rows: HealthRow[] = [];
  const info = labInfo(lab);
  const routers = info.nodes.filter((n) => n.role === "router");
  // Routers are asked in parallel: each ask has its own deadline, so a frozen one costs 5 s, not more.
  const bgpd = await Promise.all(
    routers.map(async (n) => {
      const record = recordOf(lab, n.name);
      return record ? { node: n.name, health: await bgpdHealth(runtime, record) } : undefined;
    }),
  );
  for (const b of bgpd) {
    if (!b || b.health.state === "absent") continue;
    rows.push({
      node: b.node,
      component: "bgpd",
      healthy: !bgpdDegraded(b.health),
      state: b.health.state === "running" && b.health.restarted ? "restarted" : b.health.state,
      detail: describeBgpd(b.health),
    });
  }
  rows.push(...(await speakerRows(lab)));
  return rows;
}

async function speakerRows(lab: LabState): Promise<HealthRow[]> {
  const rows: HealthRow[] = [];
  const host = await speakerHostHealth(lab);
  if (host) {
    rows.push({
      node: lab.lab,
      component: "speaker-host",
      healthy: host.state === "running",
      state: host.state,
      restarts: host.restarts,
      detail: describeHostHealth(host),
    });
  }
  // What the host says it runs, asked once; a host that does not answer is the host's row.
  const hostSocket = findHostRecord(lab)?.files.socket;
  const hosted =
    host?.state === "running" && hostSocket
      ? await askHost(hostSocket, { op: "status" }, 5_000).catch(() => undefined)
      : undefined;
  const runningInHost = new Map(
    (hosted?.ok ? (hosted.status?.instances ?? []) : []).map((i) => [i.name, i] as const),
  );
  for (const entry of lab.resources) {
    const r = asLabResource(entry);
    if (r?.type !== "speaker-instance" && !(r?.type === "process" && r.record.purpose === "speaker"))
      continue;
    const node = r.record.node.name;
    const view = speakerView(lab, node);
    if (!view) continue;
    if (!view.started) {
      rows.push({
        node,
        component: "speaker",
        healthy: true,
        state: "stopped",
        detail: "stopped on purpose (fabric bgp stop)",
      });
      continue;
    }
    if (r.type === "process") {
      rows.push(await processSpeakerRow(node, r.record.ref, r.record.node, view.logFile));
      continue;
    }
    if (host?.state !== "running") continue; // the host's row says why
    const instance = runningInHost.get(node);
    const running = instance?.state === "running";
    rows.push({
      node,
      component: "speaker",
      healthy: running,
      state: running ? "running" : "dead",
      detail: running
        ? `${instance.established}/${instance.peers} sessions established`
        : `the speaker host does not run it${instance?.error ? `: ${instance.error}` : ""} (fabric bgp start ${node})`,
    });
  }
  return rows;
}

/** The reasons a lab is not fit for its checks, one per unhealthy part; empty when healthy. */
export function unhealthyReasons(rows: readonly HealthRow[]): string[] {
  return rows
    .filter((r) => !r.healthy)
    .map((r) => (r.component === "speaker-host" ? `speaker host: ${r.detail}` : `${r.node}: ${r.detail}`));
}

/**
 * A `--speaker-mode process` speaker: its loop (the recorded process) alive means supervised; the
 * loop's status file says whether a speaker runs now or it waits to restart one, and how often.
 */
async function processSpeakerRow(
  node: string,
  ref: ProcessRef | undefined,
  record: NodeRecord,
  logFile: string,
): Promise<HealthRow> {
  const alive = ref !== undefined && (await isRunning(ref));
  const status = readLoopStatus(loopStatusFile(speakerFiles(record).config));
  const history = status ? `, ${describeLoopStatus(status)}` : "";
  const restarts = status ? { restarts: status.restarts } : {};
  if (!alive)
    return {
      node,
      component: "speaker",
      healthy: false,
      state: "dead",
      ...restarts,
      detail: `speaker process exited and is not supervised${history} (log: ${logFile})`,
    };
  const restarting = status?.phase === "restarting";
  return {
    node,
    component: "speaker",
    healthy: !restarting,
    state: restarting ? "restarting" : "running",
    ...restarts,
    detail: restarting
      ? `restarting after a crash (its loop starts it again)${history}`
      : `speaker process running (pid ${ref.pid})${history}`,
  };
}
