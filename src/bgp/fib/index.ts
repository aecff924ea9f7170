// Imported routes into the kernel: which next hops (multipath), how they resolve to gateways,
// and the batched writer.
export type { KernelAccess } from "./kernel-access.js";
export {
  FABRIC_PROTOCOL_NAMES,
  FABRIC_ROUTE_METRIC,
  RT_PROTO_FABRIC,
  flushOwnRoutesLines,
  namespaceKernel,
} from "./kernel-access.js";
export type { KernelFibDeps } from "./kernel-fib.js";
export { BATCH_DELAY_MS, KernelFib, deleteLine, gatewayWords, replaceLine } from "./kernel-fib.js";
export { forwardingNextHop, multipathNextHops } from "./multipath.js";
export type { Gateway, KernelTableRoute } from "./next-hop.js";
export { resolveNextHop } from "./next-hop.js";
