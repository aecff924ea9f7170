// The kind cluster provider: real kind clusters, entered by pid for fabric's links and speaker.
export * from "./commands.js";
export { ptpConflist, KIND_POD_MTU } from "./cni.js";
export * from "./compare.js";
export { KindErrorCode } from "./errors.js";
export { parseNodes, type ObservedNode } from "./parse-nodes.js";
export { parsePods, type ObservedPod } from "./parse-pods.js";
export { manifestFiles } from "./manifests.js";
export * from "./pod-readiness.js";
export { realClock, type Clock } from "../../util/poll.js";
export * from "./provider.js";
export * from "./types.js";
export { execaRunner, mustRun, type CommandRunner, type RunnerOptions } from "./runner.js";
export { KIND_TOOLS, kindAvailable, missingToolsError, type KindTool } from "./tools.js";
