// The plan `fabric validate` shows: deploy's own, for the default netns runtime and emulated
// cluster, against this host's routes but as if no other lab held a management subnet (deploy moves a lab on the default subnet
// to the next free /24 when one does). A lab the model accepts but deploy would refuse (a kind of
// node this runtime cannot run, a pod named like a node) gets the refusal instead of a plan.
import { FabricError } from "../../errors.js";
import type { Lab } from "../../model/model.js";
import type { HostRoute } from "../../links/host-routes.js";
import { planDeploy } from "./plan-deploy.js";
import type { DeployPlan } from "./types.js";

export interface ValidatePlan {
  readonly plan?: DeployPlan;
  readonly refused?: { readonly code: string; readonly message: string; readonly suggestion?: string };
}

/** `routes`: what this host routes, so a management subnet overlapping docker0 is refused here. */
export function planForValidate(lab: Lab, routes: readonly HostRoute[] = []): ValidatePlan {
  try {
    return {
      plan: planDeploy(
        lab,
        { provider: "emulated", speakers: true, mgmtSubnetsInUse: new Set(), hostRoutes: routes },
        { ownManagementNetwork: false },
      ),
    };
  } catch (err) {
    if (!(err instanceof FabricError)) throw err;
    return {
      refused: {
        code: err.code,
        message: err.message,
        ...(err.suggestion !== undefined && { suggestion: err.suggestion }),
      },
    };
  }
}
