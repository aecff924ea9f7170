// kind cluster config → resolved Cluster.
export { kindNodeNames } from "./node-names.js";
export { isLabelKey, isLabelValue, parseNodeLabels, type NodeLabelsParse } from "./node-labels.js";
export { blockScalarMapping, readKubeadmPatch, type KubeadmPatch } from "./kubeadm-patch.js";
export {
  CONTROL_PLANE_TAINT,
  KIND_API_VERSION,
  KIND_DEFAULT_POD_SUBNET,
  KIND_DEFAULT_SERVICE_SUBNET,
  loadKindCluster,
  loadKindClusterText,
  type KindLoadResult,
} from "./load-kind.js";
