// A throwaway lab for one test: unique name, and everything it creates is undone in cleanup()
// (called from afterEach), in reverse order, even when the test failed halfway.
import { randomBytes } from "node:crypto";
import { afterEach, expect } from "vitest";
import { diffSnapshots, takeSnapshot, type HostSnapshot } from "../../support/host-snapshot.js";
import { removeWiring } from "../../../src/links/teardown.js";
import type { WiringRecord } from "../../../src/links/types.js";
import { NetnsRuntime } from "../../../src/runtime/netns/runtime.js";
import { FRR_PRIVATE_DIRS } from "../../../src/runtime/netns/dirs.js";
import type { NodeRecord, NodeSpec } from "../../../src/runtime/types.js";

export function labName(): string {
  return `nf-rt-${randomBytes(4).toString("hex")}`;
}

export class TestLab {
  readonly runtime = new NetnsRuntime();
  readonly nodes: NodeRecord[] = [];
  readonly wiring: WiringRecord[] = [];

  constructor(readonly name: string = labName()) {}

  spec(name: string, extra: Partial<NodeSpec> = {}): NodeSpec {
    return { lab: this.name, name, env: {}, binds: [], privateDirs: FRR_PRIVATE_DIRS, ...extra };
  }

  /** Records the plan before creating, as the orchestrator does, so cleanup sees half-made nodes. */
  async node(name: string, extra: Partial<NodeSpec> = {}): Promise<NodeRecord> {
    const spec = this.spec(name, extra);
    const index = this.nodes.push(this.runtime.plan(spec)) - 1;
    const record = await this.runtime.create(spec, { onProgress: (r) => void (this.nodes[index] = r) });
    this.nodes[index] = record;
    return record;
  }

  async wire<T extends WiringRecord>(record: T, create: (r: T) => Promise<unknown>): Promise<T> {
    this.wiring.push(record);
    await create(record);
    return record;
  }

  async sh(node: NodeRecord, argv: string[]): Promise<string> {
    const r = await this.runtime.exec(node, argv, { timeoutMs: 30_000 });
    if (r.exitCode !== 0)
      throw new Error(`${argv.join(" ")} in ${node.name} exited ${r.exitCode}: ${r.stderr}`);
    return r.stdout;
  }

  async cleanup(): Promise<void> {
    const errors: unknown[] = [];
    for (const w of this.wiring.splice(0).reverse())
      await removeWiring(w).catch((e: unknown) => errors.push(e));
    for (const n of this.nodes.splice(0).reverse())
      await this.runtime.remove(n).catch((e: unknown) => errors.push(e));
    if (errors.length > 0) throw new AggregateError(errors, `cleanup of ${this.name} failed`);
  }
}

/**
 * The labs one describe block creates. Each test calls `start()` first (the host snapshot it is
 * compared with); afterEach removes every lab and asserts the host holds nothing of them.
 */
export function useTestLabs(): { start(): Promise<void>; newLab(): TestLab } {
  let labs: TestLab[] = [];
  let before: HostSnapshot | undefined;
  afterEach(async () => {
    for (const lab of labs) await lab.cleanup();
    const after = await takeSnapshot();
    if (before) for (const lab of labs) expect(diffSnapshots(before, after, { lab: lab.name })).toEqual([]);
    labs = [];
  });
  return {
    async start() {
      before = await takeSnapshot();
    },
    newLab() {
      const lab = new TestLab();
      labs.push(lab);
      return lab;
    },
  };
}
