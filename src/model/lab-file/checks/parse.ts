// Reading the `checks:` list of a lab file into CheckSpecs, reporting every problem with its
// line. The format is flat and declarative — one map per check, `type` first:
//
//   checks:
//     - type: bgp-session
//       node: router0
//       peer: tor0            # address, interface (unnumbered), hostname or CRD peer name
//       state: Established    # the default
//       wait: 30s             # retry until it passes or this runs out (default 30s)
//     - type: bgp-prefix
//       node: tor1
//       prefix: 10.1.3.0/24
//       as-path: []           # optional: next-hop, communities, local-preference, present
//     - type: route            # node, prefix, optional via / dev / present
//     - type: ping             # from, to, optional count (3), loss (0%) and family (ipv4|ipv6)
//     - type: traceroute       # from, to, hops: [10.0.2.1, router0, "*", pod:netshoot@kind-worker3],
//                              # optional family (ipv6: traceroute6 to the target's IPv6 address)
import type { Diagnostic } from "../../../errors.js";
import { parseDuration as parseDurationText } from "../../../util/duration.js";
import type { YamlDoc, YamlPath } from "../../source.js";
import { didYouMean, suggestOneOf } from "../../suggest.js";
import { CHECK_BUILDERS } from "./check-builders.js";
import { CheckFields, diagnostic } from "./check-fields.js";
import { CHECK_TYPES, type CheckSpec, type CheckType } from "./spec.js";

export const DEFAULT_WAIT_MS = 30_000;

/** The fields every check takes (exported, as the next two, for the lab.yaml schema's test). */
export const CHECK_COMMON_FIELDS = ["type", "name", "wait"] as const;
const COMMON = CHECK_COMMON_FIELDS;
export const CHECK_FIELDS: Record<CheckType, readonly string[]> = {
  "bgp-session": ["node", "peer", "state"],
  "bgp-prefix": ["node", "prefix", "present", "as-path", "next-hop", "communities", "local-preference"],
  route: ["node", "prefix", "present", "via", "dev", "paths"],
  ping: ["from", "to", "count", "loss", "family"],
  traceroute: ["from", "to", "hops", "family"],
  service: ["from", "to", "port", "requests", "expect", "backends"],
  advertised: ["node", "prefix", "by"],
};
export const CHECK_REQUIRED: Record<CheckType, readonly string[]> = {
  "bgp-session": ["node", "peer"],
  "bgp-prefix": ["node", "prefix"],
  route: ["node", "prefix"],
  ping: ["from", "to"],
  traceroute: ["from", "to", "hops"],
  service: ["from", "to"],
  advertised: ["node", "prefix", "by"],
};

export function parseChecks(
  doc: YamlDoc,
  path: YamlPath,
  raw: unknown,
): { checks: CheckSpec[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const checks: CheckSpec[] = [];
  if (raw === undefined || raw === null) return { checks, diagnostics };
  if (!Array.isArray(raw)) {
    diagnostics.push(diagnostic(doc, path, "checks-not-a-list", "`checks` must be a list of checks"));
    return { checks, diagnostics };
  }
  raw.forEach((item, i) => {
    const at = [...path, i];
    const check = parseOne(doc, at, item, diagnostics);
    if (check) checks.push(check);
  });
  return { checks, diagnostics };
}

function parseOne(doc: YamlDoc, at: YamlPath, item: unknown, out: Diagnostic[]): CheckSpec | undefined {
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    out.push(diagnostic(doc, at, "check-not-a-map", "each check must be a map with a `type`"));
    return undefined;
  }
  const f = new CheckFields(doc, at, item as Record<string, unknown>, out);
  const type = f.map["type"];
  if (typeof type !== "string" || !(CHECK_TYPES as readonly string[]).includes(type)) {
    const written = JSON.stringify(type ?? null);
    f.error(
      "type",
      "check-unknown-type",
      `unknown check type ${written}`,
      suggestOneOf(String(type ?? ""), CHECK_TYPES),
    );
    return undefined;
  }
  const checkType = type as CheckType;
  const before = out.length;
  const allowed = [...COMMON, ...CHECK_FIELDS[checkType]];
  for (const key of Object.keys(f.map)) {
    if (allowed.includes(key)) continue;
    const hint = didYouMean(key, allowed) ?? `fields: ${allowed.join(", ")}`;
    f.error(key, "check-unknown-field", `${checkType} checks have no field "${key}"`, hint, "key");
  }
  for (const key of CHECK_REQUIRED[checkType]) {
    if (!f.has(key)) f.error(undefined, "check-missing-field", `${checkType} check needs \`${key}\``);
  }
  const waitMs = parseDuration(f.map["wait"]);
  if (waitMs === undefined)
    f.error("wait", "check-bad-wait", "`wait` must be a duration like 30s, 500ms or 2m");
  const spec = CHECK_BUILDERS[checkType](f, { waitMs: waitMs ?? DEFAULT_WAIT_MS, location: doc.locate(at) });
  if (out.length > before) return undefined;
  const name = typeof f.map["name"] === "string" ? f.map["name"] : defaultName(spec);
  return { ...spec, name };
}

/** A readable default name, so result tables say what each check is about. */
export function defaultName(spec: CheckSpec): string {
  switch (spec.type) {
    case "bgp-session":
      return `${spec.node}: BGP session with ${spec.peer} is ${spec.state}`;
    case "bgp-prefix":
      return `${spec.node}: ${spec.prefix} ${spec.present ? "in" : "not in"} BGP`;
    case "route":
      return `${spec.node}: route to ${spec.prefix}${spec.present ? "" : " absent"}`;
    case "ping":
      return `ping${spec.family === "ipv6" ? "6" : ""} ${spec.from} → ${spec.to}`;
    case "traceroute":
      return `traceroute${spec.family === "ipv6" ? "6" : ""} ${spec.from} → ${spec.to}`;
    case "service":
      return `${spec.from} → ${spec.to}:${spec.port} answers`;
    case "advertised":
      return `${spec.node}: ${spec.prefix} from ${spec.by.length > 0 ? spec.by.join(", ") : "nobody"}`;
  }
}

/** A YAML duration: a number of seconds, or text in util/duration's grammar ("30s", "500ms", "2m"). */
export function parseDuration(raw: unknown): number | undefined {
  if (raw === undefined) return DEFAULT_WAIT_MS;
  if (typeof raw === "number") return raw >= 0 ? raw * 1000 : undefined;
  return typeof raw === "string" ? parseDurationText(raw) : undefined;
}
