// Labs as CI smoke tests: `fabric test` on the reference lab passes and writes JUnit a CI system
// can read (one testcase per check and per scenario check); a lab whose ToR shuts one rack's sessions fails
// with exit 1 and names what broke; and deploy's convergence wait names the sessions not up.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { LabFixture } from "../../support/lab-fixture.js";

const LAB = "labs/cilium-bgp";

interface LabYaml {
  checks: unknown[];
  scenarios: { steps: { checks?: unknown[] }[] }[];
}

function counts(dir: string): { checks: number; scenarioChecks: number } {
  const lab = parseDocument(readFileSync(join(dir, "lab.yaml"), "utf8")).toJS() as LabYaml;
  const scenarioChecks = lab.scenarios.flatMap((s) => s.steps.flatMap((st) => st.checks ?? [])).length;
  return { checks: lab.checks.length, scenarioChecks };
}

/**
 * tor1 shuts its sessions to rack1's nodes (`neighbor SERVERS shutdown` after its config): rack1's
 * sessions never come up. A fault only a running lab shows — a wrong peer ASN no longer gets this
 * far, `validate` refuses it with both files' lines (test/unit/model/bgp-peering).
 */
function rack1Shut(dir: string): void {
  const topo = join(dir, "bgp-topo.yaml");
  const text = readFileSync(topo, "utf8");
  const anchor = "    srv-control-plane:\n";
  expect(text).toContain(anchor);
  writeFileSync(
    topo,
    text.replace(
      anchor,
      `        - vtysh -c 'conf t' -c 'router bgp 65011' -c ' neighbor SERVERS shutdown'\n${anchor}`,
    ),
  );
  // Every check and scenario check waits 5 s at most, so the failing run stays short.
  const lab = join(dir, "lab.yaml");
  writeFileSync(
    lab,
    readFileSync(lab, "utf8")
      .replace(/, wait: \d+s \}/g, " }")
      .replace(/\{ type:/g, "{ wait: 5s, type:")
      .replace(/^(\s*)- type: (ping|traceroute)$/gm, "$1- type: $2\n$1  wait: 5s"),
  );
}

/** Well-formedness of the elements: every open tag closed, in order (a stack over the tags). */
function unbalancedTags(xml: string): string[] {
  const stack: string[] = [];
  const problems: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name = "", selfClosing] = m;
    if (selfClosing) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) problems.push(`</${name}> closes the wrong element`);
  }
  return [...problems, ...stack.map((n) => `<${n}> never closed`)];
}

describe("fabric test as a CI smoke test", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it("passes the reference lab, its failover scenario included, and writes valid JUnit", async () => {
    lab = LabFixture.fromLabDir(LAB, "t-smk");
    const current = lab;
    await current.snapshot();
    const junit = join(current.dir, "out.xml");
    const run = await current.cli("test", current.file, "--junit", junit);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/tor1 uplink failover \/ router0: 10\.1\.2\.0\/24 not in BGP/);
    expect(run.stderr).toContain(
      "STEP tor1 uplink failover: link down tor1:net0: tor1:net0 and router0:net1 down",
    );

    const text = readFileSync(junit, "utf8");
    expect(unbalancedTags(text)).toEqual([]);
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    const { checks, scenarioChecks } = counts(current.dir);
    const total = checks + scenarioChecks;
    expect(text).toContain(`<testsuite name="${current.name}" tests="${total}" failures="0"`);
    const cases = text.match(/<testcase [^>]*\/>/g) ?? [];
    expect(cases).toHaveLength(total);
    expect(
      cases.filter((c) => c.includes(`classname="${current.name}.scenario.tor1 uplink failover"`)),
    ).toHaveLength(scenarioChecks);
    expect(text).not.toContain("<failure");
    expect(text.trimEnd().endsWith("</testsuites>")).toBe(true);
    expect(await current.leftovers([])).toEqual([]);
  });

  it("fails a lab whose ToR shuts a rack's sessions with exit 1, naming the failed session and prefix checks", async () => {
    lab = LabFixture.fromLabDir(LAB, "t-smk");
    const current = lab;
    rack1Shut(current.dir);
    const junit = join(current.dir, "out.xml");
    const run = await current.cli("test", current.file, "--junit", junit);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    const failed = run.stdout
      .split("\n")
      .filter((l) => l.startsWith("FAIL"))
      .map((l) => l.replace(/^FAIL\s+/, "").split(/\s{2,}/)[0]);
    for (const name of [
      "tor1: BGP session with 10.0.3.2 is Established",
      "tor1: BGP session with 10.0.4.2 is Established",
      "kind-worker2: BGP session with 10.0.0.2 is Established",
      "kind-worker3: BGP session with 10.0.0.2 is Established",
      "tor0: 10.1.2.0/24 in BGP",
      "tor0: 10.1.3.0/24 in BGP",
      "tor1: 10.1.2.0/24 in BGP",
      "router0: 10.1.3.0/24 in BGP",
    ]) {
      expect(failed).toContain(name);
    }
    // Rack0's side is untouched.
    expect(failed).not.toContain("tor0: BGP session with 10.0.1.2 is Established");
    expect(failed).not.toContain("router0: 10.1.0.0/24 in BGP");
    const text = readFileSync(junit, "utf8");
    expect(text).toMatch(
      /<testcase [^>]*name="tor1: BGP session with 10\.0\.3\.2 is Established"[^>]*>\s*<failure /,
    );
  });

  it("deploy waits for convergence, and names each session not up when it times out", async () => {
    lab = LabFixture.fromLabDir(LAB, "t-smk");
    const current = lab;
    rack1Shut(current.dir);
    const deploy = await current.cli("deploy", current.file, "--wait", "6s");
    expect(deploy.code).toBe(1);
    expect(deploy.stderr).toContain("4 BGP sessions not Established after 6 s (8 up)");
    expect(deploy.stderr).toMatch(
      /tor1 → 10\.0\.3\.2 \[frr\]: Idle \(Admin\) — last reset: Admin\. shutdown/,
    );
    expect(deploy.stderr).toMatch(
      /kind-worker2 → 10\.0\.0\.2 \(peer-65011-rack1\) \[speaker\]: active — speaker log: .*closed while waiting for OPEN/,
    );
    const again = await current.cli("deploy", current.file, "--reconfigure", "--no-wait");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain("BGP converged");
  });

  it("deploy of the reference lab reports the converged sessions", async () => {
    lab = LabFixture.fromLabDir(LAB, "t-smk");
    const deploy = await lab.cli("deploy", lab.file, "--wait", "30s");
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(deploy.stdout).toMatch(
      /BGP converged: 12 sessions Established \(8 FRR, 4 speaker\), \d+ prefixes received/,
    );
  });
});
