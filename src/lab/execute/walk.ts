// Runs a plan's stages as the DAG their `after` lists make: a stage starts once every stage it
// waits for is done, so independent stages (emulated pods and the topology's exec lines) overlap.
// A failed stage fails every stage after it without running them; the walk then waits for every
// stage still running before it throws, so a rollback never races a stage still creating things.
import { InternalError } from "../../errors.js";
import { settleAll } from "../../util/settle.js";

export interface StageNode<Id extends string> {
  readonly id: Id;
  readonly after: readonly Id[];
}

/** Throws the error of the earliest failed stage, in plan order. */
export async function walkStages<Id extends string, S extends StageNode<Id>>(
  stages: readonly S[],
  run: (stage: S) => Promise<void>,
): Promise<void> {
  const done = new Map<Id, Promise<void>>();
  for (const stage of stages) {
    if (done.has(stage.id)) throw new InternalError(`the plan has two stages ${stage.id}`);
    const waits = stage.after.map((id) => {
      const before = done.get(id);
      if (!before) throw new InternalError(`stage ${stage.id} waits for ${id}, which is not before it`);
      return before;
    });
    done.set(
      stage.id,
      Promise.all(waits).then(() => run(stage)),
    );
  }
  await settleAll([...done.values()]);
}
