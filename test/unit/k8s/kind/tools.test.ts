import { describe, expect, it } from "vitest";
import { kindAvailable, missingToolsError } from "../../../../src/k8s/kind/tools.js";
import { probeWith } from "./support.js";

describe("kindAvailable", () => {
  it("names each missing tool with where to get it", async () => {
    const missing = await kindAvailable(probeWith("docker"));
    expect(missing.map((t) => t.command)).toEqual(["kind", "kubectl"]);
    expect(missing[1]?.install).toContain("https://kubernetes.io/docs/tasks/tools/");
  });

  it("finds nothing missing when all three are on PATH", async () => {
    expect(await kindAvailable(probeWith("kind", "kubectl", "docker"))).toEqual([]);
    expect(missingToolsError([])).toBeUndefined();
  });

  it("says plainly what is missing and what to use instead", async () => {
    const one = missingToolsError(await kindAvailable(probeWith("kubectl", "docker")));
    expect(one?.code).toBe("kind-tools-missing");
    expect(one?.message).toBe(
      "kind is not installed: the kind cluster provider needs kind, kubectl and docker; " +
        "use the emulated provider (the default on the netns runtime)",
    );
    const all = missingToolsError(await kindAvailable(probeWith()));
    expect(all?.message).toMatch(/^kind, kubectl and docker are not installed: /);
    expect(all?.suggestion).toContain("apt-get install docker.io");
  });
});
