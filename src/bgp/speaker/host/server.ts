// The host's control socket: newline-delimited JSON, one response line per request line. A
// line over MAX_LINE bytes ends the connection with an error instead of growing a buffer.
import { LineServer } from "../line-server.js";
import type { SpeakerHost } from "./host.js";
import { MAX_LINE, parseHostRequest, type HostResponse } from "./protocol.js";

export class HostServer extends LineServer {
  constructor(path: string, host: SpeakerHost) {
    super(path, {
      async answer(line) {
        const parsed = parseHostRequest(line);
        const response: HostResponse = parsed.ok
          ? await host.handle(parsed.request)
          : { ok: false, code: "bad-request", error: parsed.error };
        return JSON.stringify(response);
      },
      maxLine: MAX_LINE,
      tooLong: () =>
        JSON.stringify({
          ok: false,
          code: "line-too-long",
          error: `a request line is longer than ${MAX_LINE} bytes`,
        } satisfies HostResponse),
    });
  }
}
