import { describe, expect, it } from "vitest";
import {
  decidePrivileges,
  isPrivilegeRefusal,
  parsePrivilegeRequest,
} from "../../../../src/runtime/docker/privileges.js";
import { DockerRuntime } from "../../../../src/runtime/docker/runtime.js";
import { silentProgress } from "../../../../src/state/progress.js";
import { FakeDockerApi, RUNC_CAPS_REFUSAL } from "./fake-docker-api.js";

function api(refusePrivileged: boolean): FakeDockerApi {
  const fake = new FakeDockerApi();
  fake.images.set("img", { entrypoint: [], cmd: ["bash"] });
  fake.refusePrivileged = refusePrivileged;
  return fake;
}

describe("privilege decision", () => {
  it("runs privileged, as containerlab does, when the daemon allows it; the probe is removed", async () => {
    const fake = api(false);
    const d = await decidePrivileges(fake, "auto", "img", "lab");
    expect(d.privileges).toBe("privileged");
    expect(fake.containers.size).toBe(0);
    expect(fake.calls.filter((c) => c.startsWith("start"))).toHaveLength(1);
  });

  it("falls back to the capability set when the daemon refuses privileged, and says why", async () => {
    const fake = api(true);
    const d = await decidePrivileges(fake, "auto", "img", "lab");
    expect(d.privileges).toBe("capabilities");
    expect(d.note).toContain("unable to apply caps");
    expect(d.note).toContain("NET_ADMIN, NET_RAW, SYS_ADMIN");
    expect(fake.containers.size).toBe(0);
  });

  it("fails, with the way out, when privileged is required and refused", async () => {
    await expect(decidePrivileges(api(true), "privileged", "img", "lab")).rejects.toMatchObject({
      code: "docker-privileged-refused",
      suggestion: expect.stringContaining("capabilities"),
    });
  });

  it("does not probe when capabilities are asked for", async () => {
    const fake = api(false);
    expect((await decidePrivileges(fake, "capabilities", "img", "lab")).privileges).toBe("capabilities");
    expect(fake.calls.some((c) => c.startsWith("create"))).toBe(false);
  });

  it("reports other start failures as they are instead of falling back", async () => {
    const fake = api(false);
    fake.startError = 'exec: "true": executable file not found in $PATH';
    await expect(decidePrivileges(fake, "auto", "img", "lab")).rejects.toThrow(/executable file not found/);
    expect(fake.containers.size).toBe(0);
  });

  it("recognises runc's refusal and nothing else", () => {
    expect(isPrivilegeRefusal(new Error(RUNC_CAPS_REFUSAL))).toBe(true);
    expect(isPrivilegeRefusal(new Error("No such image: x"))).toBe(false);
  });

  it("reads the operator's choice, refusing unknown values", () => {
    expect(parsePrivilegeRequest(undefined)).toBe("auto");
    expect(parsePrivilegeRequest("capabilities")).toBe("capabilities");
    expect(() => parsePrivilegeRequest("root")).toThrow(/FABRIC_DOCKER_PRIVILEGES=root/);
  });

  it("is decided once per deploy and said in its output", async () => {
    const fake = api(true);
    const runtime = new DockerRuntime(fake);
    const notes: string[] = [];
    const specs = ["a", "b"].map((name) => ({
      lab: "lab",
      name,
      env: {},
      binds: [],
      privateDirs: [],
      image: "img",
    }));
    await runtime.prepare(specs, { ...silentProgress, note: (m) => notes.push(m) });
    expect(notes).toEqual([expect.stringMatching(/^runtime docker: dockerd refuses privileged containers/)]);
    expect(fake.calls.filter((c) => c.startsWith("create"))).toHaveLength(1);
  });
});
