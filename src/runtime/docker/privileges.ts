// containerlab runs every node privileged. Some daemons refuse that: this sandbox's runc fails
// at start with "unable to apply caps: operation not permitted" because the host lacks one
// capability privileged mode asks for. The fallback is the set FRR and containerlab's exec
// lines need: interfaces, routes and iptables (NET_ADMIN), ping and raw sockets (NET_RAW),
// mounts and namespaces (SYS_ADMIN). Which one a lab uses is decided once, by a probe container
// started before the lab's first node, and said in deploy's output.
import { FabricError } from "../../errors.js";
import { DockerApiError, type DockerApi } from "./api.js";
import { LABEL } from "./names.js";

export const PRIVILEGE_MODES = ["auto", "privileged", "capabilities"] as const;
export type PrivilegeRequest = (typeof PRIVILEGE_MODES)[number];
export type Privileges = "privileged" | "capabilities";

export const FALLBACK_CAPABILITIES = ["NET_ADMIN", "NET_RAW", "SYS_ADMIN"] as const;

/** Where the operator chooses: FABRIC_DOCKER_PRIVILEGES=auto|privileged|capabilities. */
export const PRIVILEGES_ENV = "FABRIC_DOCKER_PRIVILEGES";

export function parsePrivilegeRequest(value: string | undefined): PrivilegeRequest {
  if (value === undefined || value === "") return "auto";
  if ((PRIVILEGE_MODES as readonly string[]).includes(value)) return value as PrivilegeRequest;
  throw new FabricError(
    "invalid-privileges",
    `${PRIVILEGES_ENV}=${value} is not one of ${PRIVILEGE_MODES.join(", ")}`,
  );
}

/**
 * Whether a failed start means "the daemon will not run privileged containers" (then the
 * capability set is tried) rather than anything else (which is reported as it is). runc's
 * wording is the only signal the Engine API gives; the status is a plain 500.
 */
export function isPrivilegeRefusal(err: unknown): boolean {
  const message = err instanceof Error ? err.message : String(err);
  return /unable to apply caps|operation not permitted|permission denied|privileged mode is (disabled|not allowed)/i.test(
    message,
  );
}

export interface PrivilegeDecision {
  readonly privileges: Privileges;
  /** What deploy prints about it. */
  readonly note: string;
}

/**
 * Starts a throwaway container from `image` privileged, once, and decides. It exits at once
 * (`true`), has no network, carries the lab label so a crash mid-probe is swept by destroy,
 * and is removed whatever happens.
 */
export async function decidePrivileges(
  api: DockerApi,
  request: PrivilegeRequest,
  image: string,
  lab: string,
): Promise<PrivilegeDecision> {
  if (request === "capabilities") {
    return { privileges: "capabilities", note: `${capabilityText()} (${PRIVILEGES_ENV}=capabilities)` };
  }
  const probe = `fabric-probe-${lab}-${process.pid}`;
  let refusal: string | undefined;
  try {
    await api.removeContainer(probe);
    await api.createContainer({
      name: probe,
      Image: image,
      Entrypoint: ["true"],
      Cmd: [],
      Labels: { [LABEL.lab]: lab, [LABEL.node]: "privilege-probe" },
      HostConfig: { Privileged: true, NetworkMode: "none" },
    });
    await api.startContainer(probe);
  } catch (err) {
    if (!(err instanceof DockerApiError) || !isPrivilegeRefusal(err)) throw err;
    refusal = err.message;
  } finally {
    await api.removeContainer(probe);
  }
  if (refusal === undefined)
    return { privileges: "privileged", note: "containers run privileged, as containerlab's" };
  if (request === "privileged") {
    throw new FabricError("docker-privileged-refused", `dockerd refuses privileged containers: ${refusal}`, {
      suggestion: `unset ${PRIVILEGES_ENV} (or set it to capabilities) to run nodes with ${FALLBACK_CAPABILITIES.join(", ")}`,
    });
  }
  return {
    privileges: "capabilities",
    note: `dockerd refuses privileged containers (${shorten(refusal)}); ${capabilityText()}`,
  };
}

function capabilityText(): string {
  return `containers run unprivileged with ${FALLBACK_CAPABILITIES.join(", ")} and a writable /proc/sys`;
}

function shorten(message: string): string {
  const m = /unable to apply caps[^:]*: [^:]+/.exec(message);
  return m ? m[0] : message.length > 120 ? `${message.slice(0, 117)}…` : message;
}
