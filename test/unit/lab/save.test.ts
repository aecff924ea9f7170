import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { saveLab, type ConfigSource } from "../../../src/lab/save.js";
import type { LabState } from "../../../src/state/state-store.js";
import { referenceLab } from "../../support/graph-fixtures.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "fabric-save-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The reference lab with its speakers recorded as speaker-host instances, as deploy records them. */
function labWithSpeakers(meta: Record<string, unknown> = {}): LabState {
  const lab = referenceLab(meta);
  const instances = ["kind-control-plane", "kind-worker", "kind-worker2", "kind-worker3"].map((node) => ({
    type: "speaker-instance",
    id: `speaker:${node}`,
    record: {
      node: { name: node },
      spec: {
        name: node,
        config: `/run/fabric/ref/${node}/speaker.json`,
        netns: "/x",
        control: "/y",
        log: "/z",
      },
      hostSocket: "/run/fabric/ref/host.sock",
      running: true,
    },
  }));
  return { ...lab, resources: [...lab.resources, ...instances] };
}

class FakeConfigs implements ConfigSource {
  readonly asked: string[] = [];
  runningConfig = (_lab: LabState, node: string) => {
    this.asked.push(node);
    return node === "tor1"
      ? Promise.reject(new Error("vtysh exited 1: bgpd is not running"))
      : Promise.resolve(`hostname ${node}\nrouter bgp 65000\n`);
  };
  speakerConfig = (path: string) => {
    this.asked.push(path);
    return Promise.resolve(`{"version":1,"from":"${path}"}\n`);
  };
}

describe("fabric save", () => {
  it("writes each router's running config and each speaker's config, one directory per node", async () => {
    const configs = new FakeConfigs();
    const result = await saveLab(labWithSpeakers(), dir, configs);
    expect(result.files.map((f) => [f.node, f.what, f.path.slice(dir.length)])).toEqual([
      ["router0", "frr", "/router0/frr.conf"],
      ["tor0", "frr", "/tor0/frr.conf"],
      ["kind-control-plane", "speaker", "/kind-control-plane/speaker.json"],
      ["kind-worker", "speaker", "/kind-worker/speaker.json"],
      ["kind-worker2", "speaker", "/kind-worker2/speaker.json"],
      ["kind-worker3", "speaker", "/kind-worker3/speaker.json"],
    ]);
    expect(readFileSync(join(dir, "tor0", "frr.conf"), "utf8")).toBe("hostname tor0\nrouter bgp 65000\n");
    expect(readFileSync(join(dir, "kind-worker2", "speaker.json"), "utf8")).toBe(
      '{"version":1,"from":"/run/fabric/ref/kind-worker2/speaker.json"}\n',
    );
    // A router that cannot answer is named; the rest are saved all the same.
    expect(result.problems).toEqual([{ node: "tor1", message: "vtysh exited 1: bgpd is not running" }]);
  });

  it("does not ask a frozen router, and names a node without a speaker", async () => {
    const configs = new FakeConfigs();
    const frozen = { key: "node:router0", fault: "node stop router0", detail: "x", since: "y" };
    const result = await saveLab(referenceLab({ faults: [frozen] }), dir, configs);
    expect(configs.asked).toEqual(["tor0", "tor1"]);
    expect(result.problems.map((p) => [p.node, p.message])).toEqual([
      ["router0", "frozen (fabric node start it first)"],
      ["tor1", "vtysh exited 1: bgpd is not running"],
      ["kind-control-plane", "no speaker was started (deployed with --no-speakers?)"],
      ["kind-worker", "no speaker was started (deployed with --no-speakers?)"],
      ["kind-worker2", "no speaker was started (deployed with --no-speakers?)"],
      ["kind-worker3", "no speaker was started (deployed with --no-speakers?)"],
    ]);
  });
});
