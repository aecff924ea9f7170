import { describe, expect, it } from "vitest";
import { loadLab } from "../../../../src/model/lab-file/load-lab.js";

const dir = "test/fixtures/checks/invalid";

describe("checks in a lab file", () => {
  it("reads every check type with defaults and names", () => {
    const { lab, diagnostics } = loadLab("test/fixtures/checks/valid-lab.yaml");
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const checks = lab?.checks ?? [];
    expect(checks.map((c) => [c.type, c.name, c.waitMs])).toEqual([
      ["bgp-session", "router0: BGP session with tor0 is Established", 30_000],
      ["bgp-prefix", "tor0 learns rack1 from the spine", 10_000],
      ["route", "tor0: route to 10.0.4.0/24", 30_000],
      ["ping", "ping server1 → 10.0.4.2", 30_000],
      ["traceroute", "traceroute server1 → 10.0.4.2", 30_000],
    ]);
    expect(checks[1]).toMatchObject({ asPath: [65000, 65011], present: true });
    expect(checks[3]).toMatchObject({ count: 3, maxLossPercent: 0 });
    expect(checks[4]).toMatchObject({ hops: ["10.0.2.1", "router0", "tor1", "10.0.4.2"] });
  });

  it.each([
    [
      "unknown-type",
      "check-unknown-type",
      3,
      'unknown check type "bgp-sesion"',
      'did you mean "bgp-session"?',
    ],
    ["missing-field", "check-missing-field", 3, "ping check needs `to`", undefined],
    ["unknown-field", "check-unknown-field", 6, 'route checks have no field "gatway"', undefined],
    ["bad-wait", "check-bad-wait", 6, "`wait` must be a duration", undefined],
    ["bad-state", "check-bad-state", 6, "unknown BGP state Establshed", 'did you mean "Established"?'],
    [
      "unknown-node",
      "check-unknown-target",
      3,
      "node router9 is neither a node of the lab nor a pod",
      'did you mean "router0"?',
    ],
    ["bad-loss", "check-bad-field", 6, "`loss` is the highest acceptable loss", undefined],
    ["bad-paths", "check-bad-field", 6, "`paths` must be a whole number from 1 to 256", undefined],
    ["bad-as-path", "check-bad-as-path", 6, "`as-path` is a list of AS numbers", undefined],
    ["not-a-list", "checks-not-a-list", 3, "`checks` must be a list", undefined],
    ["unknown-hop", "check-unknown-target", 3, "hop routr0 is neither", 'did you mean "router0"?'],
  ])("%s: reports %s at line %i", (file, code, line, message, suggestion) => {
    const { lab, diagnostics } = loadLab(`${dir}/${file}.yaml`);
    expect(lab).toBeUndefined();
    const errors = diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe(code);
    expect(errors[0]?.message).toContain(message);
    expect(errors[0]?.location?.line).toBe(line);
    if (suggestion) expect(errors[0]?.suggestion).toBe(suggestion);
  });
});
