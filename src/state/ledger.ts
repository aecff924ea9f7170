// The one place where a deploy records a resource and then creates it. Every node, piece of
// wiring, process, management network and kind cluster a deploy makes goes through `create`: the
// lab record lists it (as planned) before it exists, and again as creation learns things (a pid),
// so destroy can undo a deploy stopped at any point, from the record alone.
import type { WiringRecord } from "../links/types.js";
import type {
  ManagedNetworkRecord,
  NodeRecord,
  NodeSpec,
  Runtime,
  SpawnedProcess,
} from "../runtime/types.js";
import type { ProcessRecord } from "./processes.js";
import type { LabResource } from "./resources.js";
import type { LabRecord } from "./state-store.js";
import type { Wiring } from "./wiring.js";

/** Writes a more complete record of the resource being created. */
export type RecordUpdate<R> = (record: R) => void;

/** What every node of the lab gets, whatever its kind (the lab file's `nodeFilesystem`). */
export interface NodeDefaults {
  readonly writableBytes?: number;
}

export class Ledger {
  constructor(
    private readonly record: LabRecord,
    private readonly runtime: Runtime,
    private readonly wiring: Wiring,
    private readonly defaults: NodeDefaults = {},
  ) {}

  /**
   * Records `planned`, then runs `make`. What `make` returns (if anything) replaces the planned
   * record; on failure the planned (or last reported) record stays, for destroy.
   */
  async create<T extends LabResource>(
    planned: T,
    make: (update: RecordUpdate<T["record"]>) => Promise<T["record"] | void>,
  ): Promise<T["record"]> {
    this.record.add(planned);
    const done = await make((r) => this.record.update(planned.id, r));
    if (done === undefined) return planned.record;
    this.record.update(planned.id, done);
    return done;
  }

  /** A runtime node, from the record the runtime says `create` will make. */
  node(id: string, given: NodeSpec): Promise<NodeRecord> {
    const spec: NodeSpec = { ...this.defaults, ...given };
    return this.create({ type: "node", id, record: this.runtime.plan(spec) }, (update) =>
      this.runtime.create(spec, { onProgress: update }),
    );
  }

  /** A veth pair, a management attachment or the host bridge. */
  async wire(id: string, record: WiringRecord): Promise<void> {
    await this.create({ type: "wiring", id, record }, () => this.wiring.create(record));
  }

  /** The runtime's own management network (docker). */
  async runtimeNetwork(id: string, net: ManagedNetworkRecord, create: () => Promise<void>): Promise<void> {
    await this.create({ type: "runtime-network", id, record: net }, create);
  }

  /** A long-running process in a node, recorded before it is spawned and again with its pid. */
  process(id: string, planned: ProcessRecord, spawn: () => Promise<SpawnedProcess>): Promise<ProcessRecord> {
    return this.create({ type: "process", id, record: planned }, async () => {
      const spawned = await spawn();
      return { ...planned, ref: spawned.ref, logFile: spawned.logFile, startedAt: new Date().toISOString() };
    });
  }
}
