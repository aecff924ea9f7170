// The IPv4 networks this host already routes: its own interfaces, docker0, other labs' bridges,
// routes via gateways. A lab's management subnet must not overlap any of them, or the lab's
// bridge route would shadow part of the host's (and lab nodes could reach what sits behind it).
import * as v from "valibot";
import { run } from "../host/command.js";
import { hostCidr, parseCidr, parseIp, type Cidr } from "../net/index.js";
import { parseJson } from "../util/json.js";
import { LAB_BRIDGE_PREFIX } from "./names.js";

export interface HostRoute {
  readonly prefix: Cidr;
  /** How the host reaches it, for messages: `dev docker0`, `via 192.0.2.1 dev eth0`. */
  readonly via: string;
  /** A fabric lab's own management bridge (`fab-…`): another lab, not the host's own network. */
  readonly labBridge: boolean;
}

const RouteSchema = v.array(
  v.looseObject({ dst: v.string(), dev: v.optional(v.string()), gateway: v.optional(v.string()) }),
);

export async function hostRoutes(): Promise<HostRoute[]> {
  const out = await run("ip", ["-json", "-4", "route", "show", "table", "main"]);
  return parseRoutes(out.stdout);
}

/** `ip -json route` output, less the default route (which overlaps everything by definition). */
export function parseRoutes(json: string): HostRoute[] {
  const routes = parseJson(RouteSchema, json || "[]", {
    what: "`ip -json -4 route`",
    code: "host-bad-output",
  });
  return routes.flatMap((r) => {
    if (r.dst === "default") return [];
    const parsed = parseCidr(r.dst, { strict: false });
    const address = parsed.ok ? undefined : parseIp(r.dst);
    const prefix = parsed.ok ? parsed.cidr : address && hostCidr(address);
    if (!prefix) return [];
    const via = [r.gateway && `via ${r.gateway}`, r.dev && `dev ${r.dev}`].filter(Boolean).join(" ");
    return [{ prefix, via, labBridge: r.dev !== undefined && r.dev.startsWith(LAB_BRIDGE_PREFIX) }];
  });
}
