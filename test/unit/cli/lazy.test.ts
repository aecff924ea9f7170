import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_WAIT } from "../../../src/cli/commands/deploy.js";
import { DEFAULT_CONVERGENCE_TIMEOUT_MS } from "../../../src/lab/wait.js";
import { parseDuration } from "../../../src/util/duration.js";

// What Node loads before a command's action runs is the static value imports reachable from
// cli/main.ts (`import type` is erased, `await import()` waits for the action). Every fabric
// run pays for that set, and a `fabric speaker run` sidecar (one per Kubernetes node) pays for
// it plus cli/speaker.ts's own: both must stay free of the lab model, runtimes and k8s glue.
const SRC = path.resolve(import.meta.dirname, "../../../src");

/** `import … from "./x.js"` and `export … from`, unless the whole statement is type-only. */
const STATIC = /^\s*(import|export)\s+(type\s+)?([^"';]*?)\s*from\s*["'](\.{1,2}\/[^"']+)["']/gm;

function valueImports(file: string): string[] {
  const text = readFileSync(path.join(SRC, file), "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(STATIC)) {
    const [, , typeOnly, names = "", spec = ""] = m;
    const braces = /^\{([^}]*)\}$/.exec(names.trim());
    const allTypes = braces?.[1]?.split(",").every((n) => n.trim() === "" || /^type\s/.test(n.trim()));
    if (typeOnly || allTypes) continue;
    out.push(
      path.relative(SRC, path.resolve(path.dirname(path.join(SRC, file)), spec.replace(/\.js$/, ".ts"))),
    );
  }
  return out;
}

function loadedBefore(entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [...entries];
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    todo.push(...valueImports(file));
  }
  return seen;
}

/** Loaded files outside the CLI's own, bgp/ with the addresses it parses (net/), and errors.ts, sorted. */
function beyondCli(loaded: Set<string>): string[] {
  return [...loaded].filter((f) => !/^(cli|bgp|net)\//.test(f) && f !== "errors.ts").sort();
}

describe("the lazy CLI", () => {
  it("reads value imports and skips type-only ones", () => {
    // A reader that found nothing would make the checks below pass trivially.
    const speaker = valueImports("cli/speaker.ts");
    expect(speaker).toContain("bgp/speaker/index.ts");
    expect(speaker).not.toContain("bgp/model.ts"); // `import type { AfiName }`
    expect(loadedBefore(["cli/validate.ts"])).toContain("model/lab-file/load-lab.ts");
  });

  it("loads only the command declarations before an action runs", () => {
    const loaded = loadedBefore(["cli/main.ts"]);
    expect(loaded).toContain("cli/commands/speaker.ts");
    expect([...loaded].filter((f) => /^cli\/(deploy|speaker|test|exec|bgp)\.ts$/.test(f))).toEqual([]);
    // The provider names deploy's --cluster-provider offers (a constant; its imports are types).
    // and generate's choices and limits (constants with no imports).
    expect(beyondCli(loaded)).toEqual([
      "generate/choices.ts",
      "k8s/cluster-provider.ts",
      "k8s/speaker/modes.ts",
    ]);
  });

  it("starts `fabric speaker run` with bgp/ and no lab model, runtime or k8s glue", () => {
    const loaded = loadedBefore(["cli/main.ts", "cli/speaker.ts"]);
    // host/'s `ip` wrappers (and the spawn limit they run under, with its urgency mark) install
    // imported routes in the node's kernel (through the spawner, host/spawner, whose program
    // carries the node holder's part and the holder protocol's names from host/unshare.ts);
    // nothing of the lab model, runtimes or k8s glue comes with them.
    expect(beyondCli(loaded)).toEqual([
      "generate/choices.ts",
      "host/command.ts",
      "host/ip-batch.ts",
      "host/ip.ts",
      "host/spawner/client.ts",
      "host/spawner/holder-program.ts",
      "host/spawner/program.ts",
      "host/unshare.ts",
      "k8s/cluster-provider.ts",
      "k8s/speaker/modes.ts",
      "util/limit.ts",
      "util/urgency.ts",
    ]);
  });

  it("loads the docker runtime (dockerode) only when a command opens it", () => {
    // dockerode, with ssh2 and grpc behind it, was most of a netns deploy's and destroy's start.
    for (const command of ["cli/deploy.ts", "cli/destroy.ts", "cli/exec.ts", "cli/get.ts"]) {
      const loaded = loadedBefore(["cli/main.ts", command]);
      expect(loaded).toContain("cli/runtime-choice.ts");
      // The one file that imports dockerode, and the runtime built on it.
      expect(loaded).not.toContain("runtime/docker/dockerode-api.ts");
      expect(loaded).not.toContain("runtime/docker/runtime.ts");
    }
  });

  it("destroys a lab by name from its record, without loading the lab model", () => {
    const loaded = loadedBefore(["cli/main.ts", "cli/destroy.ts"]);
    expect(loaded).toContain("lab/destroy.ts");
    expect(loaded).not.toContain("model/lab-file/load-lab.ts");
  });

  it("declares deploy's --wait default without loading lab/wait.ts, and in step with it", () => {
    expect(parseDuration(DEFAULT_WAIT)).toBe(DEFAULT_CONVERGENCE_TIMEOUT_MS);
  });
});
