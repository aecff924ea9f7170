import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../../../src/errors.js";
import { readFrrBgp } from "../../../../src/model/bgp-peering/frr-bgp.js";
import { shellWords } from "../../../../src/model/bgp-peering/router-sources.js";
import { editedLabDiagnostics, removeEditedLabs } from "../../../support/edited-lab.js";

const reference = fileURLToPath(new URL("../../../../labs/cilium-bgp", import.meta.url));
afterEach(removeEditedLabs);

/** The reference lab in a temporary directory, with edits to its files. */
function labWith(edits: Record<string, (text: string) => string>, base = reference): Diagnostic[] {
  return editedLabDiagnostics(base, edits, "bgp-peer-");
}

const POLICIES = "cilium-bgp-peering-policies.yaml";
const TOPO = "bgp-topo.yaml";

describe("validate cross-checks each speaker session against the router holding peerAddress", () => {
  it("finds nothing wrong in the reference lab", () => {
    expect(labWith({ [POLICIES]: (t) => `${t}\n` })).toEqual([]);
  });

  it("names a wrong peerASN at its line, with the router's AS and file:line, once for the rack", () => {
    const d = labWith({ [POLICIES]: (t) => t.replace("peerASN: 65011", "peerASN: 65099") });
    expect(d).toEqual([
      {
        severity: "error",
        code: "bgp-peer-asn-mismatch",
        message: "peerASN 65099 for peer 10.0.0.2, but tor1 (bgp-topo.yaml:54) runs AS 65011",
        location: { file: POLICIES, line: 33, col: 20 },
        suggestion: "set peerASN: 65011, or 0 to accept what the peer announces",
      },
    ]);
  });

  it("reports a node address the router has no neighbor for", () => {
    const d = labWith({ [TOPO]: (t) => t.replace(" -c ' neighbor 10.0.2.2 peer-group SERVERS'", "") });
    expect(d).toMatchObject([
      {
        code: "bgp-peer-no-neighbor",
        message: expect.stringContaining(
          "peer 10.0.0.1 is tor0 (bgp-topo.yaml:39), which has no neighbor 10.0.2.2 (kind-worker)",
        ) as unknown,
        location: { file: POLICIES, line: 16, col: 24 },
      },
    ]);
  });

  it("accepts a listen range with a peer-group in place of the neighbors", () => {
    const d = labWith({
      [TOPO]: (t) =>
        t
          .replace(
            " -c ' neighbor 10.0.1.2 peer-group SERVERS'",
            " -c ' bgp listen range 10.0.0.0/16 peer-group SERVERS'",
          )
          .replace(" -c ' neighbor 10.0.2.2 peer-group SERVERS'", ""),
    });
    expect(d).toEqual([]);
  });

  it("checks the node's AS against the router's remote-as (internal here)", () => {
    const d = labWith({
      [POLICIES]: (t) =>
        t.replace("localASN: 65011", "localASN: 65012").replace("peerASN: 65011", "peerASN: 0"),
    });
    const codes = d.map((x) => x.code);
    expect(codes).toContain("bgp-peer-remote-as-mismatch");
    const mismatch = d.find((x) => x.code === "bgp-peer-remote-as-mismatch");
    expect(mismatch?.message).toBe(
      'kind-worker2 runs AS 65012 in bgpInstance "instance-65011", but tor1 (bgp-topo.yaml:54) expects AS 65011 from 10.0.3.2',
    );
    expect(mismatch?.location).toEqual({ file: POLICIES, line: 30, col: 17 });
    // eBGP to the loopback of the ToR it is wired to: one hop, TTL 1 reaches it.
    expect(d.filter((x) => x.code === "bgp-peer-multihop")).toEqual([]);
  });

  it("checks an autoDiscovery peer against the router at the gateway the node's exec lines set", () => {
    const autodiscovery = fileURLToPath(
      new URL("../../../../labs/cilium-bgp-autodiscovery", import.meta.url),
    );
    expect(labWith({ [POLICIES]: (t) => `${t}\n` }, autodiscovery)).toEqual([]);
    const d = labWith({ [POLICIES]: (t) => t.replace("peerASN: 65011", "peerASN: 65077") }, autodiscovery);
    expect(d.map((x) => x.message)).toEqual([
      "peerASN 65077 for peer 10.0.3.1, but tor1 (bgp-topo.yaml:54) runs AS 65011",
      "peerASN 65077 for peer 10.0.4.1, but tor1 (bgp-topo.yaml:54) runs AS 65011",
    ]);
  });

  it("finds an eBGP peer two hops away without multihop, on both ends", () => {
    // rack0's nodes peer with the spine's loopback, which shares no network with them.
    const d = labWith({
      [POLICIES]: (t) =>
        t.replace(
          'peerASN: 65010\n          peerAddress: "10.0.0.1"',
          'peerASN: 65000\n          peerAddress: "10.0.0.0"',
        ),
      [TOPO]: (t) =>
        t.replace(
          "-c ' neighbor ROUTERS default-originate'",
          "-c ' neighbor ROUTERS default-originate' -c ' neighbor 10.0.2.2 remote-as 65010'",
        ),
    });
    expect(d.map((x) => [x.code, x.message])).toEqual([
      [
        "bgp-peer-no-neighbor",
        "peer 10.0.0.0 is router0 (bgp-topo.yaml:24), which has no neighbor 10.0.1.2 (kind-control-plane) nor a listen range covering it: it will refuse the session",
      ],
      [
        "bgp-peer-multihop",
        "peer 10.0.0.0 on router0 (bgp-topo.yaml:24) is eBGP and router0 shares no network with kind-worker, so it is at least 2 hops away, but ebgpMultihop is 1: packets leave with TTL 1 and never arrive",
      ],
      [
        "bgp-peer-multihop",
        "router0 (bgp-topo.yaml:24) has 10.0.2.2 (kind-worker) as an eBGP neighbor on none of its networks, without ebgp-multihop: FRR will not connect to it nor accept it",
      ],
    ]);
  });

  it("warns, once per router, when the router's configuration cannot be read", () => {
    const d = labWith({
      [TOPO]: (t) =>
        t.replace(
          /- >-\n\s+vtysh -c 'conf t' -c 'frr defaults datacenter' -c 'router bgp 65011'[^\n]*\n/,
          "- /usr/local/bin/configure-tor1.sh\n",
        ),
    });
    expect(d).toMatchObject([
      { severity: "warning", code: "bgp-peer-config-unreadable", location: { file: POLICIES, line: 34 } },
    ]);
  });
});

describe("readFrrBgp and shellWords", () => {
  it("splits a vtysh exec line as a shell would", () => {
    expect(shellWords(`vtysh -c 'conf t' -c " neighbor X remote-as 1" a\\ b`)).toEqual([
      "vtysh",
      "-c",
      "conf t",
      "-c",
      " neighbor X remote-as 1",
      "a b",
    ]);
  });

  it("reads neighbors, groups, listen ranges, multihop, and stops at the router block's end", () => {
    const at = (line: number) => ({ file: "frr.conf", line, col: 1 });
    const lines = [
      "router bgp 65010",
      " neighbor SERVERS peer-group",
      " neighbor SERVERS remote-as internal",
      " neighbor 10.0.1.2 peer-group SERVERS",
      " neighbor 192.0.2.9 remote-as 65099",
      " neighbor 192.0.2.9 ebgp-multihop",
      " bgp listen range 10.8.0.0/16 peer-group SERVERS",
      " neighbor net0 interface remote-as external",
      "exit",
      "interface lo",
      " neighbor 203.0.113.1 remote-as 1",
    ].map((text, i) => ({ text, location: at(i + 1) }));
    const bgp = readFrrBgp(lines);
    expect(bgp?.asn).toBe(65010);
    expect(bgp?.peerGroups.get("SERVERS")?.remoteAs).toBe("internal");
    expect(bgp?.neighbors.get("10.0.1.2")).toMatchObject({ peerGroup: "SERVERS", location: at(4) });
    expect(bgp?.neighbors.get("192.0.2.9")).toMatchObject({ remoteAs: 65099, ebgpMultihop: 255 });
    expect(bgp?.neighbors.get("net0")?.remoteAs).toBe("external");
    expect(bgp?.listenRanges.map((r) => r.peerGroup)).toEqual(["SERVERS"]);
    expect(bgp?.neighbors.has("203.0.113.1")).toBe(false);
    expect(readFrrBgp([{ text: "router bgp 65010 vrf red", location: at(1) }])).toBeUndefined();
  });
});
