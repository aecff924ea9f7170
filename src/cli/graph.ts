// fabric graph LAB: the lab as a picture. A lab path draws the files without running anything
// (Mermaid and DOT of its cables; JSON, SVG and a self-contained HTML page with every BGP session
// as configured); a deployed lab's name draws it as it runs (ASNs, sessions and their states),
// in the same formats, or live with --serve.
import { existsSync } from "node:fs";
import { ExitCode, FabricError, ValidationError } from "../errors.js";
import { selfContainedPage } from "../lab/topology-view/assets.js";
import { collectGraph, liveStatus } from "../lab/topology-view/collect.js";
import { fileSnapshot } from "../lab/topology-view/from-files.js";
import { startGraphServer } from "../lab/topology-view/server.js";
import type { GraphSnapshot } from "../lab/topology-view/types.js";
import { loadLab } from "../model/lab-file/load-lab.js";
import { selectLab } from "../state/deployed.js";
import { StateStore } from "../state/state-store.js";
import { printJson } from "./output.js";
import { openRuntime } from "./runtime-choice.js";
import { layoutLab } from "./views/graph/layout.js";
import { snapshotLayout } from "./views/graph/live-layout.js";
import { renderGraph, type GraphFormat } from "./views/graph/render.js";

/** The drawing languages, plus JSON (/api/graph's contract) and the page. */
export type GraphOutput = GraphFormat | "json" | "html";

export interface GraphFlags {
  readonly format: GraphOutput;
  readonly serve?: boolean;
  readonly port: string;
  readonly host: string;
}

export async function graph(target: string | undefined, flags: GraphFlags): Promise<void> {
  if (flags.serve) return serve(target, flags);
  // A path on disk is a lab's files; anything else names a deployed lab.
  if (target !== undefined && existsSync(target)) {
    const result = loadLab(target);
    if (!result.lab) throw new ValidationError(result.diagnostics);
    // Mermaid and DOT keep their file view (cables and groups); the others draw the snapshot a
    // deployed lab would give, with each session as configured.
    if (flags.format === "mermaid" || flags.format === "dot") {
      process.stdout.write(renderGraph(layoutLab(result.lab), flags.format));
      return;
    }
    return writeSnapshot(fileSnapshot(result.lab), flags.format);
  }
  return writeSnapshot(await liveSnapshot(target), flags.format);
}

async function writeSnapshot(snapshot: GraphSnapshot, format: GraphOutput): Promise<void> {
  if (format === "json") printJson(snapshot);
  else if (format === "html") process.stdout.write(await selfContainedPage(JSON.stringify(snapshot)));
  else process.stdout.write(renderGraph(snapshotLayout(snapshot), format));
}

async function liveSnapshot(name: string | undefined): Promise<GraphSnapshot> {
  const lab = selectLab(new StateStore(), name);
  return collectGraph(lab, liveStatus(await openRuntime(lab.runtime)), new Map());
}

async function serve(name: string | undefined, flags: GraphFlags): Promise<void> {
  const store = new StateStore();
  const lab = selectLab(store, name);
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new FabricError("invalid-input", `--port takes a port number (0–65535), not ${flags.port}`, {
      exitCode: ExitCode.usage,
    });
  }
  const server = await startGraphServer({
    labName: lab.lab,
    readLab: () => store.read(lab.lab),
    source: liveStatus(await openRuntime(lab.runtime)),
    host: flags.host,
    port,
  });
  process.stdout.write(`fabric graph: lab ${lab.lab} at ${server.url} (read-only; Ctrl-C to stop)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      void server.close().then(resolve);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
