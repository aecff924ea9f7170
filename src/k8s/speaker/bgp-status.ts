// `cilium bgp peers` / `cilium bgp routes …` for a whole lab: ask every Kubernetes node's speaker
// over its control socket and put the rows together, in node order. A node whose speaker does not
// answer is reported beside the rows, not dropped silently.
//
// Peers of speakers in the lab's speaker host are asked of the host once (its `peers` op answers
// for every instance): deploy's wait and `fabric test` look at every session of a 1,024-node lab
// several times, and one socket round trip per node per look was 1,024 connections each time.
import { askHost } from "../../bgp/speaker/host/client.js";
import type { HostRequest, HostResponse, InstancePeers } from "../../bgp/speaker/host/protocol.js";
import { askSpeaker } from "../../bgp/speaker/control-client.js";
import type { ControlRequest, PeerRow, RouteKind, RouteRow } from "../../bgp/status/index.js";
import type { AfiName } from "../../bgp/model.js";
import { isFrozen, nodeFrozenError } from "../../state/frozen.js";
import { labInfo } from "../../state/lab-info.js";
import type { LabState } from "../../state/state-store.js";
import { hostProblem, speakerView, type SpeakerView } from "./view.js";

/** How the lab's speakers are asked; tests count the questions. */
export interface StatusTransport {
  askSpeaker(control: string, request: ControlRequest): ReturnType<typeof askSpeaker>;
  askHost(socket: string, request: HostRequest): Promise<HostResponse>;
}

const realTransport: StatusTransport = {
  askSpeaker: (control, request) => askSpeaker(control, request),
  askHost: (socket, request) => askHost(socket, request),
};

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

type Answer<T> = { node: string; rows?: readonly T[]; error?: string };

async function collect<T>(
  lab: LabState,
  request: ControlRequest,
  pick: (response: object) => readonly T[] | undefined,
  only?: string,
  transport: StatusTransport = realTransport,
  /** Answers for hosted nodes from one question to their host; undefined: ask each node. */
  fromHost?: (speaker: SpeakerView) => Promise<Answer<T> | undefined>,
): Promise<Collected<T>> {
  // Asked once: a dead host explains every hosted node's silence.
  let hostDown: Promise<string | undefined> | undefined;
  const answers = await Promise.all(
    speakerNodes(lab, only).map(async (node): Promise<Answer<T>> => {
      if (isFrozen(lab, node)) return { node, error: nodeFrozenError(node).message };
      const speaker = speakerView(lab, node);
      if (!speaker) return { node, error: "no speaker was started (deployed with --no-speakers?)" };
      if (!speaker.started)
        return { node, error: "its speaker is stopped (`fabric bgp start " + node + "`)" };
      try {
        const hosted = speaker.mode === "host" && fromHost ? await fromHost(speaker) : undefined;
        if (hosted) return hosted;
        const response = await transport.askSpeaker(speaker.control, request);
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
    }),
  );
  return {
    rows: answers.flatMap((a) => a.rows ?? []),
    problems: answers.flatMap((a) => (a.error === undefined ? [] : [{ node: a.node, message: a.error }])),
  };
}

export function collectPeers(
  lab: LabState,
  node?: string,
  transport: StatusTransport = realTransport,
): Promise<Collected<PeerRow>> {
  return collect(
    lab,
    { command: "peers" },
    (r) => ("peers" in r ? (r.peers as PeerRow[]) : undefined),
    node,
    transport,
    node === undefined ? hostPeers(transport) : undefined,
  );
}

/**
 * Each hosted node's peers from one `peers` question to its speaker host, asked on first use and
 * shared by every node of that host. A host that does not answer throws, so the node's error says
 * why as before.
 */
function hostPeers(
  transport: StatusTransport,
): (speaker: SpeakerView) => Promise<Answer<PeerRow> | undefined> {
  const asked = new Map<string, Promise<Map<string, InstancePeers>>>();
  const ask = async (socket: string): Promise<Map<string, InstancePeers>> => {
    const response = await transport.askHost(socket, { op: "peers" });
    if (!response.ok) throw new Error(response.error);
    return new Map((response.instances ?? []).map((i) => [i.name, i] as const));
  };
  return async (speaker) => {
    const socket = speaker.hostSocket;
    if (socket === undefined) return undefined;
    let answer = asked.get(socket);
    if (!answer) {
      answer = ask(socket);
      asked.set(socket, answer);
    }
    const node = speaker.node.name;
    const instance = (await answer).get(node);
    if (!instance) return { node, error: `the speaker host has no instance ${node}` };
    if (instance.state !== "running") return { node, error: "its speaker is stopped in the speaker host" };
    return { node, rows: instance.peers };
  };
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
