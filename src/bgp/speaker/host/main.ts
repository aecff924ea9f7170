// The speaker host's own entry point (bin/fabric-speaker-host.js): argument parsing with
// node:util only, so the process loads the speaker and nothing of the CLI (≈ 35 MB less RSS
// than `fabric speaker host`, which goes through the whole command tree).
import { parseArgs } from "node:util";
import { stderrLogger } from "../log.js";
import { runSpeakerHost } from "./run.js";

export async function main(argv: readonly string[]): Promise<number> {
  let dir: string | undefined;
  try {
    dir = parseArgs({ args: [...argv], options: { dir: { type: "string" } } }).values.dir;
  } catch (err) {
    process.stderr.write(`fabric-speaker-host: ${(err as Error).message}\n`);
  }
  if (!dir) {
    process.stderr.write(
      "usage: fabric-speaker-host --dir DIR   (the same as `fabric speaker host --dir DIR`)\n",
    );
    return 2;
  }
  await runSpeakerHost({ dir, log: stderrLogger() });
  return 0;
}
