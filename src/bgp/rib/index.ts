// Public API of the RIB: Adj-RIB-In, Loc-RIB with named best-path comparators, Adj-RIB-Out
// with export policy, and the views behind `show bgp routes`.

export { compareAddresses } from "./address.js";
export type { PeerInfo } from "./adj-rib-in.js";
export { AdjRibIn } from "./adj-rib-in.js";
export type { AdvertisedRoute, RibOutDiff } from "./adj-rib-out.js";
export { AdjRibOut } from "./adj-rib-out.js";
export { attributesEqual } from "./attributes-equal.js";
export type { BestPathOptions, Comparator, Selection } from "./best-path.js";
export {
  BEST_PATH_STEPS,
  DEFAULT_BEST_PATH_OPTIONS,
  DEFAULT_LOCAL_PREF,
  asPathLength,
  compareRoutes,
  neighborAs,
  selectBest,
} from "./best-path.js";
export type { ExportContext, ExportDecision, ExportPeer } from "./export-policy.js";
export { exportRoute, prependAs } from "./export-policy.js";
export type { LocRibChange, LocRibEntry } from "./loc-rib.js";
export { LocRib } from "./loc-rib.js";
export {
  originAttributes,
  originate,
  parseCommunity,
  parseLargeCommunity,
  parsePrefix,
} from "./local-routes.js";
export { AttributeInterner } from "./intern.js";
export { PrefixSet } from "./prefix-set.js";
export type { PrefixLimitExceeded, ReceiveOutcome, ReceivedRoutes, RibOptions } from "./rib.js";
export { Rib } from "./rib.js";
export type { Route, RouteSource } from "./route.js";
export { Arrival, LearnedRoute } from "./route.js";
export { isEbgp, isIbgp, sourceId } from "./route.js";
export type { RouteView, ViewFilter } from "./views.js";
export {
  comparePrefixes,
  formatAge,
  formatAsPath,
  formatCommunity,
  formatLargeCommunity,
  routesAdvertised,
  routesAvailable,
} from "./views.js";
