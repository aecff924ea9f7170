import { describe, expect, it } from "vitest";
import { FabricError } from "../../../../src/errors.js";
import { checkImages } from "../../../../src/runtime/docker/images.js";
import type { NodeSpec } from "../../../../src/runtime/types.js";
import { FakeDockerApi } from "./fake-docker-api.js";

const node = (name: string, image?: string): NodeSpec => ({
  lab: "lab",
  name,
  env: {},
  binds: [],
  privateDirs: [],
  ...(image !== undefined && { image }),
});

function recorder() {
  const lines: string[] = [];
  return {
    lines,
    notes: { note: (m: string) => lines.push(m), node: (n: string, m: string) => lines.push(`${n}: ${m}`) },
  };
}

describe("image check before deploy", () => {
  it("uses images dockerd has without pulling, once per image", async () => {
    const api = new FakeDockerApi();
    api.images.set("frr", { entrypoint: [], cmd: ["bash"] });
    const found = await checkImages(api, [node("a", "frr"), node("b", "frr")], recorder().notes);
    expect([...found.keys()]).toEqual(["frr"]);
    expect(api.calls).toEqual(["inspectImage frr"]);
  });

  it("pulls a missing image and shows the daemon's progress on the first node using it", async () => {
    const api = new FakeDockerApi();
    api.pullable.set("alpine", { entrypoint: [], cmd: ["/bin/sh"] });
    const { lines, notes } = recorder();
    let clock = 0;
    await checkImages(api, [node("a", "alpine")], notes, () => (clock += 2_000));
    expect(api.calls).toContain("pull alpine");
    expect(lines).toEqual([
      "a: pulling alpine",
      "a: pulling alpine: Downloading 1 MB/2 MB",
      "a: pulling alpine: Download complete",
    ]);
  });

  it("names every node and image it cannot get, and only those, in one error", async () => {
    const api = new FakeDockerApi();
    api.images.set("frr", { entrypoint: [], cmd: ["bash"] });
    const err = await checkImages(
      api,
      [node("router0", "frr"), node("server0", "nope:1"), node("server1", "nope:1"), node("server2")],
      recorder().notes,
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FabricError);
    const message = (err as FabricError).message;
    expect((err as FabricError).code).toBe("image-unavailable");
    expect(message).toContain("nothing was created");
    expect(message).toContain(
      "node server0: image nope:1 is not present and could not be pulled: pull access denied",
    );
    expect(message).toContain("node server1: image nope:1");
    expect(message).toContain("node server2: no image");
    expect(message).not.toContain("router0");
  });
});
