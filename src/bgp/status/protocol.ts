// The control socket's protocol: one JSON object per line each way. Requests are parsed here,
// purely, so the server and its tests agree on what is valid.

import type { AfiName } from "../model.js";
import type { PeerRow, RouteRow } from "./types.js";

export type RouteKind = "available" | "advertised";

export type ControlRequest =
  | { readonly command: "peers" }
  | { readonly command: "routes"; readonly kind: RouteKind; readonly afi?: AfiName };

export type ControlResponse =
  | { readonly ok: true; readonly peers: readonly PeerRow[] }
  | { readonly ok: true; readonly routes: readonly RouteRow[] }
  | { readonly ok: false; readonly error: string };

export type ParsedRequest =
  { readonly ok: true; readonly request: ControlRequest } | { readonly ok: false; readonly error: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function parseRequest(line: string): ParsedRequest {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, error: "request is not JSON" };
  }
  if (!isRecord(value)) return { ok: false, error: "request must be a JSON object" };
  if (value.command === "peers") return { ok: true, request: { command: "peers" } };
  if (value.command === "routes") {
    const kind = value.kind;
    if (kind !== "available" && kind !== "advertised")
      return { ok: false, error: `routes: kind must be "available" or "advertised"` };
    const afi = value.afi;
    if (afi === undefined) return { ok: true, request: { command: "routes", kind } };
    if (afi !== "ipv4" && afi !== "ipv6") return { ok: false, error: `routes: afi must be "ipv4" or "ipv6"` };
    return { ok: true, request: { command: "routes", kind, afi } };
  }
  return {
    ok: false,
    error: `unknown command ${JSON.stringify(value.command)} (expected "peers" or "routes")`,
  };
}
