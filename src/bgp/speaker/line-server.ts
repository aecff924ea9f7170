// A Unix socket that answers newline-delimited requests, one response line per request line, in
// request order: the speaker's control socket and the speaker host's both speak it. A stale socket
// file from a crashed process is replaced on listen, as daemons do.
import { rmSync } from "node:fs";
import net from "node:net";

export interface LineProtocol {
  /** The response line (without its newline) for one non-empty request line. */
  answer(line: string): string | Promise<string>;
  /** When set, a pending line longer than this many bytes gets `tooLong()` and ends the connection. */
  readonly maxLine?: number;
  tooLong?(): string;
}

export class LineServer {
  private readonly server: net.Server;

  constructor(
    private readonly path: string,
    protocol: LineProtocol,
  ) {
    this.server = net.createServer((socket) => {
      let buffered = "";
      let chain = Promise.resolve();
      const reply = (line: string): void => {
        if (!socket.destroyed) socket.write(line + "\n");
      };
      socket.setEncoding("utf8");
      socket.on("error", () => socket.destroy());
      socket.on("data", (chunk: string) => {
        buffered += chunk;
        for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (!line) continue;
          // Answers go out in request order, whatever each takes.
          chain = chain.then(async () => reply(await protocol.answer(line)));
        }
        if (protocol.maxLine !== undefined && Buffer.byteLength(buffered) > protocol.maxLine) {
          buffered = "";
          if (protocol.tooLong) reply(protocol.tooLong());
          socket.end();
        }
      });
    });
  }

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
