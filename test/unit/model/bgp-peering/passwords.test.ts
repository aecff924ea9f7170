// validate compares TCP-MD5 passwords on both ends of each speaker session: the Secret that the
// CiliumBGPPeerConfig's authSecretRef names, and the router's `neighbor X password P` (on the
// neighbor, its peer-group, or the peer-group of a listen range). Never printing a password.
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../../../src/errors.js";
import { readFrrBgp } from "../../../../src/model/bgp-peering/frr-bgp.js";
import { editedLabDiagnostics, removeEditedLabs } from "../../../support/edited-lab.js";

const md5Lab = fileURLToPath(new URL("../../../../labs/cilium-bgp-md5", import.meta.url));
const unnumberedLab = fileURLToPath(new URL("../../../../labs/cilium-bgp-unnumbered", import.meta.url));
const POLICIES = "cilium-bgp-peering-policies.yaml";
const TOPO = "bgp-topo.yaml";
const PASSWORD = "fabric-md5-demo";
const ROUTER_PASSWORD = " -c ' neighbor SERVERS password fabric-md5-demo'";
afterEach(removeEditedLabs);

/** A lab in a temporary directory, with edits to its files: its cross-check diagnostics. */
function labWith(base: string, edits: Record<string, (text: string) => string>): Diagnostic[] {
  return editedLabDiagnostics(base, edits, "bgp-peer-");
}

/** No password may appear in anything validate prints. */
function expectNoSecrets(diagnostics: readonly Diagnostic[], ...passwords: string[]): void {
  for (const d of diagnostics)
    for (const p of passwords) expect(`${d.message} ${d.suggestion ?? ""}`).not.toContain(p);
}

describe("the FRR reader keeps each password with the line and the name that set it", () => {
  it("reads a peer-group's password and a member's own", () => {
    const at = (line: number) => ({ file: "frr.conf", line, col: 1 });
    const bgp = readFrrBgp(
      [
        "router bgp 65010",
        " neighbor SERVERS peer-group",
        " neighbor SERVERS remote-as internal",
        " neighbor SERVERS password group-secret",
        " neighbor 10.0.1.2 peer-group SERVERS",
        " neighbor 10.0.2.2 remote-as 65020",
        " neighbor 10.0.2.2 password own-secret",
      ].map((text, i) => ({ text, location: at(i + 1) })),
    );
    expect(bgp?.peerGroups.get("SERVERS")?.password).toEqual({
      value: "group-secret",
      setOn: "SERVERS",
      location: at(4),
    });
    expect(bgp?.neighbors.get("10.0.2.2")?.password).toEqual({
      value: "own-secret",
      setOn: "10.0.2.2",
      location: at(7),
    });
    expect(bgp?.neighbors.get("10.0.1.2")?.password).toBeUndefined();
  });
});

describe("validate compares TCP-MD5 passwords on both ends", () => {
  it("finds nothing wrong when the Secret and the ToRs' peer-group set the same password", () => {
    expect(labWith(md5Lab, { [POLICIES]: (t) => `${t}\n` })).toEqual([]);
  });

  it("says the passwords differ, at the Secret's line with the router's line, once per ToR", () => {
    const d = labWith(md5Lab, {
      [POLICIES]: (t) => t.replace(`password: ${PASSWORD}`, "password: something-else"),
    });
    expect(d).toEqual([
      {
        severity: "error",
        code: "bgp-peer-password-mismatch",
        message:
          "TCP-MD5 passwords differ for peer 10.0.0.1: Secret kube-system/bgp-tor-password (authSecretRef) and tor0's `neighbor SERVERS password` (bgp-topo.yaml:39) are not the same: each end drops the other's segments and the session never comes up",
        location: { file: POLICIES, line: 78, col: 13 },
        suggestion: "make the Secret's password and tor0's `neighbor SERVERS password` the same",
      },
      {
        severity: "error",
        code: "bgp-peer-password-mismatch",
        message:
          "TCP-MD5 passwords differ for peer 10.0.0.2: Secret kube-system/bgp-tor-password (authSecretRef) and tor1's `neighbor SERVERS password` (bgp-topo.yaml:54) are not the same: each end drops the other's segments and the session never comes up",
        location: { file: POLICIES, line: 78, col: 13 },
        suggestion: "make the Secret's password and tor1's `neighbor SERVERS password` the same",
      },
    ]);
    expectNoSecrets(d, PASSWORD, "something-else");
  });

  it("names a member's own password line over its group's, for that member's session only", () => {
    const d = labWith(md5Lab, {
      [TOPO]: (t) =>
        t.replace(
          " -c ' neighbor 10.0.2.2 peer-group SERVERS'",
          " -c ' neighbor 10.0.2.2 peer-group SERVERS' -c ' neighbor 10.0.2.2 password only-this-one'",
        ),
    });
    expect(d).toMatchObject([
      {
        code: "bgp-peer-password-mismatch",
        message: expect.stringContaining(
          "for peer 10.0.0.1: Secret kube-system/bgp-tor-password (authSecretRef) and tor0's `neighbor 10.0.2.2 password` (bgp-topo.yaml:39)",
        ) as unknown,
        location: { file: POLICIES, line: 78 },
      },
    ]);
    expectNoSecrets(d, PASSWORD, "only-this-one");
  });

  it("applies a peer-group's password to the nodes its listen range covers", () => {
    const d = labWith(md5Lab, {
      [TOPO]: (t) =>
        t
          .replace(
            " -c ' neighbor 10.0.1.2 peer-group SERVERS'",
            " -c ' bgp listen range 10.0.1.0/24 peer-group SERVERS'",
          )
          .replace(
            " -c ' neighbor 10.0.2.2 peer-group SERVERS'",
            " -c ' bgp listen range 10.0.2.0/24 peer-group SERVERS'",
          )
          .replace(ROUTER_PASSWORD, " -c ' neighbor SERVERS password from-the-range'"),
    });
    expect(d).toMatchObject([
      {
        code: "bgp-peer-password-mismatch",
        message: expect.stringContaining(
          "for peer 10.0.0.1: Secret kube-system/bgp-tor-password (authSecretRef) and tor0's `neighbor SERVERS password` (bgp-topo.yaml:39)",
        ) as unknown,
      },
    ]);
    expectNoSecrets(d, PASSWORD, "from-the-range");
  });

  it("names the router as the side without a password, with the fix, when only the Secret sets one", () => {
    const d = labWith(md5Lab, { [TOPO]: (t) => t.replaceAll(ROUTER_PASSWORD, "") });
    expect(d).toHaveLength(4); // two nodes per rack, one session each
    expect(d[0]).toEqual({
      severity: "error",
      code: "bgp-peer-password-missing",
      message:
        'kind-control-plane signs its segments to peer 10.0.0.1 (Secret kube-system/bgp-tor-password of CiliumBGPPeerConfig "peer-config-generic"), but no password is set for it on tor0 (bgp-topo.yaml:39): tor0 drops them and the session never comes up',
      location: { file: POLICIES, line: 51, col: 18 },
      suggestion:
        "add `neighbor 10.0.1.2 password …` with the Secret's password to tor0's router bgp, or remove authSecretRef",
    });
    expectNoSecrets(d, PASSWORD);
  });

  it("names the node as the side without a password when only the router sets one", () => {
    const d = labWith(md5Lab, { [POLICIES]: (t) => t.replace("  authSecretRef: bgp-tor-password\n", "") });
    expect(d).toHaveLength(4);
    expect(d[0]).toEqual({
      severity: "error",
      code: "bgp-peer-password-missing",
      message:
        'tor0 (bgp-topo.yaml:39) signs its segments to kind-control-plane for peer 10.0.0.1, but no password is set for it here: CiliumBGPPeerConfig "peer-config-generic" sets no authSecretRef, so kind-control-plane does not sign and tor0 drops its segments',
      location: { file: POLICIES, line: 47, col: 9 },
      suggestion:
        "set authSecretRef in CiliumBGPPeerConfig \"peer-config-generic\" to a Secret in kube-system whose password is tor0's, or remove tor0's `neighbor SERVERS password`",
    });
    expectNoSecrets(d, PASSWORD);
  });

  it("points at a base64 data.password the same way as at stringData", () => {
    const d = labWith(md5Lab, {
      [POLICIES]: (t) =>
        t.replace(
          `stringData:\n  password: ${PASSWORD}`,
          `data:\n  password: ${Buffer.from("not-the-routers").toString("base64")}`,
        ),
    });
    expect(d.map((x) => [x.code, x.location])).toEqual([
      ["bgp-peer-password-mismatch", { file: POLICIES, line: 78, col: 13 }],
      ["bgp-peer-password-mismatch", { file: POLICIES, line: 78, col: 13 }],
    ]);
    expectNoSecrets(d, PASSWORD, "not-the-routers", Buffer.from("not-the-routers").toString("base64"));
  });

  it("leaves a missing Secret to its own error rather than comparing", () => {
    const d = labWith(md5Lab, {
      [POLICIES]: (t) => t.replace("authSecretRef: bgp-tor-password", "authSecretRef: no-such-secret"),
    });
    expect(d).toEqual([]);
  });

  it("compares an unnumbered session's password with the router's interface neighbor", () => {
    const d = labWith(unnumberedLab, {
      [TOPO]: (t) =>
        t.replace(
          " -c ' neighbor net2 interface peer-group SERVERS'",
          " -c ' neighbor net2 interface peer-group SERVERS' -c ' neighbor SERVERS password tor-side'",
        ),
    });
    // Both of tor0's nodes, over net1 and net2 of the ToR; rack1 and its ToR are untouched.
    expect(d.map((x) => [x.code, x.message.replace(/ \(bgp-topo\.yaml:\d+\)/, "").split(":")[0]])).toEqual([
      [
        "bgp-peer-password-missing",
        'tor0 signs its segments to kind-control-plane for peer "tor0" (unnumbered over net0), but no password is set for it here',
      ],
      [
        "bgp-peer-password-missing",
        'tor0 signs its segments to kind-worker for peer "tor0" (unnumbered over net0), but no password is set for it here',
      ],
    ]);
    expectNoSecrets(d, "tor-side");
  });
});
