// Which runtime a command uses, and the prerequisite check that runs before anything is touched.
import { FabricError } from "../errors.js";
import { findProblems, prerequisitesError, realProbe } from "../host/prerequisites.js";
import { NetnsRuntime } from "../runtime/netns/runtime.js";
import type { Runtime } from "../runtime/types.js";

export const RUNTIMES = ["netns", "docker"] as const;
export type RuntimeName = (typeof RUNTIMES)[number];

export async function openRuntime(name: string): Promise<Runtime> {
  if (name === "docker") {
    throw new FabricError("runtime-unavailable", "the docker runtime is not available yet", {
      suggestion: "use the default netns runtime (--runtime netns)",
    });
  }
  if (name !== "netns") throw new FabricError("runtime-unknown", `unknown runtime ${name}`);
  const problem = prerequisitesError(await findProblems(realProbe));
  if (problem) throw problem;
  return new NetnsRuntime();
}
