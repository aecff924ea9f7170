// fabric inspect --all: every lab on this host, one line each, from the state records.
import { formatAge, summarizeLabs } from "../state/lab-summary.js";
import { StateStore } from "../state/state-store.js";
import type { FormatOptions } from "./options.js";
import { printJson, table } from "./output.js";

export function inspectAll(flags: FormatOptions): void {
  const labs = summarizeLabs(new StateStore());
  if (flags.format === "json") {
    printJson({ labs });
    return;
  }
  if (labs.length === 0) {
    process.stdout.write("no lab is deployed\n");
    return;
  }
  process.stdout.write(
    table(
      ["LAB", "RUNTIME", "NODES", "PODS", "STATE", "AGE", "SOURCE"],
      labs.map((l) => [
        l.name,
        l.runtime,
        String(l.nodes),
        String(l.pods),
        l.state + (l.frozen.length ? ` (frozen: ${l.frozen.join(", ")})` : ""),
        formatAge(l.ageSeconds),
        l.source,
      ]),
    ) + "\n",
  );
}
