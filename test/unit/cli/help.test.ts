import type { Command } from "commander";
import { describe, expect, it } from "vitest";
import { createProgram } from "../../../src/cli/main.js";
import { runCli } from "../../support/run-cli.js";

// Every command's --help, as users see it, kept in one reviewed file: loading commands lazily
// (or any other change to how they are registered) must not change a word of it.
function commandPaths(command: Command, prefix: readonly string[] = []): string[][] {
  return command.commands.flatMap((c) => {
    const path = [...prefix, c.name()];
    return [path, ...commandPaths(c, path)];
  });
}

describe("fabric --help and every command's --help", () => {
  const paths = commandPaths(createProgram());

  it("walks the whole command tree", () => {
    // A walk that found nothing would make the snapshot below trivially stable.
    expect(paths.map((p) => p.join(" "))).toEqual(
      expect.arrayContaining(["validate", "deploy", "bgp routes", "speaker run", "speaker show peers"]),
    );
    expect(paths.length).toBeGreaterThan(20);
  });

  it("prints exactly the help it printed before", async () => {
    const pages: string[] = [];
    for (const path of [[], ...paths]) {
      const run = await runCli(...path, "--help");
      expect(run.code, `fabric ${path.join(" ")} --help`).toBe(0);
      pages.push(`$ fabric ${[...path, "--help"].join(" ")}\n${run.stdout}${run.stderr}`);
    }
    await expect(pages.join("\n")).toMatchFileSnapshot("__snapshots__/help.txt");
  });
});
