import { describe, expect, it } from "vitest";
import { FabricError } from "../../../src/errors.js";
import { execFailed, mustExec, mustSucceed } from "../../../src/nodes/must-exec.js";
import { FakeRuntime } from "../../support/fake-runtime.js";
import type { ExecResult } from "../../../src/runtime/types.js";

const result = (exitCode: number, stdout = "", stderr = ""): ExecResult => ({ exitCode, stdout, stderr });

async function nodeOn(runtime: FakeRuntime) {
  return runtime.create({ lab: "t", name: "tor0", env: {}, binds: [], privateDirs: [], labels: {} });
}

describe("mustExec", () => {
  it("returns the result of a command that succeeded, passing exec options through", async () => {
    const runtime = new FakeRuntime((_n, argv) => result(0, `ran ${argv.join(" ")}`));
    const tor0 = await nodeOn(runtime);
    const r = await mustExec(runtime, tor0, ["tee", "/etc/frr/frr.conf"], "frr-start-failed", {
      input: "hostname tor0\n",
      timeoutMs: 5000,
      suggestion: "never used",
    });
    expect(r.stdout).toBe("ran tee /etc/frr/frr.conf");
    expect(runtime.calls.at(-1)).toEqual({
      op: "exec",
      node: "tor0",
      argv: ["tee", "/etc/frr/frr.conf"],
      opts: { input: "hostname tor0\n", timeoutMs: 5000 },
    });
  });

  it("throws a FabricError naming the node, the command, the exit code and the output", async () => {
    const runtime = new FakeRuntime(() => result(1, "partial\n", "sysctl: permission denied\n"));
    const tor0 = await nodeOn(runtime);
    const error = await mustExec(
      runtime,
      tor0,
      ["vtysh", "-c", "show bgp summary json"],
      "vtysh-failed",
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FabricError);
    expect(error).toMatchObject({
      code: "vtysh-failed",
      message:
        'node tor0: vtysh -c "show bgp summary json" exited with 1\n    sysctl: permission denied\n    partial',
      cause: { exitCode: 1 },
      suggestion: undefined,
    });
  });
});

describe("execFailed and mustSucceed", () => {
  it("names a step the user knows, then the command as written", () => {
    const e = execFailed(
      "h1",
      ["sh", "-c", "ip route add default via 192.0.2.1"],
      result(2, "", "RTNETLINK answers: Network is unreachable"),
      "exec-failed",
      {
        step: "exec line 2",
        shown: "ip route add default via 192.0.2.1",
        suggestion: "fix the line",
      },
    );
    expect(e.message).toBe(
      "node h1: exec line 2 exited with 2: ip route add default via 192.0.2.1\n    RTNETLINK answers: Network is unreachable",
    );
    expect(e.suggestion).toBe("fix the line");
  });

  it("has no output lines when the command printed nothing, and advice may depend on the output", () => {
    const advice = (r: ExecResult) =>
      r.stderr.includes("qdisc kind is unknown") ? "modprobe sch_netem" : undefined;
    const quiet = execFailed("r1", ["ip", "link", "set", "eth1", "down"], result(1), "fault-failed", {
      suggestion: advice,
    });
    expect(quiet.message).toBe("node r1: ip link set eth1 down exited with 1");
    expect(quiet.suggestion).toBeUndefined();
    const netem = execFailed(
      "r1",
      ["tc"],
      result(2, "", "Error: Specified qdisc kind is unknown."),
      "fault-failed",
      {
        suggestion: advice,
      },
    );
    expect(netem.suggestion).toBe("modprobe sch_netem");
  });

  it("passes a zero exit through untouched", () => {
    const ok = result(0, "out");
    expect(mustSucceed("r1", ["true"], ok, "exec-failed")).toBe(ok);
    expect(() => mustSucceed("r1", ["false"], result(1), "exec-failed")).toThrow(FabricError);
  });
});
