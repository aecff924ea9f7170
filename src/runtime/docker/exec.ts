// `exec` on the docker runtime with the netns runtime's deadline behaviour (runtime/deadline.ts):
// a command that does not finish in time ends with the same "node N did not finish `cmd`
// within T s" error, and a paused container (`docker pause`, which freezes every process in it
// as `fabric node stop` freezes a netns node) gives a one-sentence frozen message at once
// instead of "not running".
//
// The API kills a command that runs past its deadline (by the host pid the exec API reports).
// A backstop here covers the steps before that timer starts: creating and starting the exec are
// HTTP calls to dockerd, which a wedged daemon or container runtime may never answer.
import { FabricError } from "../../errors.js";
import { backstopMs, nodeTimeoutError } from "../deadline.js";
import type { ExecOptions, ExecResult, NodeRecord } from "../types.js";
import { DockerApiError, type DockerApi } from "./api.js";

/** dockerd's 409 for an exec into a paused container ("… is paused, unpause the container …"). */
export function isPausedError(err: unknown): boolean {
  return err instanceof DockerApiError && err.statusCode === 409 && /\bis paused\b/i.test(err.message);
}

export function pausedError(node: NodeRecord, container: string, cause: unknown): FabricError {
  return new FabricError(
    "node-frozen",
    `node ${node.name} is frozen (its container ${container} is paused)`,
    { cause, suggestion: `start it with fabric node start ${node.name} (or docker unpause ${container})` },
  );
}

export function notRunning(node: NodeRecord, cause?: unknown): FabricError {
  return new FabricError("node-not-running", `node ${node.name} of lab ${node.lab} is not running`, {
    suggestion: "destroy and deploy the lab again",
    cause,
  });
}

export async function execInNode(
  api: DockerApi,
  container: string,
  node: NodeRecord,
  argv: readonly string[],
  opts: ExecOptions,
): Promise<ExecResult> {
  const timeoutMs = opts.timeoutMs;
  const run = api.exec(container, argv, {
    ...(opts.env && { env: opts.env }),
    ...(opts.input !== undefined && { input: opts.input }),
    ...(timeoutMs !== undefined && { timeoutMs }),
  });
  let timer: NodeJS.Timeout | undefined;
  const backstop =
    timeoutMs === undefined
      ? undefined
      : new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(nodeTimeoutError(node.name, argv, timeoutMs)),
            backstopMs(timeoutMs),
          );
        });
  try {
    return await (backstop ? Promise.race([run, backstop]) : run);
  } catch (err) {
    if (isPausedError(err)) throw pausedError(node, container, err);
    // 404: no such container; 409: it exists but is not running.
    if (err instanceof DockerApiError && (err.statusCode === 404 || err.statusCode === 409))
      throw notRunning(node, err);
    // The API's own deadline, said as the netns runtime says it.
    if (timeoutMs !== undefined && err instanceof FabricError && err.code === "node-exec-timeout")
      throw nodeTimeoutError(node.name, argv, timeoutMs);
    throw err;
  } finally {
    clearTimeout(timer);
    // A run the backstop gave up on may still fail later; nobody waits for it any more.
    run.catch(() => undefined);
  }
}
