// The control socket: a Unix socket answering one JSON line per request with one JSON line.
// `fabric speaker show …` and the lab layer are its clients.

import { rmSync } from "node:fs";
import net from "node:net";
import type { ControlRequest, ControlResponse } from "../status/index.js";
import { parseRequest } from "../status/index.js";
import type { Speaker } from "./speaker.js";

export function answer(speaker: Speaker, request: ControlRequest): ControlResponse {
  switch (request.command) {
    case "peers":
      return { ok: true, peers: speaker.peerRows() };
    case "routes":
      return { ok: true, routes: speaker.routeRows(request.kind, request.afi) };
    default: {
      const never: never = request;
      return { ok: false, error: `unknown request ${JSON.stringify(never)}` };
    }
  }
}

export class ControlServer {
  private readonly server: net.Server;

  constructor(
    private readonly path: string,
    speaker: Speaker,
  ) {
    this.server = net.createServer((socket) => {
      let buffered = "";
      socket.setEncoding("utf8");
      socket.on("error", () => socket.destroy());
      socket.on("data", (chunk: string) => {
        buffered += chunk;
        for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (!line) continue;
          const parsed = parseRequest(line);
          const response: ControlResponse = parsed.ok
            ? answer(speaker, parsed.request)
            : { ok: false, error: parsed.error };
          socket.write(JSON.stringify(response) + "\n");
        }
      });
    });
  }

  /** A stale socket file from a crashed speaker is replaced, as daemons do. */
  async listen(): Promise<void> {
    rmSync(this.path, { force: true });
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.path, () => {
        this.server.off("error", reject);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.path, { force: true });
  }
}
