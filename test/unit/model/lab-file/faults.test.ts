import { describe, expect, it } from "vitest";
import { isNothingToClear, linkSetArgv, netemArgv, netemClearArgv } from "../../../../src/faults/argv.js";
import { describeFault, FaultSyntaxError, parseFault } from "../../../../src/model/lab-file/faults.js";
import { withFault } from "../../../../src/state/active-faults.js";

describe("fault words", () => {
  it.each([
    "link down tor1:net0",
    "link up kind-worker2:net0",
    "node stop tor1",
    "node start kind-worker",
    "pod stop solo",
    "pod start kind-worker2/solo",
    "netem tor1:net0 --delay 10ms --jitter 2ms --loss 1% --rate 100mbit",
    "netem tor1:net0 --loss 0.5%",
    "netem tor1:net0 --clear",
  ])("%s parses and prints back the same", (text) => {
    expect(describeFault(parseFault(text))).toBe(text);
  });

  it.each([
    ["link sideways tor1:net0", "a link fault is `link down NODE:IFACE`"],
    ["link down tor1", '"tor1" is not NODE:INTERFACE'],
    ["node stop", "a node fault is `node stop NODE`"],
    ["pod pause solo", "a pod fault is `pod stop POD`"],
    ["netem tor1:net0", "netem needs at least one of"],
    ["netem tor1:net0 --delay fast", 'netem delay "fast" is not valid'],
    ["netem tor1:net0 --loss 150%", 'netem loss "150%" is not valid'],
    ["netem tor1:net0 --rate 100", 'netem rate "100" is not valid'],
    ["netem tor1:net0 --jitter 2ms", "--jitter needs --delay"],
    ["netem tor1:net0 --delay", '"--delay" is not one'],
    ["netem tor1:net0 --clear --delay 1ms", '"--clear" is not one'],
    ["reboot tor1", 'unknown fault "reboot"'],
  ])("%s is refused: %s", (text, message) => {
    expect(() => parseFault(text)).toThrow(FaultSyntaxError);
    expect(() => parseFault(text)).toThrow(message);
  });
});

describe("fault commands", () => {
  it("sets a link down or up by name", () => {
    expect(linkSetArgv("net0", "down")).toEqual(["ip", "link", "set", "dev", "net0", "down"]);
    expect(linkSetArgv("net0", "up")).toEqual(["ip", "link", "set", "dev", "net0", "up"]);
  });

  it("replaces the root qdisc with netem, jitter right after delay", () => {
    expect(netemArgv("net0", { delay: "10ms", jitter: "2ms", loss: "1%", rate: "100mbit" })).toEqual([
      "tc",
      "qdisc",
      "replace",
      "dev",
      "net0",
      "root",
      "netem",
      "delay",
      "10ms",
      "2ms",
      "loss",
      "1%",
      "rate",
      "100mbit",
    ]);
    expect(netemArgv("eth1", { loss: "5%" })).toEqual([
      "tc",
      "qdisc",
      "replace",
      "dev",
      "eth1",
      "root",
      "netem",
      "loss",
      "5%",
    ]);
    expect(netemClearArgv("net0")).toEqual(["tc", "qdisc", "del", "dev", "net0", "root"]);
  });

  it("treats clearing an interface without netem as done", () => {
    expect(isNothingToClear("Error: Cannot delete qdisc with handle of zero.\n")).toBe(true);
    expect(isNothingToClear('Cannot find device "net9"\n')).toBe(false);
  });

  it("keeps one active entry per faulted thing", () => {
    const down = { key: "link:a:x|b:y", fault: "link down a:x", detail: "", since: "t0" };
    const netem = { key: "netem:a:x", fault: "netem a:x --loss 1%", detail: "", since: "t1" };
    const both = withFault(withFault([], down.key, down), netem.key, netem);
    expect(both.map((f) => f.key)).toEqual([down.key, netem.key]);
    expect(withFault(both, down.key, undefined)).toEqual([netem]);
    expect(withFault(both, netem.key, { ...netem, since: "t2" }).map((f) => f.since)).toEqual(["t0", "t2"]);
  });
});
