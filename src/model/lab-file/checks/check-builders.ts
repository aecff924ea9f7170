// One builder per check type: the fields that type takes, their defaults and their checks.
// Builders report problems through CheckFields and return the spec (named later by the caller).
import { canonicalIp, parseCidr, formatCidr } from "../../../net/index.js";
import { suggestOneOf } from "../../suggest.js";
import type { CheckFields } from "./check-fields.js";
import {
  BGP_STATES,
  CHECK_FAMILIES,
  type BgpState,
  type CheckFamily,
  type CheckSpec,
  type CheckType,
} from "./spec.js";

export type Common = Pick<CheckSpec, "waitMs" | "location">;
type Builder = (f: CheckFields, common: Common) => CheckSpec;

export const CHECK_BUILDERS: Record<CheckType, Builder> = {
  "bgp-session": (f, common) => {
    const state = f.str("state") ?? "Established";
    const known = BGP_STATES.find((s) => s.toLowerCase() === state.toLowerCase());
    if (!known)
      f.error("state", "check-bad-state", `unknown BGP state ${state}`, suggestOneOf(state, BGP_STATES));
    return {
      ...common,
      type: "bgp-session",
      name: "",
      node: f.str("node") ?? "",
      peer: f.str("peer") ?? "",
      state: (known ?? "Established") as BgpState,
    };
  },

  "bgp-prefix": (f, common) => {
    const asPath = parseAsPath(f.map["as-path"]);
    if (asPath === null) {
      f.error(
        "as-path",
        "check-bad-as-path",
        '`as-path` is a list of AS numbers or a string like "65011 65000"',
      );
    }
    const communities = f.map["communities"];
    const communityList = Array.isArray(communities) && communities.every((c) => typeof c === "string");
    if (communities !== undefined && !communityList) {
      f.error("communities", "check-bad-field", '`communities` must be a list like ["65000:99"]');
    }
    const lp = f.map["local-preference"];
    const lpOk = typeof lp === "number" && Number.isInteger(lp) && lp >= 0;
    if (lp !== undefined && !lpOk)
      f.error("local-preference", "check-bad-field", "`local-preference` must be a whole number");
    const nextHop = address(f, "next-hop");
    return {
      ...common,
      type: "bgp-prefix",
      name: "",
      node: f.str("node") ?? "",
      prefix: prefix(f),
      present: f.bool("present", true),
      ...(asPath ? { asPath } : {}),
      ...(nextHop !== undefined ? { nextHop } : {}),
      ...(communityList ? { communities: (communities as string[]).map(String) } : {}),
      ...(lpOk ? { localPreference: lp } : {}),
    };
  },

  route: (f, common) => {
    const via = address(f, "via");
    const dev = f.str("dev");
    // Linux keeps at most 256 next hops per route (RTNH), far above any lab's spine count.
    const paths = f.map["paths"] === undefined ? undefined : whole(f, "paths", 1, 1, 256);
    return {
      ...common,
      type: "route",
      name: "",
      node: f.str("node") ?? "",
      prefix: prefix(f),
      present: f.bool("present", true),
      ...(via !== undefined ? { via } : {}),
      ...(dev !== undefined ? { dev } : {}),
      ...(paths !== undefined ? { paths } : {}),
    };
  },

  ping: (f, common) => {
    const count = f.map["count"] ?? 3;
    const countOk = typeof count === "number" && Number.isInteger(count) && count >= 1 && count <= 100;
    if (!countOk) f.error("count", "check-bad-field", "`count` must be a whole number from 1 to 100");
    const loss = parseLoss(f.map["loss"]);
    if (loss === undefined)
      f.error("loss", "check-bad-field", "`loss` is the highest acceptable loss, like 0% or 20%");
    return {
      ...common,
      type: "ping",
      name: "",
      from: f.str("from") ?? "",
      to: f.str("to") ?? "",
      count: countOk ? count : 3,
      maxLossPercent: loss ?? 0,
      ...family(f),
    };
  },

  traceroute: (f, common) => {
    const hops = f.map["hops"];
    const hopsOk = Array.isArray(hops) && hops.length > 0 && hops.every((h) => typeof h === "string");
    if (!hopsOk)
      f.error("hops", "check-bad-field", '`hops` must be a non-empty list of addresses, node names or "*"');
    return {
      ...common,
      type: "traceroute",
      name: "",
      from: f.str("from") ?? "",
      to: f.str("to") ?? "",
      hops: Array.isArray(hops) ? hops.map(String) : [],
      ...family(f),
    };
  },

  service: (f, common) => {
    const port = whole(f, "port", 80, 1, 65535);
    const requests = whole(f, "requests", 1, 1, 100);
    const backends = stringList(
      f,
      "backends",
      "`backends` must be a list of pods like [pod:echo@kind-worker]",
    );
    const expect = f.str("expect");
    return {
      ...common,
      type: "service",
      name: "",
      from: f.str("from") ?? "",
      to: address(f, "to") ?? "",
      port,
      requests: backends !== undefined && !f.has("requests") ? Math.max(10, backends.length * 5) : requests,
      ...(expect !== undefined && { expect }),
      ...(backends !== undefined && { backends }),
    };
  },

  advertised: (f, common) => {
    const by = stringList(f, "by", "`by` must be a list of node names, [] for nobody") ?? [];
    return { ...common, type: "advertised", name: "", node: f.str("node") ?? "", prefix: prefix(f), by };
  },
};

/** A whole number field within bounds, or its default. */
function whole(f: CheckFields, key: string, fallback: number, min: number, max: number): number {
  const v = f.map[key];
  if (v === undefined) return fallback;
  if (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max) return v;
  f.error(key, "check-bad-field", `\`${key}\` must be a whole number from ${min} to ${max}`);
  return fallback;
}

function stringList(f: CheckFields, key: string, message: string): string[] | undefined {
  const v = f.map[key];
  if (v === undefined) return undefined;
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v.map(String);
  f.error(key, "check-bad-field", message);
  return undefined;
}

/** "0%", "20%", 5: the highest acceptable loss in percent; undefined when malformed. */
export function parseLoss(raw: unknown): number | undefined {
  if (raw === undefined) return 0;
  const text =
    typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim().replace(/%$/, "") : "";
  const n = Number(text);
  return text !== "" && Number.isFinite(n) && n >= 0 && n <= 100 ? n : undefined;
}

/** `[65011, 65000]`, `"65011 65000"`, `""` or `[]`; null when malformed, undefined when absent. */
export function parseAsPath(raw: unknown): number[] | null | undefined {
  if (raw === undefined) return undefined;
  const parts = Array.isArray(raw)
    ? raw
    : typeof raw === "string"
      ? raw.split(/\s+/).filter(Boolean)
      : typeof raw === "number"
        ? [raw]
        : null;
  if (parts === null) return null;
  const asns = parts.map((p) => Number(p));
  return asns.every((n) => Number.isInteger(n) && n >= 0 && n <= 4294967295) ? asns : null;
}

/**
 * Prefixes and addresses in checks are compared with what FRR and the kernel print, which is
 * canonical (RFC 5952): `2001:DB8:0::/48` in a lab file must match `2001:db8::/48` in FRR's JSON.
 */
function prefix(f: CheckFields): string {
  const text = f.str("prefix");
  if (text === undefined || text === "default") return text ?? "";
  const parsed = parseCidr(text);
  if (parsed.ok) return formatCidr(parsed.cidr);
  f.error("prefix", "check-bad-prefix", `prefix ${parsed.message}`, "write a network like 10.1.0.0/24");
  return text;
}

function address(f: CheckFields, field: string): string | undefined {
  const text = f.str(field);
  if (text === undefined) return undefined;
  const canonical = canonicalIp(text);
  if (canonical === undefined) f.error(field, "check-bad-address", `${field} "${text}" is not an IP address`);
  return canonical ?? text;
}

/**
 * `family: ipv4 | ipv6`, when written. Without it a ping goes to `to` as written (an IPv6 address
 * is pinged over IPv6), a pod's primary IP, or a node's IPv4 address.
 */
function family(f: CheckFields): { family?: CheckFamily } {
  const text = f.str("family");
  if (text === undefined) return {};
  const known = CHECK_FAMILIES.find((x) => x === text);
  if (known === undefined) {
    f.error("family", "check-bad-field", `\`family\` is ipv4 or ipv6, not "${text}"`);
    return {};
  }
  return { family: known };
}
