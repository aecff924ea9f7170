// The kernel side of the FIB: `ip` run in the node's network namespace, a whole batch of route
// changes in one `ip -force -batch -` process. Measured against one `ip route` per change this is
// what makes a 10,000-route burst one process (see test/integration/bgp/kernel-fib.test.ts).
// `-force` carries on past a failing line and names it, so one bad route does not hold back the
// others and its own error is reported.
import { FabricError } from "../../errors.js";
import { attempt, HostErrorCode } from "../../host/command.js";
import { batchText, failedLines } from "../../host/ip-batch.js";
import { ipArgv, type NetnsPath } from "../../host/ip.js";
import type { KernelTableRoute } from "./next-hop.js";

/**
 * fabric's number in the kernel's route protocol field (rtm_protocol): unassigned in Linux's
 * rtnetlink.h and in iproute2's and FRR's rt_protos lists, so `ip route show proto 201` is
 * exactly what fabric installed. `ip route` prints the number unless
 * /etc/iproute2/rt_protos.d/fabric.conf names it (scripts/setup writes "201 fabric").
 */
export const RT_PROTO_FABRIC = 201;
/** How `ip -json` may spell the protocol field of fabric's routes. */
export const FABRIC_PROTOCOL_NAMES: ReadonlySet<string> = new Set([String(RT_PROTO_FABRIC), "fabric"]);
/**
 * The metric of installed routes: not 0, so `route replace` can never overwrite a connected or
 * static route to the same prefix (those keep the kernel's metric, 0 for IPv4, and win, as a
 * connected route beats BGP anywhere), and the value FRR's zebra gives BGP routes.
 */
export const FABRIC_ROUTE_METRIC = 20;

export interface KernelAccess {
  /** The namespace's main table for these families. */
  routes(families: readonly (4 | 6)[]): Promise<KernelTableRoute[]>;
  /** Runs the lines as one batch; the failed ones by 0-based index, with the kernel's message. */
  batch(lines: readonly (readonly string[])[]): Promise<Map<number, string>>;
}

/** `ip` in a namespace (a path such as /run/netns/x or /proc/PID/ns/net), or in this process's own. */
export function namespaceKernel(netns: NetnsPath): KernelAccess {
  return {
    async routes(families) {
      const all: KernelTableRoute[] = [];
      for (const family of families) {
        const [file, argv] = ipArgv(netns, [`-${family}`, "-json", "route", "show", "table", "main"]);
        const r = await attempt(file, argv);
        if (r.exitCode !== 0)
          throw new FabricError(
            HostErrorCode.failed,
            `reading the routes in ${netns ?? "this namespace"} failed: ${r.stderr.trim()}`,
          );
        const text = r.stdout.trim();
        if (text !== "")
          for (const route of JSON.parse(text) as KernelTableRoute[]) all.push({ ...route, family });
      }
      return all;
    },
    async batch(lines) {
      if (lines.length === 0) return new Map();
      const [file, argv] = ipArgv(netns, ["-force", "-batch", "-"]);
      const r = await attempt(file, argv, { input: batchText(lines) });
      const failed = new Map<number, string>();
      for (const [n, message] of failedLines(r.stderr)) failed.set(n - 1, message);
      if (r.exitCode !== 0 && failed.size === 0) {
        const message = `ip -batch exited with ${r.exitCode}: ${r.stderr.trim()}`;
        lines.forEach((_, i) => failed.set(i, message));
      }
      return failed;
    },
  };
}

/**
 * Lines that remove every route fabric installed in the namespace, both families (a prefix
 * argument is how a batch line, which takes no -4/-6, picks the family).
 */
export function flushOwnRoutesLines(): string[][] {
  return ["0.0.0.0/0", "::/0"].map((root) => [
    "route",
    "flush",
    "root",
    root,
    "proto",
    String(RT_PROTO_FABRIC),
  ]);
}
