// One log file per hosted instance, as each sidecar had: `fabric` reads the node's speaker.log
// to explain a session that is down. No descriptor is held per instance (a thousand instances
// would hold a thousand; issue 11 bounds the process at 20,000): lines wait in one queue shared
// by every instance and are appended every FLUSH_MS, a few files at a time, each append opening
// and closing its file. close() resolves once the instance's lines are on disk.
import { mkdirSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import path from "node:path";
import { mapLimited } from "../../../util/limit.js";
import type { Logger } from "../log.js";

export interface ClosableLogger extends Logger {
  close(): Promise<void>;
}

/** Long enough to batch a burst of events, short enough that `fabric` reads a fresh log. */
const FLUSH_MS = 50;
/** Files being appended at once: the descriptors this queue holds at most. */
const OPEN_AT_ONCE = 4;

/** Pending lines by file, appended in the order they were written. */
export class AppendQueue {
  private pending = new Map<string, string[]>();
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;

  constructor(private readonly flushMs: number = FLUSH_MS) {}

  add(file: string, text: string): void {
    const lines = this.pending.get(file);
    if (lines) lines.push(text);
    else this.pending.set(file, [text]);
    this.schedule();
  }

  /**
   * Writes what is pending now rather than at the next tick of the timer (an instance being
   * removed must not wait for it: 256 removals one after another would wait 256 ticks), and
   * resolves when every line added so far is written (or failed to be).
   */
  flushed(): Promise<void> {
    if (this.timer) return this.start();
    return this.draining ?? Promise.resolve();
  }

  private schedule(): void {
    // While a drain runs, its loop takes what is added meanwhile.
    if (this.timer || this.draining) return;
    this.timer = setTimeout(() => void this.start(), this.flushMs);
  }

  private start(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
      // Lines added between the loop's last check and now.
      if (this.pending.size > 0) this.schedule();
    });
    return this.draining;
  }

  private async drain(): Promise<void> {
    // Lines added while a batch is written wait for the next turn of this loop, so one file's
    // lines are never appended by two writes at once (which could reorder them).
    while (this.pending.size > 0) {
      const batch = [...this.pending];
      this.pending = new Map();
      await mapLimited(batch, OPEN_AT_ONCE, ([file, lines]) =>
        // A full disk must not take every other instance down with this one.
        appendFile(file, lines.join("")).catch(() => undefined),
      );
    }
  }
}

/** The queue every instance of this process logs through. */
const shared = new AppendQueue();

export function fileLogger(
  file: string,
  now: () => Date = () => new Date(),
  queue: AppendQueue = shared,
): ClosableLogger {
  mkdirSync(path.dirname(file), { recursive: true });
  const write = (level: string, line: string): void => {
    queue.add(file, `${now().toISOString()} ${level} ${line}\n`);
  };
  return {
    info: (l) => write("info", l),
    warn: (l) => write("warning", l),
    close: () => queue.flushed(),
  };
}
