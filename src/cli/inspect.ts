// fabric inspect [NAME]: what a deployed lab consists of, and whether each node is running.
import { recordOf, selectLab } from "../state/deployed.js";
import { labInfo } from "../state/lab-info.js";
import { podHandle } from "../state/cluster-view.js";
import { StateStore } from "../state/state-store.js";
import { activeFaults } from "../state/active-faults.js";
import { isFrozen } from "../state/frozen.js";
import { labHealth } from "../lab/health.js";
import { printJson, table } from "./output.js";
import type { FormatOptions } from "./options.js";
import { openRuntime } from "./runtime-choice.js";
import { FabricError } from "../errors.js";
import type { NodeRecord, Runtime } from "../runtime/types.js";

export interface InspectFlags extends FormatOptions {
  readonly lab?: string;
  readonly all?: boolean;
}

export async function inspect(name: string | undefined, flags: FormatOptions): Promise<void> {
  const lab = selectLab(new StateStore(), name);
  const runtime = await openRuntime(lab.runtime);
  const rows = [];
  for (const node of labInfo(lab).nodes) {
    const owner = node.sharesNetworkWith ?? node.name;
    const record = recordOf(lab, node.name);
    // A frozen node still runs a new `true` (only its old processes are stopped): the record says.
    let state = "absent";
    if (record) state = isFrozen(lab, node.name) ? "frozen" : await liveness(runtime, record);
    rows.push({
      lab: lab.lab,
      node: node.name,
      kind: node.kind,
      role: node.role,
      runtime: lab.runtime,
      state,
      mgmtAddress: node.mgmtAddress ?? null,
      namespace: record ? runtime.netnsPath(recordOf(lab, owner) ?? record) : null,
    });
  }
  // Pods: runtime nodes of their own, listed after the nodes they run on.
  for (const pod of labInfo(lab).cluster?.pods ?? []) {
    const { record } = podHandle(lab, `pod/${pod.name}`) ?? {};
    const state = record ? await liveness(runtime, record) : "absent";
    rows.push({
      lab: lab.lab,
      node: pod.name,
      kind: "pod",
      role: `pod on ${pod.node}`,
      runtime: lab.runtime,
      state,
      mgmtAddress: null,
      namespace: record ? runtime.netnsPath(record) : null,
    });
  }
  const faults = activeFaults(lab);
  // What can die on its own after deploy: bgpd in each router, the speaker host, each speaker.
  const health = await labHealth(lab, runtime);
  if (flags.format === "json") {
    printJson({ lab: lab.lab, phase: lab.phase, source: lab.source, nodes: rows, health, faults });
    return;
  }
  process.stdout.write(`lab ${lab.lab} (${lab.phase}, from ${lab.source})\n`);
  process.stdout.write(
    table(
      ["NODE", "KIND", "ROLE", "RUNTIME", "STATE", "MGMT ADDRESS", "NAMESPACE"],
      rows.map((r) => [r.node, r.kind, r.role, r.runtime, r.state, r.mgmtAddress ?? "-", r.namespace ?? "-"]),
    ) + "\n",
  );
  if (health.length > 0) {
    process.stdout.write(
      "\nDaemons:\n" +
        table(
          ["NODE", "DAEMON", "STATE", "RESTARTS", "DETAIL"],
          health.map((h) => [
            h.node,
            h.component,
            h.state,
            h.restarts === undefined ? "-" : String(h.restarts),
            h.detail,
          ]),
        ) +
        "\n",
    );
  }
  if (faults.length > 0) {
    process.stdout.write(
      "\nFaults in force (a lab broken on purpose):\n" +
        table(
          ["FAULT", "DETAIL", "SINCE"],
          faults.map((f) => [f.fault, f.detail, f.since]),
        ) +
        "\n",
    );
  }
}

/** How long inspect waits for a node to run `true` before calling it unresponsive. */
const LIVENESS_TIMEOUT_MS = 5_000;

async function liveness(runtime: Runtime, record: NodeRecord): Promise<string> {
  return runtime.exec(record, ["true"], { timeoutMs: LIVENESS_TIMEOUT_MS }).then(
    (r) => (r.exitCode === 0 ? "running" : "broken"),
    (err: unknown) =>
      err instanceof FabricError && err.code === "node-exec-timeout" ? "unresponsive" : "stopped",
  );
}
