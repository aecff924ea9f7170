// fabric pod stop|start POD: the pod's command stops (the pod turns NotReady and leaves its
// Services' endpoints) or runs again; then every node's Service rules and the Local-policy
// advertisements follow, and what the Services now send to is printed.
import { hostSpeakerHost } from "../k8s/speaker/host-process.js";
import { findPod, startPodCommand, stopPodCommand } from "../k8s/pod-command.js";
import { syncServices } from "../k8s/services/sync.js";
import { selectLab } from "../state/deployed.js";
import { hostProcesses } from "../state/processes.js";
import { LabRecord, StateStore } from "../state/state-store.js";
import { printJson } from "./output.js";
import type { FormatOptions } from "./options.js";
import { openRuntime } from "./runtime-choice.js";

export interface PodFlags extends FormatOptions {
  readonly lab?: string;
}

export async function pod(action: "stop" | "start", ref: string, flags: PodFlags): Promise<void> {
  const store = new StateStore();
  const state = selectLab(store, flags.lab);
  const runtime = await openRuntime(state.runtime);
  const record = new LabRecord(store, state);
  const { pod } = findPod(record, ref);
  const changed =
    action === "stop"
      ? await stopPodCommand(record, pod.name, hostProcesses)
      : await startPodCommand(record, pod.name, runtime, hostProcesses);
  const sync = (record.state.meta as { cluster?: { services?: unknown[] } }).cluster?.services?.length
    ? await syncServices({ record, runtime, processes: hostProcesses, host: hostSpeakerHost })
    : undefined;
  if (flags.format === "json") return printJson({ pod: pod.name, action, changed, services: sync ?? null });
  const verb = action === "stop" ? "stopped" : "started";
  const lines = [
    `pod ${pod.name}: ${changed ? `command ${verb}` : `command already ${action === "stop" ? "stopped" : "running"}`}`,
  ];
  for (const s of sync?.endpoints ?? []) {
    const eps = [...new Set(s.ports.flatMap((p) => p.endpoints.map((e) => `${e.pod}@${e.node}`)))];
    lines.push(`  Service ${s.service}: ${eps.length > 0 ? eps.join(", ") : "no ready endpoint"}`);
  }
  if (sync?.reloaded.length)
    lines.push(`  speakers given new Local-policy advertisements: ${sync.reloaded.join(", ")}`);
  if (sync?.notReloaded.length)
    lines.push(`  not updated (one speaker process per node cannot reload): ${sync.notReloaded.join(", ")}`);
  process.stdout.write(lines.join("\n") + "\n");
}
