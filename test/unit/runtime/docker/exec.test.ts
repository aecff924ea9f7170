// `exec` on the docker runtime ends as it does on netns: a paused container gives the frozen
// message at once, a command past its deadline (the API's, or the backstop's when dockerd never
// answers) a timeout naming the node and the command.
import { afterEach, describe, expect, it, vi } from "vitest";
import { FabricError } from "../../../../src/errors.js";
import { DockerApiError } from "../../../../src/runtime/docker/api.js";
import { DockerRuntime } from "../../../../src/runtime/docker/runtime.js";
import type { NodeRecord } from "../../../../src/runtime/types.js";
import { FakeDockerApi } from "./fake-docker-api.js";

const node = {
  runtime: "docker",
  lab: "lab",
  name: "tor1",
  hostname: "tor1",
  netnsName: "clab-lab-tor1",
  stateDir: "/run/fabric/lab/tor1",
  env: {},
  mounts: [],
  container: { name: "clab-lab-tor1", image: "fabric-frr:bookworm", id: "id1" },
} satisfies NodeRecord;
const SHOW = ["vtysh", "-c", "show bgp summary"];

function runtimeWith(handler: FakeDockerApi["execHandler"]) {
  const api = new FakeDockerApi();
  api.execHandler = handler;
  return { api, runtime: new DockerRuntime(api, { privileges: "capabilities" }) };
}

afterEach(() => vi.useRealTimers());

describe("docker exec deadlines", () => {
  it("gives the frozen message for a paused container, naming the node and how to resume it", async () => {
    const { runtime } = runtimeWith(async () => {
      throw new DockerApiError(409, "Container 3f2a is paused, unpause the container before exec");
    });
    const err = await runtime.exec(node, SHOW, { timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: "node-frozen",
      message: "node tor1 is frozen (its container clab-lab-tor1 is paused)",
      suggestion: "start it with fabric node start tor1 (or docker unpause clab-lab-tor1)",
    });
  });

  it("still says not running for a stopped or missing container", async () => {
    for (const status of [404, 409]) {
      const { runtime } = runtimeWith(async () => {
        throw new DockerApiError(status, "Container 3f2a is not running");
      });
      await expect(runtime.exec(node, SHOW)).rejects.toMatchObject({ code: "node-not-running" });
    }
  });

  it("passes the deadline to the API and says its timeout as netns does", async () => {
    const { api, runtime } = runtimeWith(async (_c, argv, o) => {
      throw new FabricError(
        "node-exec-timeout",
        `${argv.join(" ")} did not finish within ${o?.timeoutMs} ms`,
      );
    });
    const err = await runtime.exec(node, SHOW, { timeoutMs: 3_000 }).catch((e: unknown) => e);
    expect(api.calls).toContain("exec clab-lab-tor1 vtysh -c show bgp summary (3000 ms)");
    expect(err).toMatchObject({
      code: "node-exec-timeout",
      message: 'node tor1 did not finish `vtysh -c "show bgp summary"` within 3.0 s',
    });
    expect((err as FabricError).suggestion).toContain("fabric exec tor1 -- ps ax");
  });

  it("gives up on a dockerd that never answers, a few seconds past the deadline", async () => {
    vi.useFakeTimers();
    const { runtime } = runtimeWith(() => new Promise(() => undefined));
    const outcome = runtime.exec(node, SHOW, { timeoutMs: 2_000 }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(4_000);
    expect(await Promise.race([outcome, "pending"])).toBe("pending");
    await vi.advanceTimersByTimeAsync(1_001);
    expect(await outcome).toMatchObject({
      code: "node-exec-timeout",
      message: 'node tor1 did not finish `vtysh -c "show bgp summary"` within 2.0 s',
    });
  });

  it("returns what the command printed when it finishes in time", async () => {
    const { runtime } = runtimeWith(async () => ({ exitCode: 0, stdout: "ok\n", stderr: "" }));
    expect(await runtime.exec(node, SHOW, { timeoutMs: 1_000 })).toEqual({
      exitCode: 0,
      stdout: "ok\n",
      stderr: "",
    });
  });
});
