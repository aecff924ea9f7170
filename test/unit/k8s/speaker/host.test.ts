// The lab side of the speaker host, against a fake host: the host is recorded before it starts
// and each instance before it is added; stop/start move one instance; a dead host is started
// again with every instance that ran; destroy removes the instances, then stops the host.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SpeakerConfig } from "../../../../src/bgp/config/speaker-config.js";
import type { HostRequest, HostResponse } from "../../../../src/bgp/speaker/host/protocol.js";
import { FabricError } from "../../../../src/errors.js";
import type { ProcessRef } from "../../../../src/host/proc.js";
import {
  SPEAKER_HOST_ID,
  pauseHostedInstance,
  resumeHostedInstance,
  startHostedInstances,
  startHostedSpeakers,
  stopHostedInstance,
  speakerRemoval,
} from "../../../../src/k8s/speaker/host.js";
import type { SpeakerHostControl, SpeakerHostFiles } from "../../../../src/k8s/speaker/host-process.js";
import { silentProgress } from "../../../../src/state/progress.js";
import { asLabResource, removeResource } from "../../../../src/state/resources.js";
import { LabRecord, StateStore } from "../../../../src/state/state-store.js";
import type { NodeRecord } from "../../../../src/runtime/types.js";

class FakeHost implements SpeakerHostControl {
  readonly log: string[] = [];
  readonly files = new Map<string, string>();
  readonly running = new Set<string>();
  alive = false;
  private pid = 100;
  constructor(private readonly record: () => LabRecord) {}

  async launch(files: SpeakerHostFiles): Promise<ProcessRef> {
    // Recorded before it starts: a deploy killed now still knows there may be a host to stop.
    const recorded = this.record().state.resources.some((r) => r.id === SPEAKER_HOST_ID);
    this.log.push(`launch ${files.dir} recorded=${recorded}`);
    this.alive = true;
    this.running.clear();
    return { pid: ++this.pid, startTime: 1 };
  }
  async isRunning(): Promise<boolean> {
    return this.alive;
  }
  async stop(ref: ProcessRef): Promise<void> {
    this.log.push(`stop host ${ref.pid}`);
    this.alive = false;
  }
  async ask(_socket: string, request: HostRequest): Promise<HostResponse> {
    if (!this.alive) throw new FabricError("speaker-host-unreachable", "no host");
    switch (request.op) {
      case "add": {
        const recorded = this.record().state.resources.some(
          (r) => r.id === `speaker:${request.instance.name}`,
        );
        this.log.push(`add ${request.instance.name} ${request.instance.netns} recorded=${recorded}`);
        this.running.add(request.instance.name);
        return { ok: true };
      }
      case "stop":
      case "remove":
        this.log.push(`${request.op} ${request.name}`);
        this.running.delete(request.name);
        return { ok: true };
      case "status":
        return {
          ok: true,
          status: {
            pid: this.pid,
            uptimeMs: 1,
            rssBytes: 1,
            heapUsedBytes: 1,
            loopDelayMs: { p50: 0, p99: 0, max: 0, samples: 0 },
            instances: [...this.running].map((name) => ({
              name,
              state: "running" as const,
              netns: "",
              control: "",
              peers: 1,
              established: 1,
            })),
          },
        };
      case "peers":
        return {
          ok: true,
          instances: [...this.running].map((name) => ({ name, state: "running", peers: [] })),
        };
      case "pause":
      case "resume": {
        this.log.push(`${request.op} ${request.name}`);
        if (!this.running.has(request.name)) return { ok: true };
        const state = request.op === "pause" ? ("paused" as const) : ("running" as const);
        return {
          ok: true,
          instance: { name: request.name, state, netns: "", control: "", peers: 1, established: 1 },
        };
      }
      case "start":
      case "reload":
        return { ok: false, code: "bad-request", error: request.op };
    }
  }
  writeConfig(file: string, text: string): void {
    this.files.set(file, text);
  }
}

const node = (name: string): NodeRecord =>
  ({ name, netnsName: name, stateDir: `/fake/lab/${name}` }) as unknown as NodeRecord;
const config = (name: string): SpeakerConfig => ({ node: name, instances: [] });

describe("a lab's speakers on one speaker host", () => {
  let root: string;
  let record: LabRecord;
  let host: FakeHost;
  const names = ["n1", "n2", "n3"];

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), "fabric-speaker-host-"));
    record = LabRecord.begin(new StateStore(root), { lab: "lab", source: "x", runtime: "fake" });
    host = new FakeHost(() => record);
    await startHostedSpeakers(
      { record, progress: silentProgress, host, netnsOf: (n) => `/run/netns/${n.name}` },
      new Map(names.map((n) => [n, node(n)])),
      new Map(names.map((n) => [n, config(n)])),
    );
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("records the host before launching it and every instance before adding it", () => {
    expect(host.log).toEqual([
      `launch ${join(root, "lab")} recorded=true`,
      "add n1 /run/netns/n1 recorded=true",
      "add n2 /run/netns/n2 recorded=true",
      "add n3 /run/netns/n3 recorded=true",
    ]);
    expect(record.state.resources.map((r) => [r.id, r.type])).toEqual([
      ["speaker-host", "speaker-host"],
      ["speaker:n1", "speaker-instance"],
      ["speaker:n2", "speaker-instance"],
      ["speaker:n3", "speaker-instance"],
    ]);
    expect(JSON.parse(host.files.get("/fake/lab/n2/speaker.json") ?? "{}")).toMatchObject({
      speaker: { node: "n2" },
    });
  });

  it("stops and starts one instance, and says when there was nothing to do", async () => {
    expect(await stopHostedInstance(record, "n2", host)).toBe(true);
    expect(await stopHostedInstance(record, "n2", host)).toBe(false);
    expect([...host.running].sort()).toEqual(["n1", "n3"]);
    expect(await startHostedInstances(record, host, "n2")).toEqual(["n2"]);
    expect(await startHostedInstances(record, host, "n2")).toEqual([]);
  });

  it("pauses and resumes one instance for node stop/start; nothing to pause when it is stopped or the host is dead", async () => {
    expect(await pauseHostedInstance(record, "n2", host)).toBe(true);
    expect(await resumeHostedInstance(record, "n2", host)).toBe(true);
    expect(host.log.slice(-2)).toEqual(["pause n2", "resume n2"]);
    // The record still says running: a paused instance is not one `fabric bgp stop` stopped.
    await stopHostedInstance(record, "n3", host);
    expect(await pauseHostedInstance(record, "n3", host)).toBe(false);
    host.alive = false;
    expect(await pauseHostedInstance(record, "n1", host)).toBe(false);
    expect(host.log.at(-1)).toBe("stop n3");
  });

  it("starts a dead host again with every instance that ran, leaving one stopped on purpose stopped", async () => {
    await stopHostedInstance(record, "n3", host);
    host.alive = false;
    expect(await startHostedInstances(record, host, "n1")).toEqual(["n1", "n2"]);
    expect([...host.running].sort()).toEqual(["n1", "n2"]);
    expect(await startHostedInstances(record, host)).toEqual(["n3"]);
  });

  it("is removed instances first, then the host; a dead host's instances need nothing", async () => {
    const deps = { speakers: speakerRemoval(host) } as unknown as Parameters<typeof removeResource>[1];
    for (const entry of [...record.state.resources].reverse()) {
      const resource = asLabResource(entry);
      if (resource) await removeResource(resource, deps);
    }
    expect(host.log.slice(-4)).toEqual(["remove n3", "remove n2", "remove n1", "stop host 101"]);
    const instance = asLabResource(record.state.resources[1]!);
    if (instance) await removeResource(instance, deps); // the host is gone: nothing to do, no error
  });
});
