// What the kind provider needs on the host, found before anything runs, and reported all at once
// with where to get each tool (kind and kubectl are not Debian packages on bookworm).
import { findProblems, realProbe, type HostProbe } from "../../host/prerequisites.js";
import { FabricError } from "../../errors.js";
import { KindErrorCode } from "./errors.js";

export interface KindTool {
  readonly command: "kind" | "kubectl" | "docker";
  readonly install: string;
}

export const KIND_TOOLS: readonly KindTool[] = [
  { command: "kind", install: "kind: a release binary from https://kind.sigs.k8s.io/docs/user/quick-start/" },
  { command: "kubectl", install: "kubectl: https://kubernetes.io/docs/tasks/tools/" },
  { command: "docker", install: "docker: apt-get install docker.io, and start dockerd" },
];

/** The tools from KIND_TOOLS that are not on PATH, in that order; empty when all are there. */
export async function kindAvailable(probe: HostProbe = realProbe): Promise<KindTool[]> {
  const problems = await findProblems(
    // Root is the deploy's concern, not whether these tools exist.
    { isRoot: true, pathDirs: probe.pathDirs, executable: (f) => probe.executable(f) },
    KIND_TOOLS.map((t) => ({ command: t.command, debianPackage: "" })),
  );
  const missing = new Set(problems.flatMap((p) => (p.kind === "missing" ? [p.tool.command] : [])));
  return KIND_TOOLS.filter((t) => missing.has(t.command));
}

/** One error naming every missing tool, or undefined when none is. */
export function missingToolsError(missing: readonly KindTool[]): FabricError | undefined {
  if (missing.length === 0) return undefined;
  const names = missing.map((t) => t.command);
  const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return new FabricError(
    KindErrorCode.toolsMissing,
    `${listed} ${names.length === 1 ? "is" : "are"} not installed: the kind cluster provider needs kind, ` +
      "kubectl and docker; use the emulated provider (the default on the netns runtime)",
    { suggestion: `install ${missing.map((t) => t.install).join("; ")}` },
  );
}
