// Labs for integration tests: a copy of a topology under a unique lab name (so runs and parallel
// sessions never collide), the CLI to drive it, and a teardown that runs even when a test fails.
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { mgmtHostIfname } from "../../src/links/names.js";
import { StateStore } from "../../src/state/state-store.js";
import { diffSnapshots, takeSnapshot, type HostSnapshot } from "./host-snapshot.js";
import { runCli, type CliRun } from "./run-cli.js";

/** One node's part of `fabric exec --format json`. */
export interface ExecJson {
  readonly node: string;
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export class LabFixture {
  readonly name: string;
  readonly dir: string;
  readonly file: string;
  private before: HostSnapshot | undefined;

  /** `topology` is a containerlab file whose `name:` line is replaced by a unique one. */
  constructor(topology: string, edit: (text: string) => string = (t) => t, prefix = "t-lab") {
    this.name = `${prefix}-${randomBytes(3).toString("hex")}`;
    this.dir = mkdtempSync(join(tmpdir(), "fabric-lab-"));
    this.file = join(this.dir, "topo.clab.yaml");
    const text = readFileSync(topology, "utf8").replace(/^name: .*$/m, `name: ${this.name}`);
    writeFileSync(this.file, edit(text));
  }

  /**
   * A copy of a lab directory (lab.yaml and the files it names) under a unique lab name: the lab
   * file's `name:` decides it. `file` is then the copied directory, which `fabric deploy` takes.
   */
  static fromLabDir(labDir: string, prefix = "t-lab"): LabFixture {
    const fixture = new LabFixture(join(labDir, "lab.yaml"), (t) => t, prefix);
    cpSync(labDir, fixture.dir, { recursive: true });
    const lab = join(fixture.dir, "lab.yaml");
    writeFileSync(lab, readFileSync(lab, "utf8").replace(/^name: .*$/m, `name: ${fixture.name}`));
    rmSync(fixture.file, { force: true });
    return Object.assign(fixture, { file: fixture.dir });
  }

  async snapshot(): Promise<void> {
    this.before = await takeSnapshot();
  }

  cli(...args: string[]): Promise<CliRun> {
    return runCli(...args);
  }

  /** `fabric exec --lab <this lab> --format json NODE ARGV…`: the one node's result. */
  async execJson(...argv: string[]): Promise<ExecJson> {
    const run = await this.cli("exec", "--lab", this.name, "--format", "json", ...argv);
    const [result] = JSON.parse(run.stdout) as ExecJson[];
    if (!result) throw new Error(`no result from exec ${argv.join(" ")}: ${run.stderr}`);
    return result;
  }

  /** Everything on the host that belongs to this lab and was not there before `snapshot()`. */
  async leftovers(nodes: readonly string[]): Promise<string[]> {
    if (!this.before) throw new Error("snapshot() was not taken");
    const after = await takeSnapshot();
    const extraNames = nodes.map((n) => mgmtHostIfname(this.name, n));
    const diff = diffSnapshots(this.before, after, { lab: this.name, extraNames });
    const { stdout } = await execa("ps", ["-eo", "pid=,args="]);
    for (const line of stdout.split("\n")) {
      // Node and pod holders, and anything started with a path in the lab's state dir (speakers).
      if (line.includes(`fabric-holder ${this.name}/`)) diff.push(`+ holder: ${line.trim()}`);
      else if (line.includes(`/run/fabric/${this.name}/`)) diff.push(`+ process: ${line.trim()}`);
    }
    if (new StateStore().read(this.name)) diff.push(`+ state record of ${this.name}`);
    return diff;
  }

  /** Best-effort teardown for afterEach: destroy the lab if it is still recorded, drop the files. */
  async cleanup(): Promise<void> {
    if (new StateStore().read(this.name)) await runCli("destroy", this.name);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Poll until `probe` returns a value (not undefined), or fail with the last thing seen. */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ""}`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}
