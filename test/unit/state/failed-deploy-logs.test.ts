import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FabricError } from "../../../src/errors.js";
import {
  FAILED_DEPLOY_DIR,
  keepFailedDeployLogs,
  pointAtKeptLogs,
} from "../../../src/state/failed-deploy-logs.js";

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(relative: string, text = relative): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe("keeping a failed deploy's logs", () => {
  it("copies every log of the lab, with its path, and nothing else", () => {
    root = mkdtempSync(path.join(tmpdir(), "fabric-kept-"));
    write("lab1/logs/speaker-host.log", "host died");
    write("lab1/tor0/holder.log");
    write("lab1/tor0/logs/bgpd-1.log");
    write("lab1/tor0/speaker.json");
    write("lab1/tor0/fs/a/b/deep.log"); // below the depth a node's own files start
    write("lab2/logs/other.log");
    const kept = keepFailedDeployLogs(root, "lab1");
    expect(kept?.dir).toBe(path.join(root, FAILED_DEPLOY_DIR, "lab1"));
    expect(kept?.files).toEqual(["logs/speaker-host.log", "tor0/holder.log", "tor0/logs/bgpd-1.log"]);
    expect(readFileSync(path.join(root, FAILED_DEPLOY_DIR, "lab1/logs/speaker-host.log"), "utf8")).toBe(
      "host died",
    );
    expect(existsSync(path.join(root, FAILED_DEPLOY_DIR, "lab1/tor0/speaker.json"))).toBe(false);
  });

  it("keeps only the last failure's, and nothing when there is no log", () => {
    root = mkdtempSync(path.join(tmpdir(), "fabric-kept-"));
    write("lab1/logs/a.log");
    write("lab2/logs/b.log");
    keepFailedDeployLogs(root, "lab1");
    keepFailedDeployLogs(root, "lab2");
    expect(existsSync(path.join(root, FAILED_DEPLOY_DIR, "lab1"))).toBe(false);
    expect(existsSync(path.join(root, FAILED_DEPLOY_DIR, "lab2/logs/b.log"))).toBe(true);
    write("lab3/tor0/speaker.json");
    expect(keepFailedDeployLogs(root, "lab3")).toBeUndefined();
    expect(keepFailedDeployLogs(root, "absent")).toBeUndefined();
  });

  it("points the error's paths to kept logs at their copies, and leaves other paths alone", () => {
    root = mkdtempSync(path.join(tmpdir(), "fabric-kept-"));
    const kept = {
      dir: "/run/fabric/.last-failed-deploy/lab1",
      files: ["logs/speaker-host.log", "tor0/holder.log"],
    };
    const err = new FabricError(
      "speaker-unreachable",
      "the host exited; see /run/fabric/lab1/logs/speaker-host.log",
      {
        suggestion: "see /run/fabric/lab1/tor0/holder.log and /run/fabric/lab1/tor0/speaker.json",
      },
    );
    const moved = pointAtKeptLogs(err, "/run/fabric/lab1", kept) as FabricError;
    expect(moved).toBeInstanceOf(FabricError);
    expect(moved.code).toBe("speaker-unreachable");
    expect(moved.message).toBe(
      "the host exited; see /run/fabric/.last-failed-deploy/lab1/logs/speaker-host.log",
    );
    expect(moved.suggestion).toBe(
      "see /run/fabric/.last-failed-deploy/lab1/tor0/holder.log and /run/fabric/lab1/tor0/speaker.json",
    );
    const plain = new Error("see /run/fabric/lab1/logs/speaker-host.log");
    expect(pointAtKeptLogs(plain, "/run/fabric/lab1", kept)).toBe(plain);
  });
});
