// Public API of the BGP-4 wire codec.
export * from "./constants.js";
export { BgpDecodeError, BgpEncodeError, ErrorHandling, worstHandling, notification } from "./errors.js";
export type { CodecContext } from "./context.js";
export { INITIAL_CONTEXT, MODERN_CONTEXT } from "./context.js";
export { Reader, type Underflow } from "./reader.js";
export { Writer } from "./writer.js";
export { Framer } from "./framer.js";
export { readHeader, frame, type MessageHeader } from "./header.js";
export { decodeCapability, encodeCapability, decodeCapabilities, effectiveAsn } from "./capabilities.js";
export { decodeOpen, encodeOpen, BGP_VERSION, type OpenMessage } from "./open.js";
export { validateOpen, type OpenExpectations } from "./validate-open.js";
export { decodeUpdate, encodeUpdate, encodeEndOfRib, endOfRibUpdate } from "./update.js";
export type { UpdateMessage, ReceivedUpdate, Route } from "./update.js";
export type { MpReach, MpUnreach } from "./attributes/types.js";
export type { AttributeLayout, DiscardedAttribute, TreatAsWithdraw } from "./attributes/decode-list.js";
export { mergeAs4, pathLength } from "./attributes/as4-merge.js";
export {
  decodeNotification,
  encodeNotification,
  notificationMessage,
  type NotificationMessage,
} from "./notification.js";
export { decodeKeepalive, encodeKeepalive, type KeepaliveMessage } from "./keepalive.js";
export {
  decodeRouteRefresh,
  encodeRouteRefresh,
  RouteRefreshSubtype,
  type RouteRefreshMessage,
} from "./route-refresh.js";
export {
  decodeMessage,
  encodeMessage,
  type BgpMessage,
  type BgpMessageType,
  type ReceivedMessage,
} from "./message.js";
export { decodePrefix, decodePrefixes, encodePrefix, encodePrefixes, normalizePrefix } from "./nlri.js";
