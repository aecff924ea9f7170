// Which runtime a command uses, and the prerequisite check that runs before anything is touched.
import { FabricError } from "../errors.js";
import { findProblems, prerequisitesError, realProbe, REQUIRED_TOOLS } from "../host/prerequisites.js";
import { DockerApiError } from "../runtime/docker/api.js";
import { parsePrivilegeRequest, PRIVILEGES_ENV } from "../runtime/docker/privileges.js";
import type { DockerRuntime } from "../runtime/docker/runtime.js";
import { NetnsRuntime } from "../runtime/netns/runtime.js";
import type { Runtime } from "../runtime/types.js";

/** On docker the host still wires links and the management network's FORWARD rule. */
const DOCKER_HOST_TOOLS = REQUIRED_TOOLS.filter((t) =>
  ["ip", "nsenter", "sysctl", "iptables"].includes(t.command),
);

export async function openRuntime(name: string): Promise<Runtime> {
  if (name === "docker") return openDocker();
  if (name !== "netns") throw new FabricError("runtime-unknown", `unknown runtime ${name}`);
  const problem = prerequisitesError(await findProblems(realProbe));
  if (problem) throw problem;
  return new NetnsRuntime();
}

async function openDocker(): Promise<DockerRuntime> {
  const problem = prerequisitesError(await findProblems(realProbe, DOCKER_HOST_TOOLS));
  if (problem) throw problem;
  const privileges = parsePrivilegeRequest(process.env[PRIVILEGES_ENV]);
  // Loaded only for docker: dockerode (with ssh2 and the rest it requires) was most of the module
  // loading of every netns deploy and destroy, which never talk to dockerd.
  const [{ dockerodeApi }, { DockerRuntime }] = await Promise.all([
    import("../runtime/docker/dockerode-api.js"),
    import("../runtime/docker/runtime.js"),
  ]);
  const api = dockerodeApi();
  try {
    await api.ping();
  } catch (cause) {
    const reason = cause instanceof DockerApiError ? cause.message : String(cause);
    throw new FabricError(
      "docker-unreachable",
      `cannot reach dockerd (${process.env["DOCKER_HOST"] ?? "/var/run/docker.sock"}): ${reason}`,
      {
        suggestion:
          "start dockerd (e.g. `systemctl start docker`; Debian package docker.io), or use --runtime netns",
        cause,
      },
    );
  }
  return new DockerRuntime(api, { privileges });
}
