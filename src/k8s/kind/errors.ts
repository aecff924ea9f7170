// Stable codes for every failure of the kind provider, for scripts and tests to match on.
export const KindErrorCode = {
  toolsMissing: "kind-tools-missing",
  createFailed: "kind-create-failed",
  commandFailed: "kind-command-failed",
  outputInvalid: "kind-output-invalid",
  nodesNotReady: "kind-nodes-not-ready",
  podCidrMissing: "kind-podcidr-missing",
  mismatch: "kind-cluster-mismatch",
  podsNotReady: "kind-pods-not-ready",
  imageMissing: "kind-image-missing",
  imagePullAlways: "kind-image-pull-always",
} as const;
