// Progress for long lab operations. On a terminal: the live state redrawn in place — one line per
// node while a phase has a few, counts once it has many ("nodes 512/1024 done, 37 working"), and
// tallies ("sessions 1800/2048 Established"). Elsewhere (CI logs, pipes): plain timestamped lines;
// per node while a phase has a few, then a counts line every few seconds, so a 1,024-node deploy
// logs tens of lines, not thousands.
import chalk from "chalk";
import type { Progress } from "../../state/progress.js";
import { countsLine, ProgressModel, tallyLine } from "./progress-model.js";

/** Nodes a phase shows one by one; past it, counts. */
export const PER_NODE_LINES = 16;
/** Plain output: the least time between two counts lines (or two lines of one tally). */
export const PLAIN_INTERVAL_MS = 5_000;
/** Terminal: the least time between two redraws. */
export const LIVE_INTERVAL_MS = 100;

export interface ProgressClock {
  now(): number;
}

const systemClock: ProgressClock = { now: () => Date.now() };

export function progressFor(stream: NodeJS.WriteStream): Progress {
  return stream.isTTY ? new LiveProgress(stream) : new PlainProgress(stream);
}

export class PlainProgress implements Progress {
  private readonly start: number;
  private readonly model = new ProgressModel();
  /** The phase has more nodes than PER_NODE_LINES: counts lines from now on. */
  private counting = false;
  private lastCounts = -Infinity;
  private countsPending = false;
  private readonly lastTally = new Map<string, { at: number; text: string }>();

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly clock: ProgressClock = systemClock,
  ) {
    this.start = clock.now();
  }

  private line(text: string): void {
    const t = ((this.clock.now() - this.start) / 1000).toFixed(1).padStart(5);
    this.out.write(`[${t}s] ${text}\n`);
  }

  phase(message: string): void {
    this.flushCounts();
    this.model.setPhase(message);
    this.counting = false;
    this.lastCounts = -Infinity;
    this.line(message);
  }
  node(node: string, message: string): void {
    this.report(node, message, false);
  }
  nodeDone(node: string, message = "done"): void {
    this.report(node, message, true);
  }
  note(message: string): void {
    this.line(`note: ${message}`);
  }
  tally(label: string, done: number, total: number, state: string): void {
    const text = tallyLine({ label, done, total, state }, Number.MAX_SAFE_INTEGER);
    const last = this.lastTally.get(label);
    const now = this.clock.now();
    if (last?.text === text) return;
    // The final count always shows; a moving one at most every PLAIN_INTERVAL_MS.
    if (last && done < total && now - last.at < PLAIN_INTERVAL_MS) return;
    this.lastTally.set(label, { at: now, text });
    this.line(text);
  }

  private report(node: string, message: string, done: boolean): void {
    this.model.step(node, message, done);
    if (!this.counting && this.model.nodes.size <= PER_NODE_LINES) {
      this.line(`${node}: ${message}`);
      return;
    }
    this.counting = true;
    this.countsPending = true;
    if (this.clock.now() - this.lastCounts >= PLAIN_INTERVAL_MS) this.flushCounts();
  }

  /** The counts as they stand, if they changed since last shown. */
  private flushCounts(): void {
    if (!this.counting || !this.countsPending) return;
    this.countsPending = false;
    this.lastCounts = this.clock.now();
    this.line(countsLine(this.model, Number.MAX_SAFE_INTEGER));
  }
}

export class LiveProgress implements Progress {
  private readonly model = new ProgressModel();
  private drawn = 0;
  private lastDraw = -Infinity;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly clock: ProgressClock = systemClock,
  ) {}

  phase(message: string): void {
    this.model.setPhase(message);
    this.print(chalk.bold(message));
  }
  note(message: string): void {
    this.print(chalk.dim(`note: ${message}`));
  }
  node(node: string, message: string): void {
    this.model.step(node, message, false);
    this.schedule();
  }
  nodeDone(node: string, message = "done"): void {
    this.model.step(node, message, true);
    this.schedule();
  }
  tally(label: string, done: number, total: number, state: string): void {
    this.model.tally({ label, done, total, state });
    this.schedule();
  }

  /** A permanent line above the live lines. */
  private print(text: string): void {
    this.clear();
    this.out.write(text + "\n");
    this.redraw();
  }

  /** Redraw now if the last one was long enough ago, else once the interval is over. */
  private schedule(): void {
    const wait = LIVE_INTERVAL_MS - (this.clock.now() - this.lastDraw);
    if (wait <= 0) {
      this.redraw();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.redraw();
    }, wait);
    // A pending redraw never keeps the process alive.
    this.timer.unref();
  }

  private clear(): void {
    if (this.drawn > 0) this.out.write(`\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }

  private redraw(): void {
    this.clear();
    this.lastDraw = this.clock.now();
    const columns = (this.out.columns || 100) - 1;
    const lines: string[] = [];
    if (this.model.nodes.size <= PER_NODE_LINES) {
      const width = Math.max(0, ...[...this.model.nodes.keys()].map((n) => n.length));
      for (const [node, s] of this.model.nodes) {
        const mark = s.done ? chalk.green("✓") : chalk.yellow("…");
        lines.push(`${mark} ${node.padEnd(width)}  ${s.text}`.slice(0, columns));
      }
    } else {
      lines.push(`${chalk.yellow("…")} ${countsLine(this.model, columns - 2)}`);
    }
    for (const t of this.model.tallies.values()) {
      const mark = t.done === t.total ? chalk.green("✓") : chalk.yellow("…");
      lines.push(`${mark} ${tallyLine(t, columns - 2)}`);
    }
    for (const l of lines) this.out.write(l + "\n");
    this.drawn = lines.length;
  }
}
