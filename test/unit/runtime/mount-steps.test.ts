import { describe, expect, it } from "vitest";
import { mountSteps } from "../../../src/runtime/netns/runtime.js";

describe("mountSteps", () => {
  it("stages user binds first, then mounts private dirs, then the staged binds onto their targets", () => {
    const steps = mountSteps(
      [{ source: "/run/fabric/l/n/dirs/tmp", target: "/tmp", readOnly: false }],
      [
        {
          bind: { source: "/tmp/config.yaml", target: "/etc/app/config.yaml", readOnly: true },
          stage: "/run/fabric/l/n/binds/0",
          directory: false,
        },
        {
          bind: { source: "/srv/data", target: "/data", readOnly: false },
          stage: "/run/fabric/l/n/binds/1",
          directory: true,
        },
      ],
    );
    expect(steps).toEqual([
      // Pinned while the node still sees the host's /tmp, which the private /tmp then hides.
      { kind: "bind", source: "/tmp/config.yaml", target: "/run/fabric/l/n/binds/0", readOnly: false },
      { kind: "bind", source: "/srv/data", target: "/run/fabric/l/n/binds/1", readOnly: false },
      { kind: "dir", target: "/tmp" },
      { kind: "bind", source: "/run/fabric/l/n/dirs/tmp", target: "/tmp", readOnly: false },
      { kind: "file", target: "/etc/app/config.yaml" },
      { kind: "bind", source: "/run/fabric/l/n/binds/0", target: "/etc/app/config.yaml", readOnly: true },
      { kind: "dir", target: "/data" },
      { kind: "bind", source: "/run/fabric/l/n/binds/1", target: "/data", readOnly: false },
    ]);
  });
});
