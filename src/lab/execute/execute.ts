// The deploy executor: walks a DeployPlan's stages, each creating its planned resources through
// the Ledger (recorded, then created), and returns once every stage is done. On failure it throws
// the earliest stage's error once nothing is running any more; the record then lists exactly what
// was made (or was about to be), and destroy undoes it in reverse.
import { InternalError } from "../../errors.js";
import type { ClusterProvider } from "../../k8s/cluster-provider.js";
import type { SpeakerHostControl } from "../../k8s/speaker/host-process.js";
import type { SpeakerMode } from "../../k8s/speaker/start-speakers.js";
import type { Lab } from "../../model/model.js";
import type { NodeKindHandler } from "../../nodes/types.js";
import type { Runtime } from "../../runtime/types.js";
import { Ledger } from "../../state/ledger.js";
import type { Progress } from "../../state/progress.js";
import type { LabRecord } from "../../state/state-store.js";
import type { Wiring } from "../../state/wiring.js";
import type { DeployPlan } from "../plan/types.js";
import { StageOutputs } from "./outputs.js";
import { runStage } from "./stages.js";
import { walkStages } from "./walk.js";

export interface ExecutePorts {
  readonly runtime: Runtime;
  readonly wiring: Wiring;
  readonly progress: Progress;
  readonly provider: ClusterProvider;
  readonly handlers: ReadonlyMap<string, NodeKindHandler>;
  /** One speaker host for the lab, or a process per node. */
  readonly speakerMode: SpeakerMode;
  readonly speakerHost: SpeakerHostControl;
  /** Aborted on SIGINT/SIGTERM: no stage starts after it (those running finish), and deploy rolls back. */
  readonly signal?: AbortSignal;
}

export async function executeDeploy(
  lab: Lab,
  plan: DeployPlan,
  record: LabRecord,
  ports: ExecutePorts,
): Promise<void> {
  if (plan.lab !== lab.name || plan.provider !== ports.provider.name) {
    throw new InternalError(
      `a plan for lab ${plan.lab} (${plan.provider}) cannot deploy lab ${lab.name} with the ${ports.provider.name} provider`,
    );
  }
  const ledger = new Ledger(record, ports.runtime, ports.wiring, {
    ...(lab.nodeFilesystem && { writableBytes: lab.nodeFilesystem.sizeBytes }),
  });
  const ctx = { ...ports, lab, record, ledger };
  const outputs = new StageOutputs();
  await walkStages(plan.stages, async (stage) => {
    if (ports.signal?.aborted) throw new StageSkipped(stage.id);
    await runStage(stage, ctx, outputs);
  });
}

/** A stage not started because the deploy was interrupted; deployLab turns it into exit 130. */
export class StageSkipped extends Error {
  constructor(readonly stage: string) {
    super(`stage ${stage} not started: the deploy was interrupted`);
  }
}
