// Every command the kind provider runs, as pure functions returning argv arrays (DESIGN.md §4.8),
// so unit tests assert exactly what would run and nothing is ever built as a shell string.
//
// kubectl always names the context kind wrote (`kind-<cluster>`), so a user's current context
// is never the one fabric applies manifests to.

export interface Command {
  readonly file: string;
  readonly args: readonly string[];
}

/** Where kind's node image keeps CNI configuration; the kubelet's runtime watches it. */
export const CNI_CONF_DIR = "/etc/cni/net.d";
/** Sorts before anything a real CNI would install (Cilium writes 05-cilium.conflist). */
export const FABRIC_CNI_FILE = `${CNI_CONF_DIR}/10-fabric-ptp.conflist`;

/** The kubeconfig context kind creates for a cluster. */
export function kindContext(cluster: string): string {
  return `kind-${cluster}`;
}

/**
 * The user's kind config, as is (containerlab's k8s-kind does the same); `--name` wins over the
 * config's `name`, which is how a containerlab node names its cluster. `waitSeconds` 0 leaves
 * `--wait` out: kind only prints a warning when it times out (waitforready.go returns nil), so
 * waiting on a cluster without a CNI yet would only burn the time.
 */
export function kindCreateCluster(cluster: string, configFile: string, waitSeconds: number): Command {
  const wait = waitSeconds > 0 ? ["--wait", `${waitSeconds}s`] : [];
  return { file: "kind", args: ["create", "cluster", "--name", cluster, "--config", configFile, ...wait] };
}

/** Prints the node container names, one a line. */
export function kindGetNodes(cluster: string): Command {
  return { file: "kind", args: ["get", "nodes", "--name", cluster] };
}

/** Idempotent: kind deletes nothing and exits 0 when the cluster does not exist. */
export function kindDeleteCluster(cluster: string): Command {
  return { file: "kind", args: ["delete", "cluster", "--name", cluster] };
}

export function kubectlGetNodes(cluster: string): Command {
  return { file: "kubectl", args: ["--context", kindContext(cluster), "get", "nodes", "-o", "json"] };
}

export function kubectlWaitNodesReady(cluster: string, timeoutSeconds: number): Command {
  return {
    file: "kubectl",
    args: [
      "--context",
      kindContext(cluster),
      "wait",
      "--for=condition=Ready",
      "nodes",
      "--all",
      `--timeout=${timeoutSeconds}s`,
    ],
  };
}

export function kubectlApply(cluster: string, manifestFile: string): Command {
  return { file: "kubectl", args: ["--context", kindContext(cluster), "apply", "-f", manifestFile] };
}

export function kubectlGetPods(cluster: string, namespace: string): Command {
  return {
    file: "kubectl",
    args: ["--context", kindContext(cluster), "get", "pods", "--namespace", namespace, "-o", "json"],
  };
}

/** The node container's pid 1 as the host sees it: `/proc/<pid>/ns/net` is the node's netns. */
export function dockerInspectPid(container: string): Command {
  return { file: "docker", args: ["inspect", "-f", "{{.State.Pid}}", container] };
}

export function dockerMkdir(container: string, dir: string): Command {
  return { file: "docker", args: ["exec", container, "mkdir", "-p", dir] };
}

/** Writes stdin to a file inside a node container; `tee` is in every kind node image. */
export function dockerWriteFile(container: string, path: string): Command {
  return { file: "docker", args: ["exec", "-i", container, "tee", path] };
}

/** Exits 0 only when the host's dockerd has the image (by name:tag or id). */
export function dockerImageInspect(image: string): Command {
  return { file: "docker", args: ["image", "inspect", "--format", "{{.Id}}", image] };
}

/** Copies an image from the host's docker into every node of the cluster (their containerd). */
export function kindLoadImage(cluster: string, image: string): Command {
  return { file: "kind", args: ["load", "docker-image", "--name", cluster, image] };
}

/** Runs argv in a pod's first container, as `kubectl exec` does; no shell is involved. */
export function kubectlExec(
  cluster: string,
  namespace: string,
  pod: string,
  argv: readonly string[],
  stdin = false,
): Command {
  return {
    file: "kubectl",
    args: [
      "--context",
      kindContext(cluster),
      "exec",
      "--namespace",
      namespace,
      ...(stdin ? ["-i"] : []),
      pod,
      "--",
      ...argv,
    ],
  };
}
