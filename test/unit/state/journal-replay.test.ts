// Replaying a journal in linear time gives exactly what applying its ops one by one gives.
import { describe, expect, it } from "vitest";
import { applyOp, replayJournal, type JournalOp } from "../../../src/state/journal.js";
import type { LabState } from "../../../src/state/state-store.js";

const base: LabState = {
  version: 1,
  lab: "l",
  source: "/x",
  runtime: "fake",
  phase: "deploying",
  createdAt: "2026-11-30T00:00:00.000Z",
  deployPid: 1,
  resources: [
    { type: "node", id: "node:a", record: { n: 0 } },
    { type: "node", id: "node:b", record: { n: 0 } },
  ],
  meta: { mgmtSubnet: "172.20.20.0/24" },
};

/** A deterministic mix of every op, on ids that come, change, go and come back. */
function ops(count: number, seed: number): JournalOp[] {
  let x = seed;
  const next = (n: number): number => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x % n;
  };
  const out: JournalOp[] = [];
  for (let i = 0; i < count; i++) {
    const id = `node:${"abcdefgh"[next(8)]}`;
    switch (next(5)) {
      case 0:
        out.push({ op: "add", entry: { type: "node", id, record: { n: i } } });
        break;
      case 1:
        out.push({ op: "update", id, record: { n: i } });
        break;
      case 2:
        out.push({ op: "forget", id });
        break;
      case 3:
        out.push({ op: "phase", phase: i % 2 === 0 ? "running" : "destroying" });
        break;
      default:
        out.push({ op: "meta", key: `k${next(3)}`, value: i });
    }
  }
  return out;
}

describe("replaying a state journal", () => {
  it("gives the state the ops give one at a time", () => {
    for (const seed of [1, 2, 3, 42, 1234]) {
      const journal = ops(400, seed);
      expect(replayJournal(base, journal)).toEqual(journal.reduce(applyOp, base));
    }
  });

  it("returns the record itself for an empty journal", () => {
    expect(replayJournal(base, [])).toBe(base);
  });

  it("keeps the order in which resources were added, without the forgotten ones", () => {
    const state = replayJournal(base, [
      { op: "add", entry: { type: "link", id: "link:1", record: {} } },
      { op: "forget", id: "node:a" },
      { op: "update", id: "link:1", record: { up: true } },
      { op: "add", entry: { type: "node", id: "node:a", record: { again: true } } },
    ]);
    expect(state.resources).toEqual([
      { type: "node", id: "node:b", record: { n: 0 } },
      { type: "link", id: "link:1", record: { up: true } },
      { type: "node", id: "node:a", record: { again: true } },
    ]);
  });
});
