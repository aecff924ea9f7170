import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FabricError, ValidationError } from "../../../src/errors.js";
import { splitExecWords } from "../../../src/cli/exec-args.js";
import { fabricErrorJson, wantsJson } from "../../../src/cli/json-errors.js";
import { runCli } from "../../support/run-cli.js";

// Every command here runs against an empty state directory: nothing is deployed.
let stateDir = "";
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), "fabric-json-"));
  process.env["FABRIC_STATE_DIR"] = stateDir;
});
afterEach(() => {
  delete process.env["FABRIC_STATE_DIR"];
  rmSync(stateDir, { recursive: true, force: true });
});

/** The run printed exactly one JSON error on stdout and nothing on stderr. */
function jsonError(run: { stdout: string; stderr: string }) {
  expect(run.stderr).toBe("");
  return (JSON.parse(run.stdout) as ReturnType<typeof fabricErrorJson>).error;
}

describe("errors with --format json", () => {
  it.each([
    [["inspect", "--format", "json"], 1, "lab-not-found", "no lab is deployed"],
    [["inspect", "--all", "--format", "json", "--bogus"], 2, "usage", "unknown option '--bogus'"],
    [
      ["bgp", "peers", "--lab", "nope", "--format", "json"],
      1,
      "lab-not-found",
      "no lab named nope is deployed",
    ],
    [
      ["link", "down", "tor1", "--format", "json"],
      2,
      "fault-invalid",
      '"tor1" is not NODE:INTERFACE (e.g. tor1:net0)',
    ],
    [["node", "stop", "tor1", "--format=json"], 1, "lab-not-found", "no lab is deployed"],
    [["netem", "tor1:net0", "--format", "json"], 2, "fault-invalid", "netem needs at least one of"],
    [["exec", "tor0", "show", "bgp", "--format", "json"], 1, "lab-not-found", "no lab is deployed"],
    [["graph", "--format", "json"], 1, "lab-not-found", "no lab is deployed"],
    [["destroy", "a", "--format", "json", "--nope"], 2, "usage", "unknown option '--nope'"],
  ])("fabric %j: one JSON object, exit %i, code %s", async (args, exit, code, message) => {
    const run = await runCli(...args);
    expect(run.code).toBe(exit);
    const error = jsonError(run);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });

  it("stays text without --format json, and after a `--` the flag is the command's", async () => {
    const run = await runCli("exec", "tor0", "--", "tool", "--format", "json");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("error: no lab is deployed");
  });

  it("carries the file and line of the first error, and every diagnostic", () => {
    const err = new ValidationError([
      { severity: "warning", code: "w", message: "a warning" },
      {
        severity: "error",
        code: "peer-asn",
        message: "unknown field peerAsn",
        location: { file: "bgp.yaml", line: 12, col: 5 },
        suggestion: "did you mean peerASN?",
      },
    ]);
    expect(fabricErrorJson(err).error).toEqual({
      code: "invalid-input",
      message: "1 error in the lab's files",
      suggestion: "did you mean peerASN?",
      file: "bgp.yaml",
      line: 12,
      diagnostics: [
        { severity: "warning", code: "w", message: "a warning", file: null, line: null, col: null },
        {
          severity: "error",
          code: "peer-asn",
          message: "unknown field peerAsn",
          file: "bgp.yaml",
          line: 12,
          col: 5,
        },
      ],
      causes: [],
    });
    const plain = new FabricError("lab-not-found", "gone", { suggestion: "deploy", cause: new Error("why") });
    expect(fabricErrorJson(plain).error).toMatchObject({
      suggestion: "deploy",
      file: null,
      line: null,
      causes: ["why"],
    });
  });

  it.each([
    [["inspect", "--format", "json"], true],
    [["inspect", "--format=json"], true],
    [["inspect", "--format", "text"], false],
    [["exec", "tor0", "show", "bgp", "--format", "json"], true],
    [["exec", "tor0", "--", "tool", "--format", "json"], false],
    [["graph"], false],
  ])("wantsJson(%j) is %s", (args, expected) => {
    expect(wantsJson(args)).toBe(expected);
  });
});

describe("fabric exec's own options after the node", () => {
  it.each([
    [
      ["show", "bgp", "summary", "json", "--format", "json"],
      { format: "json" },
      ["show", "bgp", "summary", "json"],
    ],
    [["show", "bgp", "--lab=l1", "--timeout", "5"], { lab: "l1", timeout: "5" }, ["show", "bgp"]],
    [["ping", "--label", "a=b", "-c", "1", "--label=c=d"], { label: ["a=b", "c=d"] }, ["ping", "-c", "1"]],
    [["--", "tool", "--format", "json"], {}, ["--", "tool", "--format", "json"]],
    [
      ["ip", "--format", "text", "--", "-json", "--lab", "x"],
      { format: "text" },
      ["ip", "--", "-json", "--lab", "x"],
    ],
  ])("%j", (words, own, command) => {
    const split = splitExecWords(words);
    expect(split.command).toEqual(command);
    expect(split.own).toEqual({ label: [], ...own });
  });

  it("refuses a --format it does not have, and an option without its value", () => {
    expect(() => splitExecWords(["x", "--format", "yaml"])).toThrow("--format takes text or json, not yaml");
    expect(() => splitExecWords(["x", "--lab"])).toThrow("option '--lab' argument missing");
  });
});

describe("results with --format json", () => {
  it("destroy reports what it did to each lab", async () => {
    const none = await runCli("destroy", "--format", "json");
    expect([none.code, JSON.parse(none.stdout)]).toEqual([
      0,
      { destroyed: [], notDeployed: [], unrecorded: [] },
    ]);
    const named = await runCli("destroy", "ghost", "--format", "json");
    expect(JSON.parse(named.stdout)).toEqual({ destroyed: [], notDeployed: ["ghost"], unrecorded: [] });
  });

  it("inspect --all lists no lab as an empty list", async () => {
    const run = await runCli("inspect", "--all", "--format", "json");
    expect([run.code, JSON.parse(run.stdout)]).toEqual([0, { labs: [] }]);
  });
});
