// Destroy without a state record: everything a lab left in dockerd is found by its labels
// (containers, the privilege probe, the management network), plus what hangs off those by
// name (each container's /run/netns name, the network's FORWARD rule). Used when the record
// is gone, e.g. /run was cleared while dockerd kept its containers.
import { deleteRule } from "../../host/iptables.js";
import { netnsDeleteIfExists } from "../../host/ip.js";
import { forwardDropRule } from "../../links/mgmt.js";
import { mgmtBridgeName } from "../../links/names.js";
import type { DockerApi } from "./api.js";
import { LABEL, labFilter } from "./names.js";

/** Labs that have anything labelled in dockerd. */
export async function labelledLabs(api: DockerApi): Promise<string[]> {
  const filter = { label: [LABEL.lab] };
  const labels = [
    ...(await api.listContainers(filter)).map((c) => c.labels[LABEL.lab]),
    ...(await api.listNetworks(filter)).map((n) => n.labels[LABEL.lab]),
  ];
  return [...new Set(labels.filter((l): l is string => l !== undefined))].sort();
}

/** Removes what carries the lab's label; returns a line per thing removed. */
export async function sweepLab(api: DockerApi, lab: string): Promise<string[]> {
  const removed: string[] = [];
  for (const c of await api.listContainers(labFilter(lab))) {
    if (await api.removeContainer(c.id)) removed.push(`container ${c.name}`);
    if (await netnsDeleteIfExists(c.name)) removed.push(`netns ${c.name}`);
  }
  for (const n of await api.listNetworks(labFilter(lab))) {
    if (await api.removeNetwork(n.id)) removed.push(`network ${n.name}`);
  }
  await deleteRule(forwardDropRule(lab, mgmtBridgeName(lab)));
  return removed;
}
