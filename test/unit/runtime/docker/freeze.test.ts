// `fabric node stop|start` on the docker runtime: the container is paused and resumed whole
// (the cgroup freezer), twice is the same as once, and a frozen node is still removed cleanly.
import { describe, expect, it } from "vitest";
import type { ContainerCreateOptions } from "../../../../src/runtime/docker/api.js";
import { LABEL } from "../../../../src/runtime/docker/names.js";
import { DockerRuntime } from "../../../../src/runtime/docker/runtime.js";
import type { NodeRecord } from "../../../../src/runtime/types.js";
import { FakeDockerApi } from "./fake-docker-api.js";

const node = {
  runtime: "docker",
  lab: "lab",
  name: "tor1",
  hostname: "tor1",
  netnsName: "clab-lab-tor1",
  stateDir: "/tmp/fabric-unit-freeze-lab-tor1",
  env: {},
  mounts: [],
  container: { name: "clab-lab-tor1", image: "fabric-frr:bookworm", id: "id1" },
} satisfies NodeRecord;

async function running(): Promise<{ api: FakeDockerApi; runtime: DockerRuntime }> {
  const api = new FakeDockerApi();
  const options = {
    name: "clab-lab-tor1",
    Image: "fabric-frr:bookworm",
    Labels: { [LABEL.lab]: "lab", [LABEL.node]: "tor1" },
  } as ContainerCreateOptions;
  await api.startContainer(await api.createContainer(options));
  api.calls.length = 0;
  return { api, runtime: new DockerRuntime(api, { privileges: "capabilities" }) };
}

describe("docker node stop|start", () => {
  it("pauses once, resumes once, whatever the repeats", async () => {
    const { api, runtime } = await running();
    await runtime.setFrozen(node, true);
    await runtime.setFrozen(node, true);
    expect((await api.inspectContainer("clab-lab-tor1"))?.paused).toBe(true);
    await runtime.setFrozen(node, false);
    await runtime.setFrozen(node, false);
    expect(api.calls).toEqual(["pause clab-lab-tor1", "unpause clab-lab-tor1"]);
    expect((await api.inspectContainer("clab-lab-tor1"))?.paused).toBe(false);
  });

  it("says the node is not running when its container is gone", async () => {
    const { runtime } = await running();
    await runtime.remove(node);
    await expect(runtime.setFrozen(node, true)).rejects.toMatchObject({ code: "node-not-running" });
  });

  it("thaws a frozen container before removing it", async () => {
    const { api, runtime } = await running();
    await runtime.setFrozen(node, true);
    await runtime.remove(node);
    expect(api.calls).toEqual(["pause clab-lab-tor1", "unpause clab-lab-tor1", "remove id1"]);
    expect(await api.inspectContainer("clab-lab-tor1")).toBeUndefined();
  });
});
