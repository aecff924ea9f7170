// What the netns runtime needs from the host, checked before anything is touched so a missing
// tool is reported up front (all of them at once, with the Debian package to install) instead of
// as a half-created lab.
import { access, constants } from "node:fs/promises";
import path from "node:path";
import { FabricError } from "../errors.js";

export interface Tool {
  /** A bare name is looked up on PATH; an absolute path is checked as is. */
  readonly command: string;
  readonly debianPackage: string;
}

export const REQUIRED_TOOLS: readonly Tool[] = [
  { command: "ip", debianPackage: "iproute2" },
  { command: "nsenter", debianPackage: "util-linux" },
  { command: "unshare", debianPackage: "util-linux" },
  { command: "mount", debianPackage: "mount" },
  { command: "sysctl", debianPackage: "procps" },
  { command: "catatonit", debianPackage: "catatonit" },
  { command: "hostname", debianPackage: "hostname" },
  { command: "/usr/lib/frr/frrinit.sh", debianPackage: "frr" },
  { command: "vtysh", debianPackage: "frr" },
  { command: "iptables", debianPackage: "iptables" },
  { command: "ping", debianPackage: "iputils-ping" },
];

// Root's usual PATH directories, searched too: a CLI started through sudo may not have sbin.
const SBIN_DIRS = ["/usr/local/sbin", "/usr/sbin", "/sbin"];

export interface HostProbe {
  readonly isRoot: boolean;
  readonly pathDirs: readonly string[];
  executable(file: string): Promise<boolean>;
}

export type Problem = { readonly kind: "not-root" } | { readonly kind: "missing"; readonly tool: Tool };

export async function findProblems(
  probe: HostProbe,
  tools: readonly Tool[] = REQUIRED_TOOLS,
): Promise<Problem[]> {
  const problems: Problem[] = probe.isRoot ? [] : [{ kind: "not-root" }];
  for (const tool of tools) {
    const candidates = path.isAbsolute(tool.command)
      ? [tool.command]
      : [...probe.pathDirs, ...SBIN_DIRS].map((d) => path.join(d, tool.command));
    let found = false;
    for (const c of candidates) {
      if (await probe.executable(c)) {
        found = true;
        break;
      }
    }
    if (!found) problems.push({ kind: "missing", tool });
  }
  return problems;
}

export function prerequisitesError(problems: readonly Problem[]): FabricError | undefined {
  if (problems.length === 0) return undefined;
  const lines: string[] = [];
  const packages = new Set<string>();
  let needsRoot = false;
  for (const p of problems) {
    switch (p.kind) {
      case "not-root":
        needsRoot = true;
        lines.push("not running as root (network namespaces, veths and mounts need it)");
        break;
      case "missing":
        packages.add(p.tool.debianPackage);
        lines.push(`${p.tool.command} not found (Debian package ${p.tool.debianPackage})`);
        break;
    }
  }
  const hints: string[] = [];
  if (packages.size > 0) hints.push(`apt-get install ${[...packages].join(" ")}`);
  if (needsRoot) hints.push("run fabric as root (e.g. with sudo)");
  return new FabricError(
    "host-prerequisites",
    `this host cannot run labs yet:\n  - ${lines.join("\n  - ")}`,
    {
      suggestion: hints.join("; then "),
    },
  );
}

export const realProbe: HostProbe = {
  isRoot: process.getuid?.() === 0,
  pathDirs: (process.env["PATH"] ?? "").split(path.delimiter).filter((d) => d !== ""),
  async executable(file) {
    try {
      await access(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
};

/** Throws one FabricError listing every problem; resolves when the host is ready. */
export async function checkPrerequisites(probe: HostProbe = realProbe): Promise<void> {
  const error = prerequisitesError(await findProblems(probe));
  if (error) throw error;
}
