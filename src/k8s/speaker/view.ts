// A node's BGP speaker as later commands need it, whichever way it runs: an instance of the
// lab's speaker host (the default) or a `fabric speaker run` process of its own.
import { asLabResource, speakerResourceId } from "../../state/resources.js";
import type { LabState } from "../../state/state-store.js";
import type { NodeRecord } from "../../runtime/types.js";
import { describeHostHealth, speakerHostHealth } from "./host-health.js";
import { speakerFiles } from "./sidecar.js";

export interface SpeakerView {
  readonly node: NodeRecord;
  readonly mode: "host" | "process";
  /** As the record says: started and not stopped on purpose (`fabric bgp stop`). */
  readonly started: boolean;
  readonly control: string;
  readonly logFile: string;
  /** The config file (on the host) the speaker was started on: `fabric speaker run --config` format. */
  readonly configFile: string;
  /** Host mode: the control socket of the speaker host that runs it. */
  readonly hostSocket?: string;
}

export function speakerView(lab: LabState, node: string): SpeakerView | undefined {
  const entry = lab.resources.find((r) => r.id === speakerResourceId(node));
  const resource = entry && asLabResource(entry);
  if (resource?.type === "speaker-instance") {
    const { spec, running } = resource.record;
    return {
      node: resource.record.node,
      mode: "host",
      started: running,
      control: spec.control,
      logFile: spec.log,
      configFile: spec.config,
      hostSocket: resource.record.hostSocket,
    };
  }
  if (resource?.type === "process") {
    const files = speakerFiles(resource.record.node);
    return {
      node: resource.record.node,
      mode: "process",
      started: resource.record.ref !== undefined,
      control: files.control,
      logFile: resource.record.logFile ?? files.log,
      configFile: files.config,
    };
  }
  return undefined;
}

/** Why a hosted speaker does not answer, when its host is the reason; undefined otherwise. */
export async function hostProblem(lab: LabState): Promise<string | undefined> {
  const health = await speakerHostHealth(lab);
  if (!health || health.state === "running") return undefined;
  const what = `the lab's BGP speaker host is ${describeHostHealth(health)}`;
  return health.state === "dead"
    ? `${what}; \`fabric bgp start --lab ${lab.lab}\` brings every speaker back (log: ${health.log})`
    : `${what} (log: ${health.log})`;
}
