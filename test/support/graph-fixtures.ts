// The reference lab as recorded by a real deploy (its veth records and meta), and the status its
// routers and speakers reported, captured from that lab (FRR 8.4, fabric's speaker host).
import { readFileSync } from "node:fs";
import type { PeerRow } from "../../src/bgp/status/index.js";
import type { StatusSource } from "../../src/lab/topology-view/collect.js";
import type { LabState } from "../../src/state/state-store.js";

const dir = new URL("../fixtures/topology-view/", import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, dir), "utf8");

export function referenceLab(meta: Record<string, unknown> = {}): LabState {
  const lab = JSON.parse(fixture("reference-lab.json")) as LabState;
  return { ...lab, meta: { ...lab.meta, ...meta } };
}

export const speakerRows = (JSON.parse(fixture("speaker-peers.json")) as { rows: PeerRow[] }).rows;

/** A lab whose routers answer from the fixtures; `netDown` swaps in the captures taken with tor1:net0 down. */
export class FakeStatus implements StatusSource {
  netDown = false;
  readonly asked: string[] = [];
  failing = new Set<string>();

  routerSummary = (_lab: LabState, node: string): Promise<string> => {
    this.asked.push(node);
    if (this.failing.has(node)) return Promise.reject(new Error("vtysh exited 1: bgpd is not running"));
    const down = this.netDown && (node === "router0" || node === "tor1");
    return Promise.resolve(fixture(`summary-${node}${down ? "-net-down" : ""}.json`));
  };

  speakerPeers: StatusSource["speakerPeers"] = () => {
    this.asked.push("speakers");
    return Promise.resolve({ rows: speakerRows, problems: [] });
  };
}

export const LINK_DOWN_FAULT = {
  key: "link:router0:net1|tor1:net0",
  fault: "link down tor1:net0",
  detail: "tor1:net0 and router0:net1 down",
  since: "2026-11-30T16:00:36.454Z",
};
