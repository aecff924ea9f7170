// Starting and stopping the BGP speakers of a lab's Kubernetes nodes, recorded in the lab state
// (`speaker:<node>`) so destroy stops them first and `fabric bgp stop|start` can find them.
import { settleAll } from "../../util/settle.js";
import type { SpeakerConfig } from "../../bgp/config/speaker-config.js";
import { FabricError } from "../../errors.js";
import type { ProcessControl, ProcessRecord } from "../../state/processes.js";
import type { Progress } from "../../state/progress.js";
import { asLabResource, speakerResourceId } from "../../state/resources.js";
import type { LabRecord } from "../../state/state-store.js";
import type { NodeRecord } from "../../runtime/types.js";
import { launchSpeaker, speakerArgv, speakerFiles, startSpeaker, type SpeakerRuntime } from "./sidecar.js";

/**
 * Runs after every exec line of the lab: the node's IP and default route (from the topology's
 * `srv-*` lines) must exist, and the ToRs' FRR must already listen, so the speaker's first
 * connect succeeds instead of waiting out Cilium's 120 s ConnectRetry.
 */
export async function startSpeakers(
  runtime: SpeakerRuntime,
  record: LabRecord,
  progress: Progress,
  nodes: ReadonlyMap<string, NodeRecord>,
  speakers: ReadonlyMap<string, SpeakerConfig>,
): Promise<void> {
  await settleAll(
    [...speakers].map(async ([name, config]) => {
      const node = nodes.get(name);
      if (!node) return;
      progress.node(name, "starting BGP speaker");
      const id = speakerResourceId(name);
      const planned: ProcessRecord = { purpose: "speaker", node, argv: speakerArgv(speakerFiles(node)) };
      record.add({ type: "process", id, record: planned });
      record.update(id, await startSpeaker(runtime, node, config));
      progress.nodeDone(name, "speaker running");
    }),
  );
}

/**
 * `fabric bgp stop NODE`: stops the node's speaker (SIGTERM: it sends a Cease to its peers, which
 * withdraw its routes), as if Cilium's agent on that node went away. The record keeps the entry,
 * without a process, so `fabric bgp start NODE` can bring it back.
 */
export async function stopSpeaker(
  record: LabRecord,
  node: string,
  processes: ProcessControl,
): Promise<boolean> {
  const id = speakerResourceId(node);
  const current = speakerRecordOf(record, node);
  if (!current.ref) return false;
  await processes.stop(current.ref);
  const { ref: _gone, ...stopped } = current;
  record.update(id, stopped);
  return true;
}

/** `fabric bgp start NODE`: starts it again on the config deploy wrote; false if it already runs. */
export async function restartSpeaker(
  record: LabRecord,
  node: string,
  runtime: SpeakerRuntime,
  processes: ProcessControl,
): Promise<boolean> {
  const current = speakerRecordOf(record, node);
  if (current.ref && (await processes.isRunning(current.ref))) return false;
  record.update(speakerResourceId(node), await launchSpeaker(runtime, current.node));
  return true;
}

function speakerRecordOf(record: LabRecord, node: string): ProcessRecord {
  const entry = record.state.resources.find((r) => r.id === speakerResourceId(node));
  const resource = entry && asLabResource(entry);
  if (resource?.type !== "process") {
    throw new FabricError("no-speaker", `node ${node} of lab ${record.state.lab} has no BGP speaker`, {
      suggestion: "only Kubernetes nodes selected by a CiliumBGPClusterConfig run one",
    });
  }
  return resource.record;
}
