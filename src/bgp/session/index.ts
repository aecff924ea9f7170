// Public API of the session layer: the only code that touches sockets and timers.
export { sessionCapabilities, isIpv6Peer } from "./capabilities.js";
export { BgpConnection, plainAddress } from "./connection.js";
export { PeerSession, type PeerSessionOptions, type SessionEvents } from "./peer-session.js";
export { buildUpdates } from "./updates.js";
export { defaultTtl, describeConnectError, plainSockets, sessionTtl, type SocketPlace } from "./tcp.js";
