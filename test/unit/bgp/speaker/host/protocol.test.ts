// The speaker host's requests are checked at the boundary: known ops with well-formed fields pass,
// anything else is refused with where and why.
import { describe, expect, it } from "vitest";
import { parseHostRequest } from "../../../../../src/bgp/speaker/host/protocol.js";

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
