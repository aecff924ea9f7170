// containerlab bind syntax: `host-path:node-path[:ro|rw]`, the host path relative to the
// topology file's directory (containerlab resolves it the same way).
import { isAbsolute, resolve } from "node:path";
import type { Bind } from "../model.js";

export type ParsedBind =
  | { readonly ok: true; readonly bind: Bind }
  | { readonly ok: false; readonly code: "bind-invalid" | "bind-mode-invalid"; readonly message: string };

export const BIND_MODES = ["ro", "rw"] as const;

export function parseBind(text: string, baseDir: string): ParsedBind {
  const parts = text.split(":");
  const [source = "", target = "", mode, ...rest] = parts;
  if (parts.length < 2 || rest.length > 0 || source === "" || target === "") {
    return {
      ok: false,
      code: "bind-invalid",
      message: `bind "${text}" is not in host-path:node-path[:ro|rw] form`,
    };
  }
  if (!isAbsolute(target)) {
    return {
      ok: false,
      code: "bind-invalid",
      message: `bind "${text}": the path inside the node must be absolute`,
    };
  }
  if (mode !== undefined && !(BIND_MODES as readonly string[]).includes(mode)) {
    return {
      ok: false,
      code: "bind-mode-invalid",
      message: `bind "${text}" has mode "${mode}"; it must be ro or rw`,
    };
  }
  return { ok: true, bind: { source: resolve(baseDir, source), target, readOnly: mode === "ro" } };
}
