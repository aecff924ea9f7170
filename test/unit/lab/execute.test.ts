// The executor against fakes that check, at every creation, that the lab record already lists what
// is being created; and that fail at the Nth creation, after which the record alone lets destroy
// remove everything that was made.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FabricError } from "../../../src/errors.js";
import { emulatedProvider } from "../../../src/k8s/emulated/provider.js";
import { executeDeploy } from "../../../src/lab/execute/execute.js";
import { destroyLab } from "../../../src/lab/destroy.js";
import { checkDeployable } from "../../../src/lab/deployable.js";
import { planDeploy } from "../../../src/lab/plan/plan-deploy.js";
import type { WiringRecord } from "../../../src/links/types.js";
import { loadLab } from "../../../src/model/lab-file/load-lab.js";
import type { Lab } from "../../../src/model/model.js";
import { FakeRuntime } from "../../support/fake-runtime.js";
import type { CreateOptions, NodeRecord, NodeSpec, SpawnOptions } from "../../../src/runtime/types.js";
import { hostSpeakerHost } from "../../../src/k8s/speaker/host-process.js";
import { silentProgress } from "../../../src/state/progress.js";
import { LabRecord, StateStore } from "../../../src/state/state-store.js";
import type { Wiring } from "../../../src/state/wiring.js";
import { FakeProcesses } from "../../support/fake-processes.js";

const LAB = "cilium-bgp";

function referenceLab(): Lab {
  const { lab, diagnostics } = loadLab("labs/cilium-bgp");
  if (!lab) throw new Error(JSON.stringify(diagnostics));
  return lab;
}

/** Counts every creation (node, wiring, process) and fails the one numbered `failAt`. */
class Creations {
  count = 0;
  readonly unrecorded: string[] = [];
  constructor(
    private readonly store: StateStore,
    private readonly failAt = Infinity,
  ) {}

  /** `what` must already be in the record (as `matches` decides), and may be the one that fails. */
  next(what: string, matches: (entry: { type: string; record: unknown }) => boolean): void {
    this.count++;
    if (!(this.store.read(LAB)?.resources ?? []).some(matches)) this.unrecorded.push(what);
    if (this.count === this.failAt)
      throw new FabricError("exec-failed", `creation ${this.count} (${what}) fails`);
  }
}

class CheckingRuntime extends FakeRuntime {
  constructor(private readonly creations: () => Creations) {
    super();
  }
  override async create(spec: NodeSpec, opts?: CreateOptions): Promise<NodeRecord> {
    this.creations().next(
      `node ${spec.name}`,
      (e) => e.type === "node" && (e.record as NodeRecord).name === spec.name,
    );
    return super.create(spec, opts);
  }
  override async spawn(node: NodeRecord, argv: readonly string[], opts?: SpawnOptions) {
    this.creations().next(
      `process in ${node.name}`,
      (e) =>
        e.type === "process" &&
        isDeepStrictEqual((e.record as { argv: unknown }).argv, argv) &&
        (e.record as { node: NodeRecord }).node.name === node.name,
    );
    return super.spawn(node, argv, opts);
  }
}

class CheckingWiring implements Wiring {
  readonly live = new Set<string>();
  constructor(private readonly creations: () => Creations) {}
  async create(r: WiringRecord): Promise<void> {
    this.creations().next(`wiring ${r.kind}`, (e) => e.type === "wiring" && isDeepStrictEqual(e.record, r));
    this.live.add(JSON.stringify(r));
  }
  async remove(r: WiringRecord): Promise<void> {
    this.live.delete(JSON.stringify(r));
  }
}

describe("executeDeploy: record, then create", () => {
  let root: string;
  let store: StateStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "fabric-execute-"));
    store = new StateStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function execute(failAt?: number) {
    const lab = referenceLab();
    const creations = new Creations(store, failAt);
    const runtime = new CheckingRuntime(() => creations);
    const wiring = new CheckingWiring(() => creations);
    const processes = new FakeProcesses();
    const plan = planDeploy(
      lab,
      { provider: "emulated", speakers: true, mgmtSubnetsInUse: new Set() },
      {
        ownManagementNetwork: false,
      },
    );
    const record = LabRecord.begin(store, {
      lab: lab.name,
      source: lab.source,
      runtime: runtime.name,
      meta: {},
    });
    const error = await executeDeploy(lab, plan, record, {
      runtime,
      wiring,
      progress: silentProgress,
      provider: emulatedProvider,
      handlers: checkDeployable(lab),
      // One speaker process per node: the fake runtime spawns them; the host is not used.
      speakerMode: "process",
      speakerHost: hostSpeakerHost,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    return { creations, runtime, wiring, processes, error, plan };
  }

  it("has every planned resource in the record before it is created", async () => {
    const { creations, error, plan } = await execute();
    expect(error).toBeUndefined();
    expect(creations.unrecorded).toEqual([]);
    // The record lists exactly what the plan planned (a pod is a node, a veth and a command).
    const planned = plan.stages.flatMap((s) =>
      s.resources.flatMap((r) =>
        r.kind === "pod" ? [r.id, r.link.id, ...(r.command ? [r.command.id] : [])] : [r.id],
      ),
    );
    expect(
      store
        .read(LAB)
        ?.resources.map((r) => r.id)
        .sort(),
    ).toEqual(planned.sort());
  });

  it("leaves a record destroy can undo, whichever creation fails", async () => {
    const total = (await execute()).creations.count;
    await destroyLab(LAB, {
      runtime: new FakeRuntime(),
      store,
      progress: silentProgress,
      wiring: new CheckingWiring(() => new Creations(store)),
      processes: new FakeProcesses(),
    }).catch(() => undefined);
    store.remove(LAB);
    expect(total).toBeGreaterThan(40);
    // The first creation of every stage that creates something, and the last one.
    const firsts: [number, string][] = [
      [1, "wiring mgmt-network"],
      [2, "node kind-control-plane"],
      [6, "node router0"],
      [13, "wiring mgmt-attachment"],
      [20, "wiring veth"],
      [26, "wiring veth"], // cilium_host
      [30, "node netshoot-"],
      [total, "process in kind-"], // a speaker
    ];
    for (const [failAt, what] of firsts) {
      const { error, runtime, wiring, processes, creations } = await execute(failAt);
      expect(String(error)).toContain(`creation ${failAt} (${what}`);
      expect(creations.unrecorded).toEqual([]);
      expect(store.read(LAB)?.resources.length).toBeGreaterThan(0);
      const spawned = runtime.calls.filter((c) => c.op === "spawn").length;
      await destroyLab(LAB, { runtime, store, progress: silentProgress, wiring, processes });
      expect([failAt, runtime.running.size, wiring.live.size]).toEqual([failAt, 0, 0]);
      // Every process that started was stopped (the failing spawn never started).
      expect(processes.stopped.length).toBe(spawned);
      expect(store.read(LAB)).toBeUndefined();
    }
  }, 60_000);
});
