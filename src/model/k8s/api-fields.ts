// The field names the Kubernetes API accepts at each level of the objects fabric reads (core/v1
// Pod and Service, apps/v1 DaemonSet and Deployment, as of Kubernetes 1.35), so that a misspelled
// field is reported as `kubectl apply`'s strict field validation would, with a did-you-mean hint.
// Every level fabric reads a field from, and the levels on the way to them, is checked; the inside
// of objects fabric never reads (probes, volumes, securityContext, affinity…) is not.
import type { YamlPath } from "../source.js";
import { isRecord, type DocReader } from "./doc-reader.js";

const OBJECT = ["apiVersion", "kind", "metadata", "spec", "status"] as const;

const OBJECT_META = [
  "annotations",
  "creationTimestamp",
  "deletionGracePeriodSeconds",
  "deletionTimestamp",
  "finalizers",
  "generateName",
  "generation",
  "labels",
  "managedFields",
  "name",
  "namespace",
  "ownerReferences",
  "resourceVersion",
  "selfLink",
  "uid",
] as const;

const LABEL_SELECTOR = ["matchLabels", "matchExpressions"] as const;

const POD_TEMPLATE = ["metadata", "spec"] as const;

const DAEMON_SET_SPEC = [
  "minReadySeconds",
  "revisionHistoryLimit",
  "selector",
  "template",
  "updateStrategy",
] as const;

const DEPLOYMENT_SPEC = [
  "minReadySeconds",
  "paused",
  "progressDeadlineSeconds",
  "replicas",
  "revisionHistoryLimit",
  "selector",
  "strategy",
  "template",
] as const;

const POD_SPEC = [
  "activeDeadlineSeconds",
  "affinity",
  "automountServiceAccountToken",
  "containers",
  "dnsConfig",
  "dnsPolicy",
  "enableServiceLinks",
  "ephemeralContainers",
  "evictionResponders",
  "hostAliases",
  "hostIPC",
  "hostNetwork",
  "hostPID",
  "hostUsers",
  "hostname",
  "hostnameOverride",
  "imagePullSecrets",
  "initContainers",
  "nodeName",
  "nodeSelector",
  "os",
  "overhead",
  "preemptionPolicy",
  "priority",
  "priorityClassName",
  "readinessGates",
  "resourceClaims",
  "resources",
  "restartPolicy",
  "runtimeClassName",
  "schedulerName",
  "schedulingGates",
  "schedulingGroup",
  "securityContext",
  "serviceAccount",
  "serviceAccountName",
  "setHostnameAsFQDN",
  "shareProcessNamespace",
  "subdomain",
  "terminationGracePeriodSeconds",
  "tolerations",
  "topologySpreadConstraints",
  "volumes",
] as const;

const CONTAINER = [
  "args",
  "command",
  "env",
  "envFrom",
  "image",
  "imagePullPolicy",
  "lifecycle",
  "livenessProbe",
  "name",
  "ports",
  "readinessProbe",
  "resizePolicy",
  "resources",
  "restartPolicy",
  "restartPolicyRules",
  "securityContext",
  "startupProbe",
  "stdin",
  "stdinOnce",
  "terminationMessagePath",
  "terminationMessagePolicy",
  "tty",
  "volumeDevices",
  "volumeMounts",
  "workingDir",
] as const;

const CONTAINER_PORT = ["containerPort", "hostIP", "hostPort", "name", "protocol"] as const;

const SERVICE_SPEC = [
  "allocateLoadBalancerNodePorts",
  "clusterIP",
  "clusterIPs",
  "externalIPs",
  "externalName",
  "externalTrafficPolicy",
  "healthCheckNodePort",
  "internalTrafficPolicy",
  "ipFamilies",
  "ipFamilyPolicy",
  "loadBalancerClass",
  "loadBalancerIP",
  "loadBalancerSourceRanges",
  "ports",
  "publishNotReadyAddresses",
  "selector",
  "sessionAffinity",
  "sessionAffinityConfig",
  "trafficDistribution",
  "type",
] as const;

const SERVICE_PORT = ["appProtocol", "name", "nodePort", "port", "protocol", "targetPort"] as const;

const SERVICE_STATUS = ["conditions", "loadBalancer"] as const;
const LOAD_BALANCER_STATUS = ["ingress"] as const;
const LOAD_BALANCER_INGRESS = ["hostname", "ip", "ipMode", "ports"] as const;

/** The kinds whose fields this module knows. */
export type CheckedKind = "Pod" | "DaemonSet" | "Deployment" | "Service";

/** Report every unknown field of one object, at its key, with the reader's severity. */
export function checkApiFields(r: DocReader, kind: CheckedKind): void {
  fields(r, [], OBJECT);
  fields(r, ["metadata"], OBJECT_META);
  switch (kind) {
    case "Pod":
      checkPodSpec(r, ["spec"]);
      return;
    case "DaemonSet":
    case "Deployment":
      fields(r, ["spec"], kind === "DaemonSet" ? DAEMON_SET_SPEC : DEPLOYMENT_SPEC);
      fields(r, ["spec", "selector"], LABEL_SELECTOR);
      fields(r, ["spec", "template"], POD_TEMPLATE);
      fields(r, ["spec", "template", "metadata"], OBJECT_META);
      checkPodSpec(r, ["spec", "template", "spec"]);
      return;
    case "Service":
      fields(r, ["spec"], SERVICE_SPEC);
      eachItem(r, ["spec", "ports"], (at) => fields(r, at, SERVICE_PORT));
      fields(r, ["status"], SERVICE_STATUS);
      fields(r, ["status", "loadBalancer"], LOAD_BALANCER_STATUS);
      eachItem(r, ["status", "loadBalancer", "ingress"], (at) => fields(r, at, LOAD_BALANCER_INGRESS));
      return;
  }
}

function checkPodSpec(r: DocReader, spec: YamlPath): void {
  fields(r, spec, POD_SPEC);
  for (const list of ["containers", "initContainers"]) {
    eachItem(r, [...spec, list], (container) => {
      fields(r, container, CONTAINER);
      eachItem(r, [...container, "ports"], (port) => fields(r, port, CONTAINER_PORT));
    });
  }
}

/**
 * The unknown fields of the mapping at `path`, if there is one there: a value of another shape is
 * the field readers' to report (workloads.ts, services.ts), once.
 */
function fields(r: DocReader, path: YamlPath, known: readonly string[]): void {
  if (isRecord(r.get(path))) r.unknownKeys(path, known);
}

/** Calls `check` with the path of each mapping in the list at `path` (other shapes are reported elsewhere). */
function eachItem(r: DocReader, path: YamlPath, check: (at: YamlPath) => void): void {
  const items = r.get(path);
  if (!Array.isArray(items)) return;
  items.forEach((item, i) => {
    if (isRecord(item)) check([...path, i]);
  });
}
