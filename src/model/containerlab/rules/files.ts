// Rules about files a topology refers to: bind syntax and sources, startup-config files, and the
// kind config of a k8s-kind node. Paths are relative to the topology file's directory.
import { existsSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import type { Diagnostic } from "../../../errors.js";
import { isSystemDir, parseBind } from "../binds.js";
import type { Located, RawNodeDef } from "../raw.js";
import type { RuleContext } from "./context.js";

/** Every level's binds are checked where written, used by a node or not. */
function allDefs(ctx: RuleContext): RawNodeDef[] {
  const { raw } = ctx;
  return [
    ...(raw.defaults ? [raw.defaults] : []),
    ...raw.kinds.values(),
    ...raw.groups.values(),
    ...raw.nodes.values(),
  ];
}

export function bindsValid(ctx: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const bind of allDefs(ctx).flatMap((d) => d.binds ?? [])) {
    const parsed = parseBind(bind.value, ctx.baseDir);
    if (!parsed.ok) {
      out.push(
        ctx.report.error(parsed.code, parsed.message, bind.path, {
          suggestion: "e.g. ./configs/frr.conf:/etc/frr/frr.conf:ro",
        }),
      );
    } else if (!ctx.allowSystemBinds && sharesSystemDir(parsed.bind.source)) {
      // Binds are the one way a node reaches the host's files (everything else it sees is its own
      // copy), so sharing the host's root or what it runs from is something a lab must say it means.
      out.push(
        ctx.report.error(
          "bind-system-dir",
          `bind "${bind.value}" shares the host's ${parsed.bind.source} with the node, which could then change the host itself`,
          bind.path,
          {
            suggestion:
              "bind a directory of the lab's own instead; if the lab must share it, add `nodeFilesystem: {allowSystemBinds: true}` to its lab.yaml",
          },
        ),
      );
    } else if (!existsSync(parsed.bind.source)) {
      // containerlab checks bind sources before it deploys, and so do we.
      out.push(
        ctx.report.error(
          "bind-source-missing",
          `bind source ${parsed.bind.source} does not exist`,
          bind.path,
          {
            suggestion: "host paths are relative to the topology file's directory",
          },
        ),
      );
    }
  }
  return out;
}

/** The path as written, or where its symlinks lead (a link to `/` shares `/`). */
function sharesSystemDir(source: string): boolean {
  if (isSystemDir(source)) return true;
  try {
    return isSystemDir(realpathSync(source));
  } catch {
    return false; // a missing source is its own error
  }
}

/** containerlab refuses to deploy a node whose startup-config file is missing. */
export function startupConfigsExist(ctx: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<Located<string>>();
  for (const node of ctx.nodes) {
    const config = node.startupConfig;
    if (!config || seen.has(config)) continue;
    seen.add(config);
    if (config.value.includes("\n") || /^[a-z]+:\/\//i.test(config.value)) {
      out.push(
        ctx.report.error(
          "startup-config-unsupported",
          "fabric reads startup-config from a file; inline and remote configs are not supported yet",
          config.path,
          {
            suggestion: "save the config in a file beside the topology and give its path",
          },
        ),
      );
      continue;
    }
    const file = resolve(ctx.baseDir, config.value);
    if (!existsSync(file)) {
      out.push(
        ctx.report.error("startup-config-missing", `startup-config ${file} does not exist`, config.path, {
          suggestion: "paths are relative to the topology file's directory",
        }),
      );
    }
  }
  return out;
}

/** The kind cluster config is where fabric learns the cluster's nodes; without one there is none. */
export function kindClustersHaveConfig({ nodes, report }: RuleContext): Diagnostic[] {
  return nodes
    .filter((n) => n.kind?.value === "k8s-kind" && !n.startupConfig)
    .map((n) =>
      report.error(
        "k8s-kind-config-missing",
        `k8s-kind node "${n.name}" needs a startup-config: its kind cluster config file`,
        n.path,
        {
          at: "key",
          suggestion: "add `startup-config: cluster.yaml` (a kind.x-k8s.io/v1alpha4 Cluster)",
        },
      ),
    );
}
