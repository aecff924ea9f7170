// containerlab bind syntax: `host-path:node-path[:ro|rw]`, the host path relative to the
// topology file's directory (containerlab resolves it the same way).
import { isAbsolute, resolve } from "node:path";
import type { Bind } from "../model.js";

export type ParsedBind =
  | { readonly ok: true; readonly bind: Bind }
  | { readonly ok: false; readonly code: "bind-invalid" | "bind-mode-invalid"; readonly message: string };

export const BIND_MODES = ["ro", "rw"] as const;

/**
 * Host directories a bind may share only with `allowSystemBinds`: the root and what the host runs
 * from. A read-only bind is no exception: /dev read-only still lets a node write to the host's disks.
 */
export const SYSTEM_DIRS: readonly string[] = [
  "/",
  "/bin",
  "/boot",
  "/dev",
  "/etc",
  "/lib",
  "/lib32",
  "/lib64",
  "/libx32",
  "/proc",
  "/run",
  "/sbin",
  "/sys",
  "/usr",
  "/var",
];

/** True for a host path that is a system directory (trailing slashes and `..` already resolved). */
export function isSystemDir(path: string): boolean {
  return SYSTEM_DIRS.includes(path.length > 1 ? path.replace(/\/+$/, "") : path);
}

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
