// The supervisor's entry point (bin/fabric-speaker-supervisor.js): node:util argument parsing
// only, so it loads no CLI, only what supervising needs.
import { parseArgs } from "node:util";
import { superviseSpeakerHost } from "./run.js";

export async function main(argv: readonly string[], hostBin: string): Promise<number> {
  let dir: string | undefined;
  try {
    dir = parseArgs({ args: [...argv], options: { dir: { type: "string" } } }).values.dir;
  } catch (err) {
    process.stderr.write(`fabric-speaker-supervisor: ${(err as Error).message}\n`);
  }
  if (!dir) {
    process.stderr.write("usage: fabric-speaker-supervisor --dir DIR\n");
    return 2;
  }
  const log = (line: string): void => {
    process.stderr.write(`${new Date().toISOString()} supervisor: ${line}\n`);
  };
  await superviseSpeakerHost({ dir, hostArgv: [process.execPath, hostBin, "--dir", dir], log });
  return 0;
}
