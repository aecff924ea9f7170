import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { complete, type CompletionData } from "../../../src/cli/completion/candidates.js";
import { BASH_SCRIPT, ZSH_SCRIPT } from "../../../src/cli/completion/scripts.js";
import { createProgram } from "../../../src/cli/main.js";
import { runCli } from "../../support/run-cli.js";

const data: CompletionData = {
  labs: () => ["ref", "big"],
  nodes: (lab) => (lab === "big" ? ["spine0", "tor9"] : ["router0", "tor0", "tor1", "pod/netshoot-x"]),
};
const at = (...words: string[]) => complete(createProgram(), words, data);

describe("completion candidates", () => {
  it("completes commands, then subcommands, without hidden ones", () => {
    expect(at("")).toContain("deploy");
    expect(at("")).not.toContain("__complete");
    expect(at("in")).toEqual(["inspect"]);
    expect(at("bgp", "")).toEqual(["peers", "routes", "stop", "start"]);
  });

  it("completes a command's options, and an option's choices", () => {
    expect(at("inspect", "--")).toEqual(["--lab", "--all", "--format"]);
    expect(at("graph", "--format", "")).toEqual(["mermaid", "dot", "svg", "json", "html"]);
    expect(at("graph", "--format", "j")).toEqual(["json"]);
  });

  it("completes lab names where a lab is named", () => {
    expect(at("inspect", "")).toEqual(["ref", "big"]);
    expect(at("exec", "--lab", "")).toEqual(["ref", "big"]);
    expect(at("destroy", "b")).toEqual(["big"]);
  });

  it("completes node names of the lab given with --lab, else of the lab selected", () => {
    expect(at("exec", "t")).toEqual(["tor0", "tor1"]);
    expect(at("exec", "--lab", "big", "t")).toEqual(["tor9"]);
    expect(at("link", "down", "")).toEqual(["router0", "tor0", "tor1", "pod/netshoot-x"]);
    expect(at("link", "")).toEqual(["down", "up"]);
    expect(at("exec", "pod/")).toEqual(["pod/netshoot-x"]);
  });

  it("offers nothing past the arguments a command takes, or after --", () => {
    expect(at("link", "down", "tor1:net0", "")).toEqual([]);
    expect(at("exec", "tor0", "--", "")).toEqual([]);
  });
});

describe("fabric completion", () => {
  it("prints the bash and zsh scripts, and refuses other shells", async () => {
    expect((await runCli("completion", "bash")).stdout).toBe(BASH_SCRIPT);
    expect((await runCli("completion", "zsh")).stdout).toContain("compdef _fabric_complete fabric");
    expect((await runCli("completion", "fish")).code).toBe(2);
  });

  it("bash passes the words up to the cursor to fabric __complete and offers what it prints", async () => {
    // A stand-in `fabric` that records its arguments and answers two candidates.
    const dir = mkdtempSync(join(tmpdir(), "fabric-complete-"));
    try {
      const fake = join(dir, "fabric");
      writeFileSync(fake, `#!/bin/sh\nprintf '%s|' "$@" > ${join(dir, "args")}\nprintf 'tor0\\ntor1\\n'\n`);
      chmodSync(fake, 0o755);
      const run = await execa(
        "bash",
        [
          "-c",
          `${BASH_SCRIPT}\nCOMP_WORDS=(fabric exec --lab ref t); COMP_CWORD=4; _fabric_complete; echo "\${COMPREPLY[*]}"; cat ${join(dir, "args")}`,
        ],
        { env: { PATH: `${dir}:${process.env["PATH"] ?? ""}` } },
      );
      expect(run.stdout.split("\n")).toEqual(["tor0 tor1", "__complete|--|exec|--lab|ref|t|"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // zsh (scripts/setup installs it): the completion function outside a completion widget, with
  // `words`/`CURRENT` set as zsh sets them and `compadd` standing in to print what it is given.
  it.skipIf(spawnSync("zsh", ["-c", "true"]).status !== 0)(
    "zsh passes the words up to the cursor to fabric __complete and offers what it prints",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "fabric-complete-"));
      try {
        const fake = join(dir, "fabric");
        writeFileSync(fake, `#!/bin/sh\nprintf '%s|' "$@" > ${join(dir, "args")}\nprintf 'tor0\\ntor1\\n'\n`);
        chmodSync(fake, 0o755);
        const run = await execa(
          "zsh",
          [
            "-c",
            `${ZSH_SCRIPT}\ncompadd() { print -rl -- "\${(@P)2}"; }\nwords=(fabric exec --lab ref t); CURRENT=5; _fabric_complete; cat ${join(dir, "args")}`,
          ],
          { env: { PATH: `${dir}:${process.env["PATH"] ?? ""}` } },
        );
        expect(run.stdout.split("\n")).toEqual(["tor0", "tor1", "__complete|--|exec|--lab|ref|t|"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
