// Asking a speaker host: one request line out, one response line back, checked with valibot.
import net from "node:net";
import * as v from "valibot";
import { FabricError } from "../../../errors.js";
import { HostResponseSchema, type HostRequest, type HostResponse } from "./protocol.js";

/**
 * The longest answer read: the `peers` op answers for every instance at once, about 250 bytes a
 * session, so 4,096 nodes' sessions are about 1 MiB; a host that sends more than this is broken.
 */
const MAX_RESPONSE = 64 * 1024 * 1024;

export async function askHost(
  socketPath: string,
  request: HostRequest,
  timeoutMs = 30_000,
): Promise<HostResponse> {
  const line = await exchange(socketPath, JSON.stringify(request), timeoutMs);
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (err) {
    throw new FabricError(
      "speaker-host-bad-response",
      `the speaker host at ${socketPath} sent a malformed answer`,
      {
        cause: err,
      },
    );
  }
  const parsed = v.safeParse(HostResponseSchema, raw);
  if (!parsed.success) {
    throw new FabricError(
      "speaker-host-bad-response",
      `the speaker host at ${socketPath} sent an unexpected answer`,
    );
  }
  return parsed.output;
}

/** As askHost, but a refusal becomes a FabricError carrying the host's code. */
export async function requireHost(
  socketPath: string,
  request: HostRequest,
  timeoutMs?: number,
): Promise<Extract<HostResponse, { ok: true }>> {
  const r = await askHost(socketPath, request, timeoutMs);
  if (!r.ok) throw new FabricError(r.code, r.error);
  return r;
}

function exchange(socketPath: string, line: string, timeoutMs: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = net.connect(socketPath);
    let buffered = "";
    const fail = (err: FabricError): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    const timer = setTimeout(
      () =>
        fail(
          new FabricError(
            "speaker-host-timeout",
            `the speaker host at ${socketPath} did not answer in ${timeoutMs} ms`,
          ),
        ),
      timeoutMs,
    );
    socket.setEncoding("utf8");
    socket.on("connect", () => socket.write(line + "\n"));
    socket.on("data", (chunk: string) => {
      buffered += chunk;
      const nl = buffered.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        socket.end();
        resolve(buffered.slice(0, nl));
      } else if (buffered.length > MAX_RESPONSE) {
        fail(
          new FabricError(
            "speaker-host-bad-response",
            `the speaker host at ${socketPath} sent an endless line`,
          ),
        );
      }
    });
    socket.on("error", (err: Error & { code?: string }) => {
      const why =
        err.code === "ENOENT" || err.code === "ECONNREFUSED"
          ? "no speaker host is listening there"
          : err.message;
      fail(
        new FabricError(
          "speaker-host-unreachable",
          `cannot reach the speaker host at ${socketPath}: ${why}`,
          {
            suggestion: "`fabric bgp start` starts the lab's speaker host again",
            cause: err,
          },
        ),
      );
    });
  });
}
