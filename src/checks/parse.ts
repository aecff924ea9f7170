// Reading the `checks:` list of a lab file into CheckSpecs, reporting every problem with its
// line. The format is flat and declarative — one map per check, `type` first:
//
//   checks:
//     - type: bgp-session
//       node: router0
//       peer: tor0            # address, interface (unnumbered) or the peer's hostname
//       state: Established    # the default
//       wait: 30s             # retry until it passes or this runs out (default 30s)
//     - type: bgp-prefix
//       node: tor1
//       prefix: 10.1.3.0/24
//       as-path: []           # optional: next-hop, communities, local-preference, present
//     - type: route            # node, prefix, optional via / dev / present
//     - type: ping             # from, to, optional count (3) and loss (0%)
//     - type: traceroute       # from, to, hops: [10.0.2.1, router0, "*", pod:netshoot@kind-worker3]
import type { Diagnostic } from "../errors.js";
import type { YamlDoc, YamlPath } from "../topology/source.js";
import { didYouMean, suggestOneOf } from "../topology/suggest.js";
import { BGP_STATES, CHECK_TYPES, type BgpState, type CheckSpec, type CheckType } from "./spec.js";

export const DEFAULT_WAIT_MS = 30_000;

const COMMON = ["type", "name", "wait"] as const;
const FIELDS: Record<CheckType, readonly string[]> = {
  "bgp-session": ["node", "peer", "state"],
  "bgp-prefix": ["node", "prefix", "present", "as-path", "next-hop", "communities", "local-preference"],
  route: ["node", "prefix", "present", "via", "dev"],
  ping: ["from", "to", "count", "loss"],
  traceroute: ["from", "to", "hops"],
};
const REQUIRED: Record<CheckType, readonly string[]> = {
  "bgp-session": ["node", "peer"],
  "bgp-prefix": ["node", "prefix"],
  route: ["node", "prefix"],
  ping: ["from", "to"],
  traceroute: ["from", "to", "hops"],
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
    diagnostics.push(error(doc, path, "checks-not-a-list", "`checks` must be a list of checks"));
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
    out.push(error(doc, at, "check-not-a-map", "each check must be a map with a `type`"));
    return undefined;
  }
  const map = item as Record<string, unknown>;
  const type = map["type"];
  if (typeof type !== "string" || !(CHECK_TYPES as readonly string[]).includes(type)) {
    out.push(
      error(
        doc,
        [...at, "type"],
        "check-unknown-type",
        `unknown check type ${JSON.stringify(type ?? null)}`,
        suggestOneOf(String(type ?? ""), CHECK_TYPES),
      ),
    );
    return undefined;
  }
  const checkType = type as CheckType;
  const before = out.length;
  const allowed = [...COMMON, ...FIELDS[checkType]];
  for (const key of Object.keys(map)) {
    if (!allowed.includes(key)) {
      out.push(
        error(
          doc,
          [...at, key],
          "check-unknown-field",
          `${checkType} checks have no field "${key}"`,
          didYouMean(key, allowed) ?? `fields: ${allowed.join(", ")}`,
          "key",
        ),
      );
    }
  }
  for (const key of REQUIRED[checkType]) {
    if (map[key] === undefined)
      out.push(error(doc, at, "check-missing-field", `${checkType} check needs \`${key}\``));
  }
  const str = (key: string): string | undefined => {
    const v = map[key];
    if (v === undefined) return undefined;
    if (typeof v === "string" || typeof v === "number") return String(v);
    out.push(error(doc, [...at, key], "check-bad-field", `\`${key}\` must be a string`));
    return undefined;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const v = map[key];
    if (v === undefined) return fallback;
    if (typeof v === "boolean") return v;
    out.push(error(doc, [...at, key], "check-bad-field", `\`${key}\` must be true or false`));
    return fallback;
  };
  const waitMs = parseDuration(map["wait"]);
  if (waitMs === undefined)
    out.push(
      error(doc, [...at, "wait"], "check-bad-wait", "`wait` must be a duration like 30s, 500ms or 2m"),
    );
  const location = doc.locate(at);
  const common = { waitMs: waitMs ?? DEFAULT_WAIT_MS, location };
  let spec: CheckSpec | undefined;
  switch (checkType) {
    case "bgp-session": {
      const state = str("state") ?? "Established";
      const known = BGP_STATES.find((s) => s.toLowerCase() === state.toLowerCase());
      if (!known)
        out.push(
          error(
            doc,
            [...at, "state"],
            "check-bad-state",
            `unknown BGP state ${state}`,
            suggestOneOf(state, BGP_STATES),
          ),
        );
      const node = str("node") ?? "";
      const peer = str("peer") ?? "";
      spec = {
        ...common,
        type: checkType,
        name: "",
        node,
        peer,
        state: (known ?? "Established") as BgpState,
      };
      break;
    }
    case "bgp-prefix": {
      const asPath = parseAsPath(map["as-path"]);
      if (asPath === null)
        out.push(
          error(
            doc,
            [...at, "as-path"],
            "check-bad-as-path",
            '`as-path` is a list of AS numbers or a string like "65011 65000"',
          ),
        );
      const communities = map["communities"];
      if (
        communities !== undefined &&
        (!Array.isArray(communities) || communities.some((c) => typeof c !== "string"))
      ) {
        out.push(
          error(
            doc,
            [...at, "communities"],
            "check-bad-field",
            '`communities` must be a list like ["65000:99"]',
          ),
        );
      }
      const lp = map["local-preference"];
      if (lp !== undefined && (typeof lp !== "number" || !Number.isInteger(lp) || lp < 0)) {
        out.push(
          error(
            doc,
            [...at, "local-preference"],
            "check-bad-field",
            "`local-preference` must be a whole number",
          ),
        );
      }
      const nextHop = str("next-hop");
      spec = {
        ...common,
        type: checkType,
        name: "",
        node: str("node") ?? "",
        prefix: str("prefix") ?? "",
        present: bool("present", true),
        ...(asPath ? { asPath } : {}),
        ...(nextHop !== undefined ? { nextHop } : {}),
        ...(Array.isArray(communities) ? { communities: communities.map(String) } : {}),
        ...(typeof lp === "number" ? { localPreference: lp } : {}),
      };
      break;
    }
    case "route": {
      const via = str("via");
      const dev = str("dev");
      spec = {
        ...common,
        type: checkType,
        name: "",
        node: str("node") ?? "",
        prefix: str("prefix") ?? "",
        present: bool("present", true),
        ...(via !== undefined ? { via } : {}),
        ...(dev !== undefined ? { dev } : {}),
      };
      break;
    }
    case "ping": {
      const count = map["count"] ?? 3;
      if (typeof count !== "number" || !Number.isInteger(count) || count < 1 || count > 100) {
        out.push(
          error(doc, [...at, "count"], "check-bad-field", "`count` must be a whole number from 1 to 100"),
        );
      }
      const loss = parseLoss(map["loss"]);
      if (loss === undefined)
        out.push(
          error(
            doc,
            [...at, "loss"],
            "check-bad-field",
            "`loss` is the highest acceptable loss, like 0% or 20%",
          ),
        );
      spec = {
        ...common,
        type: checkType,
        name: "",
        from: str("from") ?? "",
        to: str("to") ?? "",
        count: typeof count === "number" ? count : 3,
        maxLossPercent: loss ?? 0,
      };
      break;
    }
    case "traceroute": {
      const hops = map["hops"];
      if (!Array.isArray(hops) || hops.length === 0 || hops.some((h) => typeof h !== "string")) {
        out.push(
          error(
            doc,
            [...at, "hops"],
            "check-bad-field",
            '`hops` must be a non-empty list of addresses, node names or "*"',
          ),
        );
      }
      spec = {
        ...common,
        type: checkType,
        name: "",
        from: str("from") ?? "",
        to: str("to") ?? "",
        hops: Array.isArray(hops) ? hops.map(String) : [],
      };
      break;
    }
  }
  if (out.length > before || !spec) return undefined;
  const name = typeof map["name"] === "string" ? map["name"] : defaultName(spec);
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
      return `ping ${spec.from} → ${spec.to}`;
    case "traceroute":
      return `traceroute ${spec.from} → ${spec.to}`;
  }
}

/** "30s", "500ms", "2m", or a number of seconds. */
export function parseDuration(raw: unknown): number | undefined {
  if (raw === undefined) return DEFAULT_WAIT_MS;
  if (typeof raw === "number" && raw >= 0) return raw * 1000;
  if (typeof raw !== "string") return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(raw.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === "ms" ? n : m[2] === "s" ? n * 1000 : n * 60_000;
}

function parseLoss(raw: unknown): number | undefined {
  if (raw === undefined) return 0;
  const text =
    typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim().replace(/%$/, "") : "";
  const n = Number(text);
  return text !== "" && Number.isFinite(n) && n >= 0 && n <= 100 ? n : undefined;
}

/** `[65011, 65000]`, `"65011 65000"`, `""` or `[]`; null when malformed, undefined when absent. */
function parseAsPath(raw: unknown): number[] | null | undefined {
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

function error(
  doc: YamlDoc,
  path: YamlPath,
  code: string,
  message: string,
  suggestion?: string,
  at: "key" | "value" = "value",
): Diagnostic {
  return {
    severity: "error",
    code,
    message,
    location: doc.locate(path, at),
    ...(suggestion ? { suggestion } : {}),
  };
}
