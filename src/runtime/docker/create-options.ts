// The Engine API body that creates a node's container. Pure, so every choice here is unit-tested.
import type { NodeSpec } from "../types.js";
import type { ContainerCreateOptions, ImageCommand } from "./api.js";
import { containerLabels } from "./names.js";
import { FALLBACK_CAPABILITIES, type Privileges } from "./privileges.js";
import { shellWords } from "./shell-words.js";

export interface ContainerPlan {
  readonly spec: NodeSpec;
  readonly name: string;
  readonly image: string;
  readonly imageCommand: ImageCommand;
  readonly privileges: Privileges;
  /** `network-mode: container:X`: the container whose network namespace this node joins. */
  readonly sharesWith?: string;
}

/** Docker's default read-only paths without /proc/sys (see `privilegeOptions`). */
const READONLY_PATHS_BUT_SYS = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sysrq-trigger"];

/** For a container that would have nothing to run: it must stay up for exec to enter it. */
export const KEEPALIVE = ["sleep", "infinity"] as const;

/**
 * The command the container runs, as Docker combines them: a node's `entrypoint` replaces the
 * image's and then drops the image's CMD too; a node's `cmd` replaces only the CMD.
 */
export function effectiveCommand(
  spec: Pick<NodeSpec, "cmd" | "entrypoint">,
  image: ImageCommand,
): { entrypoint?: string[]; cmd?: string[]; keepalive: boolean } {
  const entrypoint = spec.entrypoint === undefined ? undefined : shellWords(spec.entrypoint);
  const cmd = spec.cmd === undefined ? undefined : shellWords(spec.cmd);
  const runs = [...(entrypoint ?? image.entrypoint), ...(cmd ?? (entrypoint === undefined ? image.cmd : []))];
  if (runs.length > 0) {
    return { ...(entrypoint && { entrypoint }), ...(cmd && { cmd }), keepalive: false };
  }
  return { entrypoint: [], cmd: [...KEEPALIVE], keepalive: true };
}

export function containerCreateOptions(plan: ContainerPlan): ContainerCreateOptions {
  const { spec } = plan;
  const command = effectiveCommand(spec, plan.imageCommand);
  const shares = plan.sharesWith !== undefined;
  // Neither a management network nor a shared one: an emulated Kubernetes node or a pod, whose
  // only interfaces are fabric's veths (NetworkMode none), as on the netns runtime.
  return {
    name: plan.name,
    Image: plan.image,
    // Docker refuses a hostname for a container that shares another's network (and UTS) setup.
    ...(!shares && { Hostname: spec.hostname ?? spec.name }),
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    Labels: containerLabels(spec.lab, spec.name, spec.labels),
    ...(command.entrypoint && { Entrypoint: command.entrypoint }),
    ...(command.cmd && { Cmd: command.cmd }),
    // As containerlab does: a terminal and an open stdin, so `cmd: bash` (common in linux
    // nodes) waits for input instead of exiting at once on end of file.
    Tty: true,
    OpenStdin: true,
    HostConfig: {
      Binds: spec.binds.map((b) => `${b.source}:${b.target}${b.readOnly ? ":ro" : ""}`),
      NetworkMode: shares ? `container:${plan.sharesWith}` : (spec.mgmt?.network.name ?? "none"),
      RestartPolicy: { Name: "no" },
      ...privilegeOptions(plan.privileges),
      // Veths moved in later take `default`'s IPv6 setting; BGP unnumbered needs their
      // link-local addresses. Network sysctls belong to the owner of the namespace.
      ...(!shares && {
        Sysctls: { "net.ipv6.conf.all.disable_ipv6": "0", "net.ipv6.conf.default.disable_ipv6": "0" },
      }),
    },
    ...(!shares &&
      spec.mgmt && {
        NetworkingConfig: {
          EndpointsConfig: {
            [spec.mgmt.network.name]: { IPAMConfig: { IPv4Address: spec.mgmt.address.split("/")[0] ?? "" } },
          },
        },
      }),
  };
}

/**
 * Unprivileged nodes also get a writable /proc/sys: containerlab's exec lines and fabric's
 * linux kind set sysctls (forwarding), which a privileged container could. Like privileged
 * mode, that lets the node's root change host-wide sysctls; the other read-only and masked
 * paths stay as Docker sets them.
 */
function privilegeOptions(privileges: Privileges): NonNullable<ContainerCreateOptions["HostConfig"]> {
  if (privileges === "privileged") return { Privileged: true };
  return { CapAdd: [...FALLBACK_CAPABILITIES], ReadonlyPaths: READONLY_PATHS_BUT_SYS };
}
