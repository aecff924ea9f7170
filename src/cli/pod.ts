// fabric pod stop|start POD: the pod's command stops (the pod turns NotReady and leaves its
// Services' endpoints) or runs again, as a fault the lab record keeps (faults/live.ts); every
// node's Service rules and the Local-policy advertisements follow, and what each Service now
// sends to is printed.
import { LiveFaults } from "../faults/live.js";
import { selectLab } from "../state/deployed.js";
import { StateStore } from "../state/state-store.js";
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
  const faults = new LiveFaults({ store, labName: state.lab, runtime });
  const { detail, changed, sync } = await faults.pod(action, ref, { type: "pod", action, pod: ref });
  if (flags.format === "json") return printJson({ detail, changed, services: sync ?? null });
  const lines = [detail];
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
