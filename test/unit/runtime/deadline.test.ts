import { describe, expect, it } from "vitest";
import { backstopMs, deadlineArgv, nodeTimeoutError } from "../../../src/runtime/deadline.js";

describe("a deadline inside the node", () => {
  it("runs the command under coreutils timeout, SIGKILL a second later", () => {
    expect(deadlineArgv(["vtysh", "-c", "show bgp summary json"], 10_000)).toEqual([
      "timeout",
      "-k",
      "1",
      "10.0",
      "vtysh",
      "-c",
      "show bgp summary json",
    ]);
    expect(deadlineArgv(["true"], 1)[3]).toBe("0.1");
  });

  it("gives the host side longer than the node's own deadline", () => {
    expect(backstopMs(5_000)).toBeGreaterThan(5_000 + 1_000);
  });

  it("names the node and the command", () => {
    const err = nodeTimeoutError("tor1", ["vtysh", "-c", "show bgp summary"], 3_000);
    expect(err.code).toBe("node-exec-timeout");
    expect(err.message).toBe('node tor1 did not finish `vtysh -c "show bgp summary"` within 3.0 s');
    expect(err.suggestion).toContain("fabric node start tor1");
  });
});
