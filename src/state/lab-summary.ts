// One line per lab on the host, from the state records alone (no node is asked anything, so it
// is instant and safe on a lab that is half gone): what `fabric inspect --all` lists.
import { activeFaults } from "./active-faults.js";
import { frozenNodes } from "./frozen.js";
import { labInfo } from "./lab-info.js";
import type { LabState, StateStore } from "./state-store.js";

export interface LabSummary {
  readonly name: string;
  readonly runtime: string;
  /** Topology and Kubernetes nodes, then pods. */
  readonly nodes: number;
  readonly pods: number;
  /** The record's phase (`running`, `deploying`, `failed`, `destroying`), `faulted` when running with faults in force. */
  readonly state: string;
  readonly faults: number;
  readonly frozen: readonly string[];
  readonly createdAt: string;
  readonly ageSeconds: number;
  readonly source: string;
}

export function summarizeLab(lab: LabState, now: Date): LabSummary {
  const info = labInfo(lab);
  const faults = activeFaults(lab).length;
  return {
    name: lab.lab,
    runtime: lab.runtime,
    nodes: info.nodes.length,
    pods: info.cluster?.pods.length ?? 0,
    state: lab.phase === "running" && faults > 0 ? "faulted" : lab.phase,
    faults,
    frozen: frozenNodes(lab),
    createdAt: lab.createdAt,
    ageSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(lab.createdAt)) / 1000)),
    source: lab.source,
  };
}

export function summarizeLabs(store: StateStore, now: Date = new Date()): LabSummary[] {
  return store
    .list()
    .flatMap((name) => store.read(name) ?? [])
    .map((lab) => summarizeLab(lab, now));
}

/** 45s, 12m, 3h, 2d: enough to tell a fresh lab from a forgotten one. */
export function formatAge(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}
