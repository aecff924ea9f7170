// Asking a speaker's control socket: one request line out, one response line back.

import net from "node:net";
import { FabricError } from "../../errors.js";
import type { ControlRequest, ControlResponse } from "../status/index.js";

export async function askSpeaker(
  socketPath: string,
  request: ControlRequest,
  timeoutMs = 5000,
): Promise<ControlResponse> {
  return new Promise<ControlResponse>((resolve, reject) => {
    const socket = net.connect(socketPath);
    let buffered = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new FabricError("speaker-timeout", `the speaker at ${socketPath} did not answer in ${timeoutMs} ms`),
      );
    }, timeoutMs);
    socket.setEncoding("utf8");
    socket.on("connect", () => socket.write(JSON.stringify(request) + "\n"));
    socket.on("data", (chunk: string) => {
      buffered += chunk;
      const nl = buffered.indexOf("\n");
      if (nl < 0) return;
      clearTimeout(timer);
      socket.end();
      try {
        resolve(JSON.parse(buffered.slice(0, nl)) as ControlResponse);
      } catch (err) {
        reject(
          new FabricError("speaker-bad-response", `the speaker at ${socketPath} sent a malformed answer`, {
            cause: err,
          }),
        );
      }
    });
    socket.on("error", (err: Error & { code?: string }) => {
      clearTimeout(timer);
      const why =
        err.code === "ENOENT" || err.code === "ECONNREFUSED" ? "no speaker is listening there" : err.message;
      reject(
        new FabricError(
          "speaker-unreachable",
          `cannot reach the speaker control socket ${socketPath}: ${why}`,
          {
            suggestion: "start one with: fabric speaker run --config FILE --control SOCKET",
            cause: err,
          },
        ),
      );
    });
  });
}
