import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ExitCode, FabricError, InternalError, ValidationError } from "../../../src/errors.js";
import { formatError, formatInternal } from "../../../src/cli/output.js";
import { FakeRuntime } from "../../support/fake-runtime.js";
import { runCli } from "../../support/run-cli.js";

// deploy is replaced so `fabric test` fails the way a real deploy can, without root or a lab;
// the runtime too, since opening netns checks the host's tools.
const deployLab = vi.hoisted(() => vi.fn());
vi.mock("../../../src/lab/deploy.js", async (original) => ({
  ...(await original<typeof import("../../../src/lab/deploy.js")>()),
  deployLab,
}));
vi.mock("../../../src/cli/runtime-choice.js", () => ({ openRuntime: async () => new FakeRuntime() }));

describe("how errors are printed", () => {
  it("prints each cause that adds something, and not one the message already quotes", () => {
    const low = new Error("EACCES: permission denied, mkdir '/run/netns'");
    const mid = new FabricError("node-spawn-failed", "could not start node tor1", { cause: low });
    const top = new FabricError("deploy-failed", "lab x could not be deployed", {
      cause: mid,
      suggestion: "run as root",
    });
    expect(formatError(top).split("\n")).toEqual([
      expect.stringContaining("lab x could not be deployed"),
      expect.stringContaining("run as root"),
      expect.stringMatching(/cause:.* could not start node tor1$/),
      expect.stringMatching(/cause:.* EACCES: permission denied, mkdir '\/run\/netns'$/),
    ]);
    const quoting = new FabricError("docker-unreachable", `cannot reach dockerd: ${low.message}`, {
      cause: low,
    });
    expect(formatError(quoting)).not.toContain("cause:");
  });

  it("prints the errors an AggregateError holds", () => {
    const a = new FabricError("node-remove-failed", "tor1: busy", { cause: new Error("EBUSY") });
    const err = new FabricError("destroy-incomplete", "lab x was not fully removed:\n  tor1: busy", {
      cause: new AggregateError([a]),
    });
    expect(formatError(err)).toMatch(/cause:.* EBUSY$/);
  });

  it("prints a broken invariant with its stack, also as the cause of a FabricError", () => {
    const bug = new InternalError("pod placed on unknown node w9");
    expect(formatInternal(bug)).toMatch(
      /^fabric: internal error \(please report it\):\nInternalError: pod placed on unknown node w9\n\s+at /,
    );
    const wrapped = new FabricError("deploy-failed", "lab x could not be deployed", { cause: bug });
    expect(formatError(wrapped)).toContain("InternalError: pod placed on unknown node w9\n    at ");
  });
});

describe("exit codes (README: 1 the lab is not in the state asked for, 2 invalid input)", () => {
  let state: string;
  beforeAll(() => {
    state = mkdtempSync(path.join(tmpdir(), "fabric-errors-"));
    vi.stubEnv("FABRIC_STATE_DIR", state);
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(state, { recursive: true, force: true });
  });

  it("fabric test exits 1 when the lab could not be deployed, and says why", async () => {
    deployLab.mockRejectedValueOnce(
      new FabricError("node-spawn-failed", "could not start node tor0", { cause: new Error("EPERM") }),
    );
    const run = await runCli("test", "labs/cilium-bgp");
    expect(run.code).toBe(ExitCode.failure);
    expect(run.stderr).toContain("error: lab cilium-bgp could not be deployed");
    expect(run.stderr).toMatch(/cause:.* could not start node tor0\n.*cause:.* EPERM/);
  });

  it("fabric test exits 2 when deploy refused the lab's input", async () => {
    deployLab.mockRejectedValueOnce(new ValidationError([], "the lab cannot run here"));
    const run = await runCli("test", "labs/cilium-bgp");
    expect(run.code).toBe(ExitCode.usage);
    expect(run.stderr).toContain("the lab cannot run here");
  });

  it("exits 2 for invalid input and 1 for a speaker that is not there", async () => {
    expect((await runCli("validate", path.join(state, "no-such-lab"))).code).toBe(ExitCode.usage);
    const run = await runCli("speaker", "show", "peers", "--control", path.join(state, "none.sock"));
    expect(run.code).toBe(ExitCode.failure);
    expect(run.stderr).toContain("cannot reach the speaker control socket");
  });

  it("exits 1 with the stack when an invariant breaks", async () => {
    deployLab.mockRejectedValueOnce(new InternalError("network-mode dependencies form a cycle"));
    const run = await runCli("test", "labs/cilium-bgp");
    expect(run.code).toBe(ExitCode.failure);
    expect(run.stderr).toMatch(/InternalError: network-mode dependencies form a cycle\n\s+at /);
  });
});
