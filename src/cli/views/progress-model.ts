// What a long deploy is doing, counted: the phase, how many nodes have reported and finished in
// it, which are working now, and tallies such as sessions Established. Pure: the two progress
// views (progress-view.ts) render it, and unit tests drive it with thousands of nodes.

export interface NodeStep {
  readonly text: string;
  readonly done: boolean;
}

export interface Tally {
  readonly label: string;
  readonly done: number;
  readonly total: number;
  readonly state: string;
}

export class ProgressModel {
  phase = "";
  /** Nodes that reported in the current phase, in the order they first did. */
  readonly nodes = new Map<string, NodeStep>();
  readonly tallies = new Map<string, Tally>();

  /** A new phase starts its own counts. */
  setPhase(message: string): void {
    this.phase = message;
    this.nodes.clear();
  }

  step(node: string, text: string, done: boolean): void {
    this.nodes.set(node, { text, done });
  }

  tally(t: Tally): void {
    this.tallies.set(t.label, t);
  }

  get done(): number {
    let n = 0;
    for (const s of this.nodes.values()) if (s.done) n++;
    return n;
  }

  /** The nodes still working, latest report first would reorder; insertion order keeps lines steady. */
  working(): [string, NodeStep][] {
    return [...this.nodes].filter(([, s]) => !s.done);
  }
}

/** `nodes 512/1024 done, 37 working (kind-worker600: exec 2/2, …)`, cut to `width`. */
export function countsLine(model: ProgressModel, width: number): string {
  const working = model.working();
  const seen = model.nodes.size;
  let line = `nodes ${model.done}/${seen} done`;
  if (working.length > 0) {
    const [first] = working;
    line += `, ${working.length} working`;
    if (first) line += ` (${first[0]}: ${first[1].text}${working.length > 1 ? ", …" : ""})`;
  }
  return cut(line, width);
}

/** `sessions 1800/2048 Established`. */
export function tallyLine(t: Tally, width: number): string {
  return cut(`${t.label} ${t.done}/${t.total} ${t.state}`, width);
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
