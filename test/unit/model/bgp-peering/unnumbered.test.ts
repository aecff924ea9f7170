// validate's both-ends check for unnumbered sessions: the router is the far end of the link on
// the node's interface, and it needs `neighbor <its port> interface` with a matching remote-as.
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../../../src/errors.js";
import { editedLabDiagnostics, removeEditedLabs } from "../../../support/edited-lab.js";

const lab = fileURLToPath(new URL("../../../../labs/cilium-bgp-unnumbered", import.meta.url));
const POLICIES = "cilium-bgp-peering-policies.yaml";
const TOPO = "bgp-topo.yaml";
afterEach(removeEditedLabs);

function labWith(edits: Record<string, (text: string) => string>): Diagnostic[] {
  return editedLabDiagnostics(lab, edits, "bgp-");
}

describe("validate cross-checks unnumbered sessions against the router across the link", () => {
  it("finds nothing wrong in labs/cilium-bgp-unnumbered", () => {
    expect(labWith({ [POLICIES]: (t) => `${t}\n` })).toEqual([]);
  });

  it("reports a ToR without an interface neighbor on the node's link, with both file:lines", () => {
    const d = labWith({ [TOPO]: (t) => t.replace(" -c ' neighbor net2 interface peer-group SERVERS'", "") });
    expect(d).toMatchObject([
      {
        severity: "error",
        code: "bgp-peer-no-neighbor",
        message: expect.stringMatching(
          /^peer "tor0" \(unnumbered over net0\) reaches tor0:net2 \(link at .*bgp-topo\.yaml:\d+\), but tor0 \(bgp-topo\.yaml:\d+\) has no `neighbor net2 interface`/,
        ) as unknown,
        location: { file: POLICIES },
        suggestion: "add `neighbor net2 interface remote-as external` to tor0's router bgp 65010",
      },
    ]);
  });

  it("names a peerASN that is not the far end's AS", () => {
    const d = labWith({ [POLICIES]: (t) => t.replace("peerASN: 65011", "peerASN: 65099") });
    expect(d).toMatchObject([
      {
        code: "bgp-peer-asn-mismatch",
        message: expect.stringContaining(
          'peerASN 65099 for peer "tor1" (unnumbered over net0), but tor1',
        ) as unknown,
        location: { file: POLICIES, line: 40 },
      },
    ]);
  });

  it("names a node AS that the ToR's remote-as does not accept", () => {
    const d = labWith({ [POLICIES]: (t) => t.replace("localASN: 65101", "localASN: 65011") });
    expect(d.map((x) => x.code)).toContain("bgp-peer-remote-as-mismatch");
    expect(d.find((x) => x.code === "bgp-peer-remote-as-mismatch")?.message).toContain(
      "expects an external AS (not 65011) on net",
    );
  });

  it("reports an interface with no link", () => {
    const d = labWith({ [POLICIES]: (t) => t.replace("interface: net0", "interface: net7") });
    // Once per node of the rack the cluster config selects.
    expect(d.map((x) => [x.code, x.location?.file])).toEqual([
      ["bgp-unnumbered-no-link", POLICIES],
      ["bgp-unnumbered-no-link", POLICIES],
    ]);
    expect(d.map((x) => /ends at ([\w-]+:net7)/.exec(x.message)?.[1])).toEqual([
      "kind-control-plane:net7",
      "kind-worker:net7",
    ]);
  });
});
