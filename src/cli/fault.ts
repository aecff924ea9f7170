// fabric link|node|netem: build the Fault the command's arguments describe, apply it to the
// running lab, and print what was done. The arguments are already typed by commander, so the
// Fault is built from them directly; the text grammar (parseFault) is for lab files only.
import { ExitCode, FabricError } from "../errors.js";
import { LiveFaults } from "../faults/live.js";
import {
  checkNetem,
  describeFault,
  FaultSyntaxError,
  parseInterfaceRef,
  type Fault,
  type NetemParams,
} from "../model/lab-file/faults.js";
import { selectLab } from "../state/deployed.js";
import { StateStore } from "../state/state-store.js";
import { printJson } from "./output.js";
import { openRuntime } from "./runtime-choice.js";

export interface FaultFlags {
  readonly lab?: string;
  readonly format?: "text" | "json";
}

export interface NetemFlags extends FaultFlags, NetemParams {
  readonly clear?: boolean;
}

export function link(action: "down" | "up", endpoint: string, flags: FaultFlags): Promise<void> {
  return applyFault(() => ({ type: "link", action, target: parseInterfaceRef(endpoint) }), flags);
}

export function node(action: "stop" | "start", node: string, flags: FaultFlags): Promise<void> {
  return applyFault(() => ({ type: "node", action, node }), flags);
}

export function netem(endpoint: string, flags: NetemFlags): Promise<void> {
  return applyFault(() => {
    const { delay, jitter, loss, rate } = flags;
    const params: NetemParams = {
      ...(delay !== undefined && { delay }),
      ...(jitter !== undefined && { jitter }),
      ...(loss !== undefined && { loss }),
      ...(rate !== undefined && { rate }),
    };
    if (flags.clear) {
      if (Object.keys(params).length > 0) throw new FaultSyntaxError("--clear takes no other impairment");
      return { type: "netem-clear", target: parseInterfaceRef(endpoint) };
    }
    return { type: "netem", target: parseInterfaceRef(endpoint), params: checkNetem(params) };
  }, flags);
}

/** Builds the fault first (a malformed one exits 2 before any lab is looked up), then applies it. */
async function applyFault(build: () => Fault, flags: FaultFlags): Promise<void> {
  let fault: Fault;
  try {
    fault = build();
  } catch (err) {
    if (!(err instanceof FaultSyntaxError)) throw err;
    throw new FabricError("fault-invalid", err.message, { exitCode: ExitCode.usage, cause: err });
  }
  const store = new StateStore();
  const lab = selectLab(store, flags.lab);
  const runtime = await openRuntime(lab.runtime);
  const detail = await new LiveFaults({ store, labName: lab.lab, runtime }).apply(fault);
  if (flags.format === "json") printJson({ lab: lab.lab, fault: describeFault(fault), detail });
  else process.stdout.write(`${detail}\n`);
}
