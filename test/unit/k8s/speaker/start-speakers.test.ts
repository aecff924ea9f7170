// The speakers' start in deploy: the speaker host process starts while the routers' neighbors are
// still Idle, and the instances (which dial) are added only once those neighbors have left Idle.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SpeakerConfig } from "../../../../src/bgp/config/speaker-config.js";
import type { HostRequest, HostResponse } from "../../../../src/bgp/speaker/host/protocol.js";
import { FabricError } from "../../../../src/errors.js";
import type { ProcessRef } from "../../../../src/host/proc.js";
import type { SpeakerHostControl } from "../../../../src/k8s/speaker/host-process.js";
import { startLabSpeakers } from "../../../../src/k8s/speaker/start-speakers.js";
import type { Lab } from "../../../../src/model/model.js";
import type { ExecResult, NodeRecord } from "../../../../src/runtime/types.js";
import { silentProgress } from "../../../../src/state/progress.js";
import { LabRecord, StateStore } from "../../../../src/state/state-store.js";
import { FakeRuntime } from "../../../support/fake-runtime.js";

class OrderedHost implements SpeakerHostControl {
  launched = false;
  constructor(
    private readonly log: string[],
    private readonly launch_: () => Promise<void> = async () => undefined,
  ) {}
  async launch(): Promise<ProcessRef> {
    this.log.push("launch");
    await this.launch_();
    this.launched = true;
    return { pid: 7, startTime: 1 };
  }
  async isRunning(): Promise<boolean> {
    return this.launched;
  }
  async stop(): Promise<void> {}
  async ask(_socket: string, request: HostRequest): Promise<HostResponse> {
    if (request.op !== "add") throw new FabricError("speaker-failed", request.op);
    this.log.push(`add ${request.instance.name}`);
    return { ok: true };
  }
  writeConfig(): void {}
}

const neighbors = (states: Record<string, string>): ExecResult => ({
  exitCode: 0,
  stdout: JSON.stringify(Object.fromEntries(Object.entries(states).map(([n, s]) => [n, { bgpState: s }]))),
  stderr: "",
});

const lab = {
  name: "lab",
  topology: { nodes: [{ name: "tor0", kind: "frr", exec: [], networkMode: { type: "default" } }] },
} as unknown as Lab;

const k8sNode = (name: string): NodeRecord =>
  ({ name, netnsName: name, stateDir: `/fake/lab/${name}` }) as unknown as NodeRecord;

describe("starting a lab's speakers on one speaker host", () => {
  let root: string;
  let record: LabRecord;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "fabric-start-speakers-"));
    record = LabRecord.begin(new StateStore(root), { lab: "lab", source: "x", runtime: "fake" });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function start(host: OrderedHost, runtime: FakeRuntime) {
    const tor0 = await runtime.create({
      lab: "lab",
      name: "tor0",
      env: {},
      binds: [],
      privateDirs: [],
      labels: {},
    });
    await startLabSpeakers(
      {
        lab,
        runtime,
        record,
        progress: silentProgress,
        enabled: true,
        speakerMode: "host",
        speakerHost: host,
      },
      new Map([["tor0", tor0]]),
      new Map([["n1", k8sNode("n1")]]),
      new Map<string, SpeakerConfig>([["n1", { node: "n1", instances: [] }]]),
    );
  }

  it("launches the host while the ToR's server neighbor is Idle, and adds instances after", async () => {
    const log: string[] = [];
    const host = new OrderedHost(log);
    // The ToR's neighbor leaves Idle only once the host has been launched: a deploy that waited
    // for the routers before launching would wait out FRR_READY_TIMEOUT_MS (10 s) here.
    const runtime = new FakeRuntime(() => {
      const state = host.launched ? "Active" : "Idle";
      log.push(`look ${state}`);
      return neighbors({ "10.0.1.2": state });
    });
    await start(host, runtime);
    expect(log.find((l) => l.startsWith("look"))).toBe("look Idle");
    const lastLook = log.lastIndexOf("look Active");
    expect(log.indexOf("launch")).toBeLessThan(lastLook);
    expect(log.slice(lastLook + 1)).toEqual(["add n1"]);
    expect(record.state.resources.map((r) => r.id)).toEqual(["speaker-host", "speaker:n1"]);
  }, 3000);

  it("adds no instance before the routers are ready, however fast the host starts", async () => {
    const log: string[] = [];
    const host = new OrderedHost(log);
    let looks = 0;
    const runtime = new FakeRuntime(() => {
      looks++;
      const state = looks < 3 ? "Idle" : "Active";
      log.push(`look ${state}`);
      return neighbors({ "10.0.1.2": state });
    });
    await start(host, runtime);
    expect(log.indexOf("add n1")).toBeGreaterThan(log.indexOf("look Active"));
  }, 3000);

  it("waits for the routers before throwing a host that failed to start", async () => {
    const log: string[] = [];
    const host = new OrderedHost(log, async () => {
      throw new FabricError("speaker-host-failed", "exited (1) before answering");
    });
    let looks = 0;
    const runtime = new FakeRuntime(() => {
      looks++;
      log.push(`look ${looks}`);
      return neighbors({ "10.0.1.2": looks < 2 ? "Idle" : "Active" });
    });
    await expect(start(host, runtime)).rejects.toThrow(/exited \(1\)/);
    // The wait had finished (no exec into nodes a rollback is removing) and nothing was added.
    expect(log.filter((l) => l !== "launch")).toEqual(["look 1", "look 2"]);
    expect(log).toContain("launch");
  }, 3000);
});
