// DaemonSet and Pod manifests → Workload: what fabric needs to start the pods (labels, the first
// container's image and command) and to place them (nodeSelector, tolerations, nodeName).
import type { Workload } from "../model.js";
import type { YamlPath } from "../source.js";
import type { DocReader } from "./doc-reader.js";
import { readTolerations } from "./tolerations.js";

export interface ObjectMeta {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
}

export function readMeta(r: DocReader, kind: string): ObjectMeta | undefined {
  const name = r.string(["metadata", "name"]);
  const namespace = r.string(["metadata", "namespace"]) ?? "default";
  const labels = r.stringMap(["metadata", "labels"]);
  if (name === undefined || name === "") {
    r.error(
      ["metadata"],
      "k8s-missing-name",
      `this ${kind} has no metadata.name`,
      "every object needs a name",
    );
    return undefined;
  }
  return { name, namespace, labels };
}

/** The pod spec at `spec` (a Pod) or `spec.template.spec` (a DaemonSet). */
function readPodSpec(
  r: DocReader,
  spec: YamlPath,
  kind: string,
): Pick<
  Workload,
  "image" | "imagePullPolicy" | "command" | "nodeSelector" | "tolerations" | "nodeName" | "containerPorts"
> {
  const containers = r.array([...spec, "containers"]) ?? [];
  if (containers.length === 0) {
    r.error(
      [...spec, "containers"],
      "k8s-no-containers",
      `this ${kind} has no containers`,
      "add spec.containers with an image",
    );
  } else if (containers.length > 1) {
    r.warn(
      [...spec, "containers", 1],
      "k8s-extra-containers",
      "fabric runs only the first container of a pod; the others are ignored",
    );
  }
  const image = r.string([...spec, "containers", 0, "image"]);
  const imagePullPolicy = r.string([...spec, "containers", 0, "imagePullPolicy"]);
  // `command` replaces the image's entrypoint and `args` follow it; without the image's own
  // entrypoint at hand, fabric runs command followed by args.
  const command = [
    ...r.stringList([...spec, "containers", 0, "command"]),
    ...r.stringList([...spec, "containers", 0, "args"]),
  ];
  const nodeName = r.string([...spec, "nodeName"]);
  const containerPorts = readContainerPorts(r, [...spec, "containers", 0, "ports"]);
  return {
    ...(image !== undefined ? { image } : {}),
    ...(imagePullPolicy !== undefined ? { imagePullPolicy } : {}),
    command,
    ...(containerPorts.length > 0 && { containerPorts }),
    nodeSelector: r.stringMap([...spec, "nodeSelector"]),
    tolerations: readTolerations(r, [...spec, "tolerations"]),
    ...(nodeName !== undefined ? { nodeName } : {}),
  };
}

/** Named container ports: what a Service's `targetPort: http` refers to. */
function readContainerPorts(r: DocReader, path: YamlPath): { name: string; port: number }[] {
  const out: { name: string; port: number }[] = [];
  (r.array(path) ?? []).forEach((_, i) => {
    const port = r.integer([...path, i, "containerPort"], 1, 65535, "k8s-bad-port");
    const name = r.string([...path, i, "name"]);
    if (port !== undefined && name !== undefined) out.push({ name, port });
  });
  return out;
}

/** A DaemonSet's or Deployment's template: its labels, checked against spec.selector. */
function templateLabels(r: DocReader): Record<string, string> {
  const labels = r.stringMap(["spec", "template", "metadata", "labels"]);
  const selector = r.stringMap(["spec", "selector", "matchLabels"]);
  const mismatch = Object.entries(selector).find(([k, v]) => labels[k] !== v);
  if (mismatch) {
    r.error(
      ["spec", "selector", "matchLabels", mismatch[0]],
      "k8s-selector-mismatch",
      `selector ${mismatch[0]}=${mismatch[1]} does not match the pod template's labels`,
      "the API server requires spec.selector to match spec.template.metadata.labels",
    );
  }
  return labels;
}

/** Kubernetes defaults spec.replicas to 1; 0 is valid (a Deployment scaled down). */
export function readDeployment(r: DocReader): Workload | undefined {
  const meta = readMeta(r, "Deployment");
  const labels = templateLabels(r);
  const replicas = r.integer(["spec", "replicas"], 0, 1000, "k8s-bad-replicas") ?? 1;
  const pod = readPodSpec(r, ["spec", "template", "spec"], "Deployment");
  if (meta === undefined) return undefined;
  return {
    kind: "Deployment",
    namespace: meta.namespace,
    name: meta.name,
    labels,
    ...pod,
    replicas,
    location: r.at(["metadata", "name"]),
  };
}

export function readDaemonSet(r: DocReader): Workload | undefined {
  const meta = readMeta(r, "DaemonSet");
  const labels = templateLabels(r);
  const pod = readPodSpec(r, ["spec", "template", "spec"], "DaemonSet");
  if (meta === undefined) return undefined;
  return {
    kind: "DaemonSet",
    namespace: meta.namespace,
    name: meta.name,
    labels,
    ...pod,
    location: r.at(["metadata", "name"]),
  };
}

export function readPod(r: DocReader): Workload | undefined {
  const meta = readMeta(r, "Pod");
  const pod = readPodSpec(r, ["spec"], "Pod");
  if (meta === undefined) return undefined;
  return {
    kind: "Pod",
    namespace: meta.namespace,
    name: meta.name,
    labels: meta.labels,
    ...pod,
    location: r.at(["metadata", "name"]),
  };
}
