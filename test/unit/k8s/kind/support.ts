// A CommandRunner that answers from a script and records every call, so tests assert the exact
// argv sequence the kind provider runs. A command the script does not know fails the test.
import { readFileSync } from "node:fs";
import type { CommandResult } from "../../../../src/host/command.js";
import { formatCommand } from "../../../../src/host/command.js";
import type { Command } from "../../../../src/k8s/kind/commands.js";
import type { CommandRunner, RunnerOptions } from "../../../../src/k8s/kind/runner.js";
import type { HostProbe } from "../../../../src/host/prerequisites.js";
import { loadLab } from "../../../../src/model/lab-file/load-lab.js";
import type { Lab } from "../../../../src/model/model.js";

export function fixture(name: string): string {
  return readFileSync(new URL(`../../../fixtures/k8s-kind/${name}`, import.meta.url), "utf8");
}

export function ok(stdout = ""): CommandResult {
  return { exitCode: 0, stdout, stderr: "" };
}

export function fail(exitCode: number, stderr: string): CommandResult {
  return { exitCode, stdout: "", stderr };
}

export interface Call {
  readonly line: string;
  readonly input?: string;
}

export class ScriptedRunner implements CommandRunner {
  readonly calls: Call[] = [];
  private readonly script = new Map<string, CommandResult[]>();

  /** Answers for a command, in order; the last one repeats. */
  on(command: string, ...results: CommandResult[]): this {
    this.script.set(command, results);
    return this;
  }

  async run(command: Command, opts: RunnerOptions = {}): Promise<CommandResult> {
    const line = formatCommand(command.file, command.args);
    this.calls.push({ line, ...(opts.input !== undefined && { input: opts.input }) });
    const results = this.script.get(line);
    if (!results || results.length === 0) throw new Error(`unscripted command: ${line}`);
    return results.length > 1 ? (results.shift() as CommandResult) : (results[0] as CommandResult);
  }

  get lines(): string[] {
    return this.calls.map((c) => c.line);
  }
}

export { FakeClock } from "../../../support/fake-clock.js";

export function probeWith(...present: string[]): HostProbe {
  return {
    isRoot: false,
    pathDirs: ["/usr/local/bin"],
    executable: async (file) => present.some((p) => file === `/usr/local/bin/${p}`),
  };
}

export function seedLab(): Lab {
  const { lab, diagnostics } = loadLab("labs/cilium-bgp");
  if (!lab) throw new Error(JSON.stringify(diagnostics));
  return lab;
}
