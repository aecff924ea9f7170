// Kubernetes manifests (DaemonSet, Pod, Service) → workloads and Services; pod placement.
export { loadManifestFiles, loadManifests, type ManifestsResult } from "./load-manifests.js";
export { blockingTaints, matchesNodeSelector, placePods, toleratesTaint } from "./placement.js";
export { readTolerations, TAINT_EFFECTS } from "./tolerations.js";
export { DocReader, isRecord, name as fieldName, type Json, type ReaderOptions } from "./doc-reader.js";
