// `cilium bgp peers` / `cilium bgp routes …` for a whole lab: ask every Kubernetes node's speaker
// over its control socket and put the rows together, in node order. A node whose speaker does not
// answer is reported beside the rows, not dropped silently.
import { askSpeaker } from "../../bgp/speaker/control-client.js";
import type { ControlRequest, PeerRow, RouteKind, RouteRow } from "../../bgp/status/index.js";
import type { AfiName } from "../../bgp/model.js";
import { isFrozen, nodeFrozenError } from "../../state/frozen.js";
import { labInfo } from "../../state/lab-info.js";
import type { LabState } from "../../state/state-store.js";
import { hostProblem, speakerView } from "./view.js";

export interface NodeProblem {
  readonly node: string;
  readonly message: string;
}

export interface Collected<T> {
  readonly rows: readonly T[];
  readonly problems: readonly NodeProblem[];
}

/** The nodes to ask: those with a speaker, optionally just one. */
function speakerNodes(lab: LabState, only?: string): string[] {
  const nodes = (labInfo(lab).cluster?.nodes ?? []).filter((n) => n.speaker).map((n) => n.name);
  return only === undefined ? nodes : nodes.filter((n) => n === only);
}

async function collect<T>(
  lab: LabState,
  request: ControlRequest,
  pick: (response: object) => readonly T[] | undefined,
  only?: string,
): Promise<Collected<T>> {
  // Asked once: a dead host explains every hosted node's silence.
  let hostDown: Promise<string | undefined> | undefined;
  const answers = await Promise.all(
    speakerNodes(lab, only).map(
      async (node): Promise<{ node: string; rows?: readonly T[]; error?: string }> => {
        if (isFrozen(lab, node)) return { node, error: nodeFrozenError(node).message };
        const speaker = speakerView(lab, node);
        if (!speaker) return { node, error: "no speaker was started (deployed with --no-speakers?)" };
        if (!speaker.started)
          return { node, error: "its speaker is stopped (`fabric bgp start " + node + "`)" };
        try {
          const response = await askSpeaker(speaker.control, request);
          if (!response.ok) return { node, error: response.error };
          const rows = pick(response);
          return rows ? { node, rows } : { node, error: "the speaker answered something else" };
        } catch (err) {
          if (speaker.mode === "host") {
            hostDown ??= hostProblem(lab);
            const why = await hostDown;
            if (why) return { node, error: why };
          }
          return { node, error: (err as Error).message };
        }
      },
    ),
  );
  return {
    rows: answers.flatMap((a) => a.rows ?? []),
    problems: answers.flatMap((a) => (a.error === undefined ? [] : [{ node: a.node, message: a.error }])),
  };
}

export function collectPeers(lab: LabState, node?: string): Promise<Collected<PeerRow>> {
  return collect(lab, { command: "peers" }, (r) => ("peers" in r ? (r.peers as PeerRow[]) : undefined), node);
}

export function collectRoutes(
  lab: LabState,
  kind: RouteKind,
  afi: AfiName | undefined,
  node?: string,
): Promise<Collected<RouteRow>> {
  const request: ControlRequest = { command: "routes", kind, ...(afi !== undefined && { afi }) };
  return collect(lab, request, (r) => ("routes" in r ? (r.routes as RouteRow[]) : undefined), node);
}
