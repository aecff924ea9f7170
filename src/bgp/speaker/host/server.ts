// The host's control socket: newline-delimited JSON, one response line per request line. A
// line over MAX_LINE bytes ends the connection with an error instead of growing a buffer.
import { rmSync } from "node:fs";
import net from "node:net";
import type { SpeakerHost } from "./host.js";
import { MAX_LINE, parseHostRequest, type HostResponse } from "./protocol.js";

export class HostServer {
  private readonly server: net.Server;

  constructor(
    private readonly path: string,
    host: SpeakerHost,
  ) {
    this.server = net.createServer((socket) => {
      let buffered = "";
      let chain = Promise.resolve();
      const reply = (r: HostResponse): void => {
        if (!socket.destroyed) socket.write(JSON.stringify(r) + "\n");
      };
      socket.setEncoding("utf8");
      socket.on("error", () => socket.destroy());
      socket.on("data", (chunk: string) => {
        buffered += chunk;
        for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (!line) continue;
          const parsed = parseHostRequest(line);
          // Answers go out in request order, whatever each takes.
          chain = chain.then(async () =>
            reply(
              parsed.ok
                ? await host.handle(parsed.request)
                : { ok: false, code: "bad-request", error: parsed.error },
            ),
          );
        }
        if (Buffer.byteLength(buffered) > MAX_LINE) {
          buffered = "";
          reply({
            ok: false,
            code: "line-too-long",
            error: `a request line is longer than ${MAX_LINE} bytes`,
          });
          socket.end();
        }
      });
    });
  }

  /** A stale socket file from a crashed host is replaced, as daemons do. */
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
