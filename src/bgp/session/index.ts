// Public API of the session layer: the only code that touches sockets and timers.
export { sessionCapabilities, isIpv6Peer } from "./capabilities.js";
export { BgpConnection, plainAddress } from "./connection.js";
export { PeerSession, type PeerSessionOptions, type SessionEvents } from "./peer-session.js";
export { buildUpdates } from "./updates.js";
export { connectTo, defaultTtl, describeConnectError } from "./tcp.js";
