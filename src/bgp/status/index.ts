// Public API of the status views: rows, the control protocol, and Cilium-style tables.
export type { PeerRow, RouteRow, SessionStateName } from "./types.js";
export type { ControlRequest, ControlResponse, ParsedRequest, RouteKind } from "./protocol.js";
export { parseRequest } from "./protocol.js";
export {
  formatAttrs,
  formatPeers,
  formatRoutesAdvertised,
  formatRoutesAvailable,
  renderTable,
} from "./format.js";
export { routeRow, sessionStateName } from "./rows.js";
