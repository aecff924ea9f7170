// The control socket: a Unix socket answering one JSON line per request with one JSON line.
// `fabric speaker show …` and the lab layer are its clients.

import type { ControlRequest, ControlResponse } from "../status/index.js";
import { parseRequest } from "../status/index.js";
import { LineServer } from "./line-server.js";
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

/** The speaker's control socket: one JSON request line in, one JSON response line out. */
export class ControlServer extends LineServer {
  constructor(path: string, speaker: Speaker) {
    super(path, {
      answer(line) {
        const parsed = parseRequest(line);
        const response: ControlResponse = parsed.ok
          ? answer(speaker, parsed.request)
          : { ok: false, error: parsed.error };
        return JSON.stringify(response);
      },
    });
  }
}
