// `fabric graph LAB --serve`: a local HTTP server (node:http) for the topology page. GET only:
// `/` and its scripts, `/api/graph` (one snapshot as JSON), `/events` (server-sent events: a
// `graph` event whenever the snapshot changes). The lab is polled about once a second, and only
// while a page is connected or the API was just asked: an idle server costs the lab nothing.
import { readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { FabricError } from "../../errors.js";
import type { LabState } from "../../state/state-store.js";
import { pageFiles } from "./assets.js";
import { collectGraph, type StatusSource } from "./collect.js";
import type { PeerMemory } from "./sessions.js";
import type { GraphSnapshot } from "./types.js";

export interface GraphServerOptions {
  /** Reads the lab record afresh each poll (faults and frozen nodes live there). */
  readonly readLab: () => LabState | undefined;
  readonly labName: string;
  readonly source: StatusSource;
  readonly host: string;
  readonly port: number;
  readonly pollMs?: number;
}

export interface GraphServer {
  readonly url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
};

/** A snapshot without its timestamp: two polls that saw the same lab compare equal. */
function essence(s: GraphSnapshot): string {
  return JSON.stringify({ ...s, at: undefined });
}

export async function startGraphServer(options: GraphServerOptions): Promise<GraphServer> {
  const pollMs = options.pollMs ?? 1_000;
  const files = pageFiles();
  const memory: PeerMemory = new Map();
  const clients = new Set<ServerResponse>();
  let latest: { snapshot: GraphSnapshot; taken: number } | undefined;
  let inFlight: Promise<GraphSnapshot> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastSent = "";

  /** At most one poll at a time; callers arriving meanwhile share it. */
  const poll = (): Promise<GraphSnapshot> => {
    inFlight ??= (async () => {
      const lab = options.readLab();
      if (!lab) throw new FabricError("lab-not-found", `lab ${options.labName} is no longer deployed`);
      const snapshot = await collectGraph(lab, options.source, memory);
      latest = { snapshot, taken: Date.now() };
      return snapshot;
    })().finally(() => (inFlight = undefined));
    return inFlight;
  };
  const fresh = () =>
    latest && Date.now() - latest.taken < pollMs ? Promise.resolve(latest.snapshot) : poll();

  const broadcast = (event: string, data: string) => {
    for (const c of clients) c.write(`event: ${event}\ndata: ${data}\n\n`);
  };
  const tick = async () => {
    timer = undefined;
    if (clients.size === 0) return;
    try {
      const snapshot = await poll();
      const now = essence(snapshot);
      if (now !== lastSent) {
        lastSent = now;
        broadcast("graph", JSON.stringify(snapshot));
      }
    } catch (err) {
      broadcast("problem", JSON.stringify({ message: (err as Error).message }));
    }
    if (clients.size > 0) timer = setTimeout(() => void tick(), pollMs);
  };

  const events = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    res.write(": fabric graph\n\n");
    clients.add(res);
    // A newcomer gets the current picture at once, not at the next change.
    lastSent = "";
    req.on("close", () => clients.delete(res));
    if (timer === undefined) void tick();
    else if (latest) res.write(`event: graph\ndata: ${JSON.stringify(latest.snapshot)}\n\n`);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (path === "/events") return events(req, res);
    if (path === "/api/graph") {
      try {
        const body = JSON.stringify(await fresh());
        res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(body);
      } catch (err) {
        const code = err instanceof FabricError ? err.code : "internal";
        res
          .writeHead(err instanceof FabricError ? 404 : 500, { "content-type": "application/json" })
          .end(JSON.stringify({ error: { code, message: (err as Error).message } }));
      }
      return;
    }
    const file = files.get(path);
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    const type = CONTENT_TYPES[file.slice(file.lastIndexOf(".") + 1)] ?? "application/octet-stream";
    res.writeHead(200, { "content-type": type }).end(await readFile(file));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500).end((err as Error).message);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        new FabricError(
          "graph-listen-failed",
          `cannot listen on ${options.host}:${options.port}: ${err.message}`,
          {
            suggestion: err.code === "EADDRINUSE" ? "choose another --port (0: any free port)" : undefined,
            cause: err,
          },
        ),
      ),
    );
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        if (timer) clearTimeout(timer);
        for (const c of clients) c.end();
        clients.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
