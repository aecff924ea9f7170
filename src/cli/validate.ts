// fabric validate PATH: read every file of a lab, report every problem, print the resolved plan.
import { ExitCode, hasErrors, ValidationError, type Diagnostic } from "../errors.js";
import { hostRoutes, type HostRoute } from "../links/host-routes.js";
import { loadLab } from "../model/lab-file/load-lab.js";
import { summarizeLab } from "./views/summary.js";
import { colourDiagnostic, printJson } from "./output.js";
import type { FormatOptions, LenientOptions } from "./options.js";
import { renderLabPlan } from "./views/lab-plan.js";
import { renderDeployPlan } from "./views/deploy-plan-view.js";
import { planForValidate } from "../lab/plan/validate-plan.js";

export async function validate(path: string, options: FormatOptions & LenientOptions): Promise<void> {
  const loaded = loadLab(path, undefined, { lenient: options.lenient === true });
  const deploy = loaded.lab && planForValidate(loaded.lab, await routesOfThisHost());
  // A management subnet this host already routes is the lab's input to fix, at its line.
  const clash = deploy?.refused?.code === "mgmt-subnet-in-use" ? deploy.refused : undefined;
  const diagnostics: Diagnostic[] = clash
    ? [
        ...loaded.diagnostics,
        {
          severity: "error",
          code: "mgmt-subnet-routed",
          message: clash.message,
          ...(loaded.lab?.topology.mgmt.ipv4SubnetLocation && {
            location: loaded.lab.topology.mgmt.ipv4SubnetLocation,
          }),
          ...(clash.suggestion !== undefined && { suggestion: clash.suggestion }),
        },
      ]
    : [...loaded.diagnostics];
  const lab = clash ? undefined : loaded.lab;
  if (options.format === "json") {
    printJson({
      valid: !hasErrors(diagnostics),
      diagnostics,
      ...(lab ? { plan: summarizeLab(lab) } : {}),
      ...(lab && deploy?.plan && { deployPlan: deploy.plan }),
      ...(lab && deploy?.refused && { deployRefused: deploy.refused }),
    });
    process.exitCode = lab ? ExitCode.ok : ExitCode.usage;
    return;
  }
  if (!lab) throw new ValidationError(diagnostics);
  for (const d of diagnostics) process.stderr.write(colourDiagnostic(d) + "\n");
  process.stdout.write(renderLabPlan(summarizeLab(lab)));
  if (deploy?.plan) process.stdout.write("\n" + renderDeployPlan(deploy.plan));
  if (deploy?.refused)
    process.stderr.write(`warning: deploy would refuse this lab: ${deploy.refused.message}\n`);
}

/**
 * Validate reads the host only for this, and plans as if no other lab ran (deploy moves a lab on
 * the default subnet off theirs), so other labs' bridges are left out. Where `ip` cannot run, the
 * check is left to deploy.
 */
async function routesOfThisHost(): Promise<readonly HostRoute[]> {
  const routes = await hostRoutes().catch(() => []);
  return routes.filter((r) => !r.labBridge);
}
