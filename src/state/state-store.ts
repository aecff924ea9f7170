// The lab state record: everything a deploy creates is written here *before* it is created, so
// that `fabric destroy NAME` can undo a deploy that failed or was killed halfway, from the lab name
// alone. The record lives under /run (tmpfs): it disappears on reboot, exactly like the
// namespaces, veths and processes it describes.
//
// On disk it is lab.json, a full LabState written atomically, plus the journal that lab.json names:
// the changes since, a line each (journal.ts). A change costs one append; every so often (and at
// every phase change, so a lab at rest has everything in lab.json) the two are folded into a new
// lab.json naming a new, empty journal. Whenever the process dies, lab.json and the journal it
// names are the whole record.
import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { FabricError } from "../errors.js";
import { applyOp, encodeOp, JOURNAL_NAME, parseJournal, replayJournal, type JournalOp } from "./journal.js";
import { checkLabRecord } from "./record-schema.js";

export const DEFAULT_STATE_ROOT = "/run/fabric";
const STATE_FILE = "lab.json";
const MGMT_SUBNET_FILE = "mgmt-subnet";
const STATE_VERSION = 1;
/** A journal this short is never worth folding in: compaction rewrites the whole record. */
const COMPACT_MIN_LINES = 64;

/** Journal names are unique per write of lab.json, so a stale journal is never taken for the live one. */
let journalGeneration = Date.now();

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
    const where = { lab, file, labDir: this.labDir(lab) };
    const base = checkLabRecord(parsed, STATE_VERSION, where);
    const journal = journalOf(parsed);
    if (journal === undefined) return base;
    const journalFile = join(this.labDir(lab), journal);
    // Created before the lab.json naming it; gone only if removed by hand, with nothing to replay.
    if (!existsSync(journalFile)) return base;
    const ops = parseJournal(readFileSync(journalFile, "utf8"), { ...where, file: journalFile });
    return replayJournal(base, ops);
  }

  /**
   * Writes `state` whole, naming a new empty journal, and returns that journal's name. Atomic
   * (temp file, fsync, rename): a crash leaves either the old lab.json with its journal or the
   * new one with its own, never half of one. Older journals are removed afterwards.
   */
  write(state: LabState): string {
    const dir = this.labDir(state.lab);
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    const journal = `journal-${process.pid}-${++journalGeneration}`;
    writeFileSync(join(dir, journal), "", { mode: 0o644 });
    const file = this.file(state.lab);
    const temp = `${file}.${process.pid}.tmp`;
    const fd = openSync(temp, "w", 0o644);
    try {
      writeSync(fd, JSON.stringify({ ...state, journal }, null, 2) + "\n");
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    for (const name of readdirSync(dir))
      if (name !== journal && JOURNAL_NAME.test(name)) rmSync(join(dir, name), { force: true });
    return journal;
  }

  /** Appends one change to the journal `write` returned. */
  append(lab: string, journal: string, op: JournalOp): void {
    appendFileSync(join(this.labDir(lab), journal), encodeOp(op));
  }

  /**
   * Notes a lab's management subnet beside its record, as its deploy begins: other deploys read
   * it to pick a free subnet, and reading a whole record for it took a second beside a 4,096-node
   * lab (30 MB of record and journal), in every deploy on that host.
   */
  noteMgmtSubnet(lab: string, subnet: string): void {
    writeFileSync(join(this.labDir(lab), MGMT_SUBNET_FILE), `${subnet}\n`, { mode: 0o644 });
  }

  /** The subnet noteMgmtSubnet noted; undefined for a lab whose deploy noted none (an older fabric's). */
  notedMgmtSubnet(lab: string): string | undefined {
    try {
      return readFileSync(join(this.labDir(lab), MGMT_SUBNET_FILE), "utf8").trim() || undefined;
    } catch {
      return undefined;
    }
  }

  /** Forget a lab whose resources are all gone. */
  remove(lab: string): void {
    rmSync(this.labDir(lab), { recursive: true, force: true });
  }
}

/** The journal a parsed lab.json names, if it names a well-formed one (records before it had none). */
function journalOf(parsed: unknown): string | undefined {
  if (typeof parsed !== "object" || parsed === null || !("journal" in parsed)) return undefined;
  const name = parsed.journal;
  if (typeof name === "string" && JOURNAL_NAME.test(name)) return name;
  throw new FabricError("state-corrupt", `the state record names a journal that is not one: ${String(name)}`);
}

/** The in-memory side of one lab's record, writing through on every change. */
export class LabRecord {
  private current: LabState;
  /** The journal this process appends to; none until its first write of the whole record. */
  private journal: string | undefined;
  private journalLines = 0;

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
    record.compact();
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
    this.change({ op: "add", entry });
  }

  /** Replace a resource's record as creation progresses (a pid, an interface index…). */
  update(id: string, record: unknown): void {
    this.change({ op: "update", id, record });
  }

  /** Drop a resource once it has been removed. */
  forget(id: string): void {
    this.change({ op: "forget", id });
  }

  /** Also folds the journal in: a lab between phases is read from lab.json alone. */
  setPhase(phase: LabPhase): void {
    this.current = applyOp(this.current, { op: "phase", phase });
    this.compact();
  }

  setMeta(key: string, value: unknown): void {
    this.change({ op: "meta", key, value });
  }

  /**
   * Applies `op` in memory and on disk. Compacting once the journal is as long as the record has
   * (one line per resource at least), keeps the bytes written linear in the number of changes.
   */
  private change(op: JournalOp): void {
    this.current = applyOp(this.current, op);
    const limit = Math.max(COMPACT_MIN_LINES, this.current.resources.length);
    if (this.journal === undefined || this.journalLines >= limit) this.compact();
    else {
      this.store.append(this.current.lab, this.journal, op);
      this.journalLines++;
    }
  }

  private compact(): void {
    this.journal = this.store.write(this.current);
    this.journalLines = 0;
  }
}
