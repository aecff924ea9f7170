// Cilium BGP v2 CRDs → checked resources → one SpeakerConfig per Kubernetes node.
export * from "./types.js";
export {
  CILIUM_API_VERSIONS,
  loadCiliumBgp,
  loadCiliumBgpFiles,
  type CiliumLoadResult,
} from "./load-cilium.js";
export { resolveSpeakers, type ResolveResult } from "./resolve.js";
export { readLabelSelector, selectorMatches } from "./label-selector.js";
export {
  CILIUM_WELL_KNOWN_COMMUNITIES,
  parseLargeCommunity,
  parseStandardCommunity,
  readAttributes,
} from "./communities.js";
export { DEFAULT_FAMILIES, DEFAULT_RESTART_TIME_SECONDS, defaultPeerConfig } from "./parse-peer-config.js";
export { familyAdvertisements } from "./advertisements.js";
