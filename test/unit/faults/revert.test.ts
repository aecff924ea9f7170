import { describe, expect, it } from "vitest";
import { faultsToRevert, inverseFault } from "../../../src/faults/revert.js";
import { describeFault, type Fault } from "../../../src/model/lab-file/faults.js";
import type { ActiveFault } from "../../../src/state/active-faults.js";

const linkDown: Fault = { type: "link", action: "down", target: { node: "tor1", iface: "net0" } };
const linkUp: Fault = { type: "link", action: "up", target: { node: "tor1", iface: "net0" } };
const stop: Fault = { type: "node", action: "stop", node: "tor0" };
const netem: Fault = { type: "netem", target: { node: "tor0", iface: "net0" }, params: { delay: "10ms" } };

function active(fault: Fault, key: string, since: string): ActiveFault {
  return { key, fault: describeFault(fault), detail: "", since };
}

describe("inverseFault", () => {
  it("undoes down, stop and netem, and nothing undoes an undo", () => {
    expect(inverseFault(linkDown)).toEqual(linkUp);
    expect(inverseFault(stop)).toEqual({ type: "node", action: "start", node: "tor0" });
    expect(inverseFault(netem)).toEqual({ type: "netem-clear", target: { node: "tor0", iface: "net0" } });
    expect(inverseFault(linkUp)).toBeUndefined();
    expect(inverseFault({ type: "node", action: "start", node: "tor0" })).toBeUndefined();
    expect(inverseFault({ type: "netem-clear", target: netem.target })).toBeUndefined();
    expect(inverseFault({ type: "pod", action: "stop", pod: "solo" })).toEqual({
      type: "pod",
      action: "start",
      pod: "solo",
    });
    expect(inverseFault({ type: "pod", action: "start", pod: "solo" })).toBeUndefined();
  });
});

describe("faultsToRevert", () => {
  it("reverts, newest first, what this run applied and the record still lists", () => {
    const now = [active(linkDown, "link:a", "t1"), active(stop, "node:tor0", "t2")];
    expect(
      faultsToRevert([linkDown, stop], [], now).map((r) => [r.fault, r.undo].map(describeFault)),
    ).toEqual([
      ["node stop tor0", "node start tor0"],
      ["link down tor1:net0", "link up tor1:net0"],
    ]);
  });

  it("leaves what the scenario already undid, and what was in force before the run", () => {
    const before = [active(stop, "node:tor0", "t0")];
    const now = [active(stop, "node:tor0", "t0"), active(netem, "netem:tor0:net0", "t3")];
    // link down then up: not in force any more; node stop: in force, but since before the run.
    expect(
      faultsToRevert([linkDown, linkUp, stop, netem], before, now).map((r) => describeFault(r.undo)),
    ).toEqual(["netem tor0:net0 --clear"]);
  });

  it("reverts a fault applied twice once", () => {
    const now = [active(linkDown, "link:a", "t2")];
    expect(faultsToRevert([linkDown, linkDown], [], now)).toEqual([{ fault: linkDown, undo: linkUp }]);
  });
});
