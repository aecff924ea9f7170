// One log file per hosted instance, as each sidecar had: `fabric` reads the node's speaker.log
// to explain a session that is down. Lines are appended through a stream (no sync write per
// event across a thousand instances); close() flushes it.
import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import path from "node:path";
import type { Logger } from "../log.js";

export interface ClosableLogger extends Logger {
  close(): Promise<void>;
}

export function fileLogger(file: string, now: () => Date = () => new Date()): ClosableLogger {
  mkdirSync(path.dirname(file), { recursive: true });
  const stream: WriteStream = createWriteStream(file, { flags: "a" });
  // A full disk must not take every other instance down with this one.
  stream.on("error", () => undefined);
  const write = (level: string, line: string): void => {
    stream.write(`${now().toISOString()} ${level} ${line}\n`);
  };
  return {
    info: (l) => write("info", l),
    warn: (l) => write("warning", l),
    close: () => new Promise<void>((resolve) => stream.end(() => resolve())),
  };
}
