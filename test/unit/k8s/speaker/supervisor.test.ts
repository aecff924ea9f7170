import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  BACKOFF,
  consecutiveCrashes,
  restartDelayMs,
} from "../../../../src/k8s/speaker/supervisor/backoff.js";
import {
  describeExit,
  readSupervisorStatus,
  supervisorFile,
  writeSupervisorStatus,
  type SupervisorStatus,
} from "../../../../src/k8s/speaker/supervisor/status.js";

describe("the supervisor's backoff", () => {
  it("doubles per consecutive crash from half a second, capped at 30 s", () => {
    expect([1, 2, 3, 4, 5].map(restartDelayMs)).toEqual([500, 1000, 2000, 4000, 8000]);
    expect(restartDelayMs(7)).toBe(30_000);
    expect(restartDelayMs(1000)).toBe(BACKOFF.maxMs);
    expect(restartDelayMs(0)).toBe(BACKOFF.firstMs);
  });

  it("forgives a crash after a healthy run, and counts quick crashes as a loop", () => {
    expect(consecutiveCrashes(4, BACKOFF.healthyRunMs)).toBe(1);
    expect(consecutiveCrashes(4, 1_000)).toBe(5);
    expect(consecutiveCrashes(0, 10)).toBe(1);
  });
});

describe("supervisor.json", () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("round-trips and refuses what is not a status", () => {
    dir = mkdtempSync(path.join(tmpdir(), "sv-"));
    const status: SupervisorStatus = {
      supervisor: { pid: 10, startTime: 5 },
      phase: "restarting",
      restarts: 2,
      lastExit: { code: null, signal: "SIGKILL", at: "2026-01-01T00:00:00.000Z", ranMs: 1200 },
    };
    writeSupervisorStatus(dir, status);
    expect(readSupervisorStatus(dir)).toEqual(status);
    writeFileSync(supervisorFile(dir), JSON.stringify({ ...status, phase: "sleeping" }));
    expect(readSupervisorStatus(dir)).toBeUndefined();
    writeFileSync(supervisorFile(dir), "{");
    expect(readSupervisorStatus(dir)).toBeUndefined();
    expect(readSupervisorStatus(path.join(dir, "none"))).toBeUndefined();
  });

  it("says how the host ended", () => {
    expect(describeExit({ code: null, signal: "SIGKILL" })).toBe("killed by SIGKILL");
    expect(describeExit({ code: 3, signal: null })).toBe("exit code 3");
  });
});
