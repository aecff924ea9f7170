// `kubectl get nodes -o json` → what fabric needs of each node (core/v1 Node): its InternalIP
// (status.addresses), its PodCIDR(s) (spec.podCIDR, spec.podCIDRs — empty until the controller
// manager's node IPAM has allocated one), labels, taints, and the Ready condition.
import { FabricError } from "../../errors.js";
import type { Taint } from "../../model/model.js";
import { KindErrorCode } from "./errors.js";
import { condition, field, listItems, records, stringMap, strings, text, type JsonRecord } from "./json.js";

export interface ObservedNode {
  readonly name: string;
  /** The first InternalIP; a dual-stack node lists one per family. */
  readonly internalIP?: string;
  readonly internalIPs: readonly string[];
  /** spec.podCIDR: absent until one is allocated. */
  readonly podCIDR?: string;
  readonly podCIDRs: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Taint[];
  readonly ready: boolean;
  /** The Ready condition's reason and message, which say why a node is not Ready. */
  readonly readyReason?: string;
  readonly readyMessage?: string;
}

const EFFECTS: readonly Taint["effect"][] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

export function parseNodes(stdout: string, source = "kubectl get nodes"): ObservedNode[] {
  return listItems(stdout, source).map((item) => parseNode(item, source));
}

function parseNode(item: JsonRecord, source: string): ObservedNode {
  const metadata = field(item, "metadata");
  const spec = field(item, "spec");
  const status = field(item, "status");
  const name = text(metadata, "name");
  if (name === undefined)
    throw new FabricError(KindErrorCode.outputInvalid, `${source}: a node without a name`);
  const internalIPs = records(status, "addresses")
    .filter((a) => a["type"] === "InternalIP")
    .flatMap((a) => text(a, "address") ?? []);
  const podCIDR = text(spec, "podCIDR");
  // podCIDRs is newer than podCIDR; when both are set the first entry equals podCIDR.
  const podCIDRs = strings(spec, "podCIDRs");
  const ready = condition(status, "Ready");
  const readyReason = ready && text(ready, "reason");
  const readyMessage = ready && text(ready, "message");
  return {
    name,
    ...(internalIPs[0] !== undefined && { internalIP: internalIPs[0] }),
    internalIPs,
    ...(podCIDR !== undefined && { podCIDR }),
    podCIDRs: podCIDRs.length > 0 ? podCIDRs : podCIDR !== undefined ? [podCIDR] : [],
    labels: stringMap(field(metadata, "labels")),
    taints: records(spec, "taints").map((t) => parseTaint(t, name, source)),
    ready: ready?.["status"] === "True",
    ...(readyReason && { readyReason }),
    ...(readyMessage && { readyMessage }),
  };
}

function parseTaint(t: JsonRecord, node: string, source: string): Taint {
  const key = text(t, "key");
  const effect = EFFECTS.find((e) => e === t["effect"]);
  if (key === undefined || effect === undefined) {
    throw new FabricError(
      KindErrorCode.outputInvalid,
      `${source}: node ${node} has a taint without a key or with an unknown effect: ${JSON.stringify(t)}`,
    );
  }
  const value = text(t, "value");
  return { key, ...(value !== undefined && { value }), effect };
}
