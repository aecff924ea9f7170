// `fabric deploy --cluster-provider kind` on a machine without kind (this one, and most CI
// runners): one plain error naming what is missing, and nothing created — no state record, no
// namespace, no link, no process. Where kind is installed this premise does not hold; the test is
// then skipped and says so (test/integration/k8s/kind.test.ts runs the provider for real there).
import { afterEach, describe, expect, it } from "vitest";
import { kindAvailable } from "../../../src/k8s/kind/index.js";
import { REFERENCE_LAB_NODES as NODES } from "../../support/reference-lab.js";
import { LabFixture } from "../../support/lab-fixture.js";

const missing = await kindAvailable();
const skipReason = missing.length === 0 ? "kind, kubectl and docker are all installed here" : undefined;
if (skipReason) console.log(`kind missing-tools test skipped: ${skipReason}`);

describe("deploy --cluster-provider kind without kind", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it.skipIf(skipReason !== undefined)("prints the missing tools and creates nothing", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp");
    await lab.snapshot();
    const run = await lab.cli("deploy", lab.file, "--cluster-provider", "kind");
    expect(run.code).toBe(1);
    const names = missing.map((t) => t.command);
    expect(run.stderr).toContain(
      `${names.length === 1 ? `${names[0]} is` : `${names.slice(0, -1).join(", ")} and ${names.at(-1)} are`} not installed: ` +
        "the kind cluster provider needs kind, kubectl and docker; use the emulated provider (the default on the netns runtime)",
    );
    expect(await lab.leftovers(NODES)).toEqual([]);
  });

  it("refuses the netns runtime as a usage error, before looking for tools", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp");
    await lab.snapshot();
    const run = await lab.cli("deploy", lab.file, "--cluster-provider", "kind", "--runtime", "netns");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("the kind cluster provider runs on the docker runtime, not netns");
    expect(await lab.leftovers(NODES)).toEqual([]);
  });
});
