// `kubectl get pods -o json` → each pod's node, IP, phase and readiness (core/v1 Pod). A Pending
// pod may have no node yet (unscheduled) or a node but no IP (sandbox not created — no CNI yet),
// so both are optional, and `reason` carries what Kubernetes says is holding it.
import { FabricError } from "../../errors.js";
import { KindErrorCode } from "./errors.js";
import { condition, field, listItems, records, text, type JsonRecord } from "./json.js";

export interface ObservedPod {
  readonly name: string;
  readonly namespace: string;
  /** spec.nodeName: absent until scheduled. */
  readonly node?: string;
  readonly ip?: string;
  /** Pending, Running, Succeeded, Failed or Unknown. */
  readonly phase: string;
  /** The Ready condition is True (every container ready and the pod's readiness gates passed). */
  readonly ready: boolean;
  /** The controller that owns it (`DaemonSet/netshoot`); absent for a bare Pod. */
  readonly owner?: { readonly kind: string; readonly name: string };
  /** Why it is not ready, when Kubernetes says: a waiting container's reason, or unschedulable. */
  readonly reason?: string;
  /** status.startTime: when the kubelet acknowledged the pod (kubectl's AGE counts from creation). */
  readonly startedAt?: string;
  /** Container restarts, summed over its containers as kubectl's RESTARTS column does. */
  readonly restarts: number;
}

export function parsePods(stdout: string, source = "kubectl get pods"): ObservedPod[] {
  return listItems(stdout, source).map((item) => parsePod(item, source));
}

function parsePod(item: JsonRecord, source: string): ObservedPod {
  const metadata = field(item, "metadata");
  const spec = field(item, "spec");
  const status = field(item, "status");
  const name = text(metadata, "name");
  if (name === undefined)
    throw new FabricError(KindErrorCode.outputInvalid, `${source}: a pod without a name`);
  const node = text(spec, "nodeName");
  const ip = text(status, "podIP") ?? records(status, "podIPs").flatMap((p) => text(p, "ip") ?? [])[0];
  const controller = records(metadata, "ownerReferences").find((o) => o["controller"] === true);
  const ownerKind = controller && text(controller, "kind");
  const ownerName = controller && text(controller, "name");
  const reason = notReadyReason(status);
  const startedAt = text(status, "startTime");
  const restarts = records(status, "containerStatuses").reduce(
    (sum, c) => sum + (typeof c["restartCount"] === "number" ? c["restartCount"] : 0),
    0,
  );
  return {
    name,
    namespace: text(metadata, "namespace") ?? "default",
    ...(node !== undefined && { node }),
    ...(ip !== undefined && { ip }),
    phase: text(status, "phase") ?? "Unknown",
    ready: condition(status, "Ready")?.["status"] === "True",
    ...(ownerKind && ownerName && { owner: { kind: ownerKind, name: ownerName } }),
    ...(reason !== undefined && { reason }),
    ...(startedAt !== undefined && { startedAt }),
    restarts,
  };
}

function notReadyReason(status: JsonRecord): string | undefined {
  for (const c of records(status, "containerStatuses")) {
    const waiting = field(field(c, "state"), "waiting");
    const reason = text(waiting, "reason");
    if (reason !== undefined) {
      const message = text(waiting, "message");
      return message ? `${reason}: ${message}` : reason;
    }
  }
  const scheduled = condition(status, "PodScheduled");
  if (scheduled && scheduled["status"] !== "True") {
    return [text(scheduled, "reason"), text(scheduled, "message")].filter(Boolean).join(": ") || undefined;
  }
  return undefined;
}
