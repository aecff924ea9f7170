// ping and traceroute checks over IPv6: `family: ipv6` read and named (ping6, traceroute6), a
// bad family refused at its line, and a pod's IPv6 address asked of a cluster that gives pods none.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadLab } from "../../../../src/model/lab-file/load-lab.js";

/** A copy of a shipped lab whose checks are replaced by `checks` (YAML lines under `checks:`). */
function labWith(labDir: string, checks: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "fabric-check-family-"));
  cpSync(labDir, dir, { recursive: true });
  const file = join(dir, "lab.yaml");
  const head = readFileSync(file, "utf8").split(/^checks:$/m)[0] ?? "";
  writeFileSync(file, `${head}checks:\n${checks.join("\n")}\n`);
  return dir;
}

const PING6 = [
  "  - type: ping",
  "    from: pod:netshoot@kind-worker",
  "    to: pod:netshoot@kind-worker3",
  "    family: ipv6",
];

describe("ping and traceroute checks with a family", () => {
  it("reads family: ipv6 and names the checks ping6 / traceroute6", () => {
    const dir = labWith("labs/cilium-bgp-dual", [
      ...PING6,
      "  - type: traceroute",
      "    from: pod:netshoot@kind-worker",
      "    to: pod:netshoot@kind-worker3",
      "    family: ipv6",
      "    hops: [kind-worker, pod:netshoot@kind-worker3]",
      "  - { type: ping, from: tor0, to: 'fd00:10:0:4::2' }",
    ]);
    const { lab, diagnostics } = loadLab(dir);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(lab?.checks?.map((c) => [c.type, c.name, "family" in c ? c.family : undefined])).toEqual([
      ["ping", "ping6 pod:netshoot@kind-worker → pod:netshoot@kind-worker3", "ipv6"],
      ["traceroute", "traceroute6 pod:netshoot@kind-worker → pod:netshoot@kind-worker3", "ipv6"],
      ["ping", "ping tor0 → fd00:10:0:4::2", undefined],
    ]);
  });

  it("refuses a family that is neither ipv4 nor ipv6, at its line", () => {
    const dir = labWith("labs/cilium-bgp-dual", [...PING6.slice(0, 3), "    family: ip6"]);
    const { lab, diagnostics } = loadLab(dir);
    expect(lab).toBeUndefined();
    const d = diagnostics.find((x) => x.code === "check-bad-field");
    expect(d?.message).toBe('`family` is ipv4 or ipv6, not "ip6"');
    const lines = readFileSync(join(dir, "lab.yaml"), "utf8").split("\n");
    expect(lines[(d?.location?.line ?? 0) - 1]).toContain("family: ip6");
  });

  it("refuses a pod's IPv6 address in an IPv4 cluster, with the fix", () => {
    const dir = labWith("labs/cilium-bgp", PING6);
    const { lab, diagnostics } = loadLab(dir);
    expect(lab).toBeUndefined();
    expect(
      diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.message, d.suggestion]),
    ).toEqual([
      [
        "check-family-not-in-cluster",
        'check "ping6 pod:netshoot@kind-worker → pod:netshoot@kind-worker3": pod:netshoot@kind-worker3 has no ipv6 address; the cluster\'s ipFamily is ipv4',
        `set networking.ipFamily: dual in ${join(dir, "cluster.yaml")}, or leave out family`,
      ],
    ]);
  });
});
