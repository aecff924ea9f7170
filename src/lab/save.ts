// fabric save: capture a running lab's configuration as it is now, as containerlab's `save` does,
// so a lab changed by hand (vtysh, `fabric exec … configure`) can be kept: each FRR router's
// `show running-config` and each Kubernetes node's speaker config, one directory per node.
// Read-only towards the lab: it asks, it never changes anything.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { speakerView } from "../k8s/speaker/view.js";
import type { Runtime } from "../runtime/types.js";
import { recordOf } from "../state/deployed.js";
import { isFrozen } from "../state/frozen.js";
import { labInfo } from "../state/lab-info.js";
import type { LabState } from "../state/state-store.js";

export interface SavedFile {
  readonly node: string;
  readonly what: "frr" | "speaker";
  readonly path: string;
  readonly bytes: number;
}

export interface SaveResult {
  readonly lab: string;
  readonly dir: string;
  readonly files: readonly SavedFile[];
  /** Nodes whose config could not be read (frozen, bgpd not running…): nothing was written for them. */
  readonly problems: readonly { readonly node: string; readonly message: string }[];
}

/** How the configs are read; the tests give fakes. */
export interface ConfigSource {
  runningConfig(lab: LabState, node: string): Promise<string>;
  speakerConfig(path: string): Promise<string>;
}

export function liveConfigs(runtime: Runtime): ConfigSource {
  return {
    async runningConfig(lab, node) {
      const record = recordOf(lab, node);
      if (!record) throw new Error("not in the lab record");
      const r = await runtime.exec(record, ["vtysh", "-c", "show running-config"], { timeoutMs: 10_000 });
      if (r.exitCode !== 0) throw new Error(`vtysh exited ${r.exitCode}: ${r.stderr.trim()}`);
      return r.stdout;
    },
    speakerConfig: (path) => readFile(path, "utf8"),
  };
}

export async function saveLab(lab: LabState, dir: string, source: ConfigSource): Promise<SaveResult> {
  const files: SavedFile[] = [];
  const problems: { node: string; message: string }[] = [];
  const write = async (node: string, what: SavedFile["what"], name: string, text: string) => {
    await mkdir(join(dir, node), { recursive: true });
    const path = join(dir, node, name);
    await writeFile(path, text);
    files.push({ node, what, path, bytes: Buffer.byteLength(text) });
  };
  const info = labInfo(lab);
  for (const node of info.nodes.filter((n) => n.role === "router").map((n) => n.name)) {
    // vtysh in a frozen node waits until it is started again: say so rather than hang.
    if (isFrozen(lab, node)) {
      problems.push({ node, message: "frozen (fabric node start it first)" });
      continue;
    }
    try {
      await write(node, "frr", "frr.conf", await source.runningConfig(lab, node));
    } catch (err) {
      problems.push({ node, message: (err as Error).message });
    }
  }
  for (const node of (info.cluster?.nodes ?? []).filter((n) => n.speaker).map((n) => n.name)) {
    const speaker = speakerView(lab, node);
    if (!speaker) {
      problems.push({ node, message: "no speaker was started (deployed with --no-speakers?)" });
      continue;
    }
    try {
      await write(node, "speaker", "speaker.json", await source.speakerConfig(speaker.configFile));
    } catch (err) {
      problems.push({ node, message: (err as Error).message });
    }
  }
  return { lab: lab.lab, dir, files, problems };
}
