// The speaker host's requests are checked at the boundary: known ops with well-formed fields pass,
// anything else is refused with where and why.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { HostResponseSchema, parseHostRequest } from "../../../../../src/bgp/speaker/host/protocol.js";
import type { PeerRow } from "../../../../../src/bgp/status/types.js";

const instance = {
  name: "kind-worker",
  config: "/run/fabric/lab/kind-worker/speaker.json",
  netns: "/run/netns/kind-worker",
  control: "/run/fabric/lab/kind-worker/bgp.sock",
  log: "/run/fabric/lab/kind-worker/logs/speaker.log",
};

describe("speaker host requests", () => {
  it("accepts every op with its fields", () => {
    expect(parseHostRequest(JSON.stringify({ op: "add", instance }))).toEqual({
      ok: true,
      request: { op: "add", instance },
    });
    for (const op of ["remove", "stop", "start", "reload", "pause", "resume"])
      expect(parseHostRequest(JSON.stringify({ op, name: "kind-worker" }))).toMatchObject({ ok: true });
    expect(parseHostRequest('{"op":"status"}')).toEqual({ ok: true, request: { op: "status" } });
  });

  it("refuses what is not JSON, an unknown op, a relative path and a bad name, saying where", () => {
    expect(parseHostRequest("{op")).toEqual({ ok: false, error: "not JSON" });
    expect(parseHostRequest('{"op":"explode"}')).toMatchObject({ ok: false });
    const relative = parseHostRequest(
      JSON.stringify({ op: "add", instance: { ...instance, netns: "netns/x" } }),
    );
    expect(relative).toEqual({ ok: false, error: "bad request at instance.netns: an absolute path" });
    const name = parseHostRequest(JSON.stringify({ op: "stop", name: "../etc" }));
    expect(name).toEqual({ ok: false, error: "bad request at name: an instance name" });
    expect(
      parseHostRequest(JSON.stringify({ op: "add", instance: { ...instance, log: undefined } })),
    ).toMatchObject({
      ok: false,
    });
  });
});

// The host's answers keep every field of a peer row through validation: `fabric bgp peers` of a
// hosted node reads its rows from the `peers` op, and the schema once stripped `reason`.
describe("the speaker host's peers answer", () => {
  it("keeps every field of a PeerRow, the reason a session is down included", () => {
    const row: Required<PeerRow> = {
      node: "kind-worker",
      localAsn: 65010,
      peerAsn: 65010,
      peerAddress: "10.0.0.1",
      peerName: "tor0",
      state: "active",
      uptimeMs: 0,
      family: "ipv4/unicast",
      received: 0,
      advertised: 0,
      reason: "the passwords differ",
    };
    const answer = { ok: true, instances: [{ name: "kind-worker", state: "running", peers: [row] }] };
    const parsed = v.parse(HostResponseSchema, answer);
    expect("instances" in parsed && parsed.instances?.[0]?.peers[0]).toEqual(row);
  });
});
