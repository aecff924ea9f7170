// Progress for long lab operations. On a terminal: one live line per node, redrawn in place.
// Elsewhere (CI logs, pipes): plain timestamped lines, one per step, so logs stay readable.
import chalk from "chalk";
import type { Progress } from "../../state/progress.js";

export function progressFor(stream: NodeJS.WriteStream): Progress {
  return stream.isTTY ? new LiveProgress(stream) : new PlainProgress(stream);
}

class PlainProgress implements Progress {
  private readonly start = Date.now();
  constructor(private readonly out: NodeJS.WritableStream) {}
  private line(text: string): void {
    const t = ((Date.now() - this.start) / 1000).toFixed(1).padStart(5);
    this.out.write(`[${t}s] ${text}\n`);
  }
  phase(message: string): void {
    this.line(message);
  }
  node(node: string, message: string): void {
    this.line(`${node}: ${message}`);
  }
  nodeDone(node: string, message = "done"): void {
    this.line(`${node}: ${message}`);
  }
  note(message: string): void {
    this.line(`note: ${message}`);
  }
}

class LiveProgress implements Progress {
  private readonly nodes = new Map<string, { text: string; done: boolean }>();
  private drawn = 0;
  constructor(private readonly out: NodeJS.WriteStream) {}

  phase(message: string): void {
    this.print(chalk.bold(message));
  }
  note(message: string): void {
    this.print(chalk.dim(`note: ${message}`));
  }
  node(node: string, message: string): void {
    this.nodes.set(node, { text: message, done: false });
    this.redraw();
  }
  nodeDone(node: string, message = "done"): void {
    this.nodes.set(node, { text: message, done: true });
    this.redraw();
  }

  /** A permanent line above the live node lines. */
  private print(text: string): void {
    this.clear();
    this.out.write(text + "\n");
    this.redraw();
  }

  private clear(): void {
    if (this.drawn > 0) this.out.write(`\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }

  private redraw(): void {
    this.clear();
    const width = Math.max(0, ...[...this.nodes.keys()].map((n) => n.length));
    const columns = this.out.columns || 100;
    for (const [node, s] of this.nodes) {
      const mark = s.done ? chalk.green("✓") : chalk.yellow("…");
      this.out.write(`${mark} ${node.padEnd(width)}  ${s.text}`.slice(0, columns - 1) + "\n");
    }
    this.drawn = this.nodes.size;
  }
}
