// The lab state record: everything a deploy creates is written here *before* it is created, so
// that `fabric destroy NAME` can undo a deploy that failed or was killed halfway, from the lab name
// alone. The record lives under /run (tmpfs): it disappears on reboot, exactly like the
// namespaces, veths and processes it describes.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { FabricError } from "../errors.js";
import { checkLabRecord } from "./record-schema.js";

export const DEFAULT_STATE_ROOT = "/run/fabric";
const STATE_FILE = "lab.json";
const STATE_VERSION = 1;

export type LabPhase = "deploying" | "running" | "failed" | "destroying";

/** One thing a deploy created (or was about to create), with what its owner needs to remove it. */
export interface ResourceEntry {
  /** Which module owns the resource and knows how to remove it, e.g. "node", "link", "mgmt". */
  readonly type: string;
  /** Unique within the lab, e.g. "node:tor0", "link:router0:net0". */
  readonly id: string;
  /** Owner-defined JSON; updated as creation progresses (e.g. a pid once known). */
  readonly record: unknown;
}

export interface LabState {
  readonly version: typeof STATE_VERSION;
  readonly lab: string;
  /** The lab directory or topology file it was deployed from. */
  readonly source: string;
  readonly runtime: string;
  readonly phase: LabPhase;
  readonly createdAt: string;
  /** The fabric process that deployed it, to tell a running deploy from a dead one. */
  readonly deployPid: number;
  /** In creation order; destroy walks it backwards. */
  readonly resources: readonly ResourceEntry[];
  /** Free-form facts later commands need (management addresses, node kinds…). */
  readonly meta: Readonly<Record<string, unknown>>;
}

export class StateStore {
  constructor(readonly root: string = process.env["FABRIC_STATE_DIR"] ?? DEFAULT_STATE_ROOT) {}

  labDir(lab: string): string {
    return join(this.root, lab);
  }

  private file(lab: string): string {
    return join(this.labDir(lab), STATE_FILE);
  }

  /** Names of every lab with a record, running or left over. */
  list(): string[] {
    if (!existsSync(this.root)) return [];
    return readdirSync(this.root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(this.root, d.name, STATE_FILE)))
      .map((d) => d.name)
      .sort();
  }

  read(lab: string): LabState | undefined {
    const file = this.file(lab);
    if (!existsSync(file)) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, "utf8"));
    } catch (cause) {
      throw new FabricError("state-corrupt", `the state record of lab ${lab} (${file}) cannot be read`, {
        cause,
        suggestion: `inspect it, then remove ${this.labDir(lab)} by hand once the lab's namespaces are gone`,
      });
    }
    return checkLabRecord(parsed, STATE_VERSION, { lab, file, labDir: this.labDir(lab) });
  }

  /**
   * Write atomically (temp file, fsync, rename): a crash leaves either the old or the new
   * record, never half of one.
   */
  write(state: LabState): void {
    mkdirSync(this.labDir(state.lab), { recursive: true, mode: 0o755 });
    const file = this.file(state.lab);
    const temp = `${file}.${process.pid}.tmp`;
    const fd = openSync(temp, "w", 0o644);
    try {
      writeSync(fd, JSON.stringify(state, null, 2) + "\n");
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  }

  /** Forget a lab whose resources are all gone. */
  remove(lab: string): void {
    rmSync(this.labDir(lab), { recursive: true, force: true });
  }
}

/** The in-memory side of one lab's record, writing through on every change. */
export class LabRecord {
  private current: LabState;

  constructor(
    private readonly store: StateStore,
    initial: LabState,
  ) {
    this.current = initial;
  }

  static begin(
    store: StateStore,
    init: { lab: string; source: string; runtime: string; meta?: Record<string, unknown> },
  ): LabRecord {
    const record = new LabRecord(store, {
      version: STATE_VERSION,
      lab: init.lab,
      source: init.source,
      runtime: init.runtime,
      phase: "deploying",
      createdAt: new Date().toISOString(),
      deployPid: process.pid,
      resources: [],
      meta: init.meta ?? {},
    });
    record.flush();
    return record;
  }

  get state(): LabState {
    return this.current;
  }

  /** The lab's directory in the state store (the speaker host's control socket lives there). */
  get dir(): string {
    return this.store.labDir(this.current.lab);
  }

  /** Record the intent to create a resource. Call before creating it. */
  add(entry: ResourceEntry): void {
    if (this.current.resources.some((r) => r.id === entry.id)) {
      throw new FabricError(
        "state-duplicate",
        `resource ${entry.id} is already recorded in lab ${this.current.lab}`,
      );
    }
    this.current = { ...this.current, resources: [...this.current.resources, entry] };
    this.flush();
  }

  /** Replace a resource's record as creation progresses (a pid, an interface index…). */
  update(id: string, record: unknown): void {
    this.current = {
      ...this.current,
      resources: this.current.resources.map((r) => (r.id === id ? { ...r, record } : r)),
    };
    this.flush();
  }

  /** Drop a resource once it has been removed. */
  forget(id: string): void {
    this.current = { ...this.current, resources: this.current.resources.filter((r) => r.id !== id) };
    this.flush();
  }

  setPhase(phase: LabPhase): void {
    this.current = { ...this.current, phase };
    this.flush();
  }

  setMeta(key: string, value: unknown): void {
    this.current = { ...this.current, meta: { ...this.current.meta, [key]: value } };
    this.flush();
  }

  private flush(): void {
    this.store.write(this.current);
  }
}
