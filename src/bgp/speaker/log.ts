// One line per event on stderr, human-readable: a timestamp, a level, the message.

export interface Logger {
  info(line: string): void;
  warn(line: string): void;
}

export function stderrLogger(now: () => Date = () => new Date()): Logger {
  const write = (level: string, line: string): void => {
    process.stderr.write(`${now().toISOString()} ${level} ${line}\n`);
  };
  return { info: (l) => write("info", l), warn: (l) => write("warning", l) };
}

/** Collects lines; for tests and for callers that print elsewhere. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  info(line: string): void {
    this.lines.push(`info ${line}`);
  }
  warn(line: string): void {
    this.lines.push(`warning ${line}`);
  }
}
