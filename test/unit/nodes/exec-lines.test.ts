// The exec-line driver, run by a real sh: lines in order in one process, the first failure stops
// it, and the failing line and its own output are found again from the markers.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { execDriverArgv, lastLineOutput } from "../../../src/nodes/exec-lines.js";

function drive(lines: string[]) {
  const [file, ...args] = execDriverArgv(lines);
  const r = spawnSync(file!, args, { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("exec lines in one process", () => {
  it("runs every line in order, each as its own sh -c with the user's quoting", () => {
    const r = drive(["echo 'a b' | tr a x", "x=1; echo $x", 'printf "%s" "$0"']);
    expect(r.status).toBe(0);
    const mark = (n: number) => `\u001e${n}\u001e\n`;
    expect(r.stdout).toBe(`${mark(1)}x b\n${mark(2)}1\n${mark(3)}sh`);
  });

  it("stops at the first failing line and keeps that line's output apart", () => {
    const r = drive(["echo first; echo first-err >&2", "echo second; echo why >&2; exit 3", "echo never"]);
    expect(r.status).toBe(3);
    expect(r.stdout).not.toContain("never");
    expect(lastLineOutput(r.stdout)).toEqual({ line: 2, text: "second\n" });
    expect(lastLineOutput(r.stderr)).toEqual({ line: 2, text: "why\n" });
  });

  it("finds a line's output even when the line before ended without a newline", () => {
    const r = drive(["printf no-newline", "printf bad >&2; false"]);
    expect(r.status).toBe(1);
    expect(lastLineOutput(r.stderr)).toEqual({ line: 2, text: "bad" });
  });
});
