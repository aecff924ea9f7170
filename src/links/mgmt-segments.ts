// A management network bigger than one Linux bridge. The kernel numbers bridge ports in 10 bits
// (BR_MAX_PORTS 1,023 in net/bridge/br_private.h; the 1,024th `ip link add … master BR` fails
// with EXFULL), so a lab of 1,024 or 4,096 nodes cannot hang every eth0 off one bridge. The lab's
// bridge (the "root", which holds the gateway address and the host-only rules) keeps the first
// PORTS_PER_BRIDGE nodes; each further block of nodes gets a bridge of its own, joined to the root
// by a veth trunk. That is one L2 segment, a tree (no loop, so no spanning tree is needed), and the
// host reaches every node through the root as before. The segment bridges carry no address, so
// nothing is routed from them: the rules on the root still cover every node.
//
// Why keep an eth0 for every Kubernetes node rather than drop theirs: kind gives each node an eth0
// on its docker network and containerlab gives every node one; `fabric inspect` lists the address
// and users reach nodes by it (ssh-like access, scraping), so a big lab keeps what a small one has.
import { InternalError } from "../errors.js";
import { MAX_BRIDGES, mgmtBridgesFor, PORTS_PER_BRIDGE } from "../model/mgmt-capacity.js";
import { mgmtSegmentNames } from "./names.js";

export { PORTS_PER_BRIDGE };

export interface MgmtSegmentRecord {
  /** A bridge with no address, holding one block of nodes' eth0 host ends. */
  readonly bridge: string;
  /** The veth trunk to the root bridge: `rootEnd` is enslaved to the root, `segmentEnd` to `bridge`. */
  readonly rootEnd: string;
  readonly segmentEnd: string;
}

/** The extra bridges `ports` node ports need (none up to PORTS_PER_BRIDGE). */
export function planMgmtSegments(
  lab: string,
  ports: number,
  perBridge: number = PORTS_PER_BRIDGE,
): MgmtSegmentRecord[] {
  if (!Number.isInteger(perBridge) || perBridge < 1)
    throw new InternalError(`ports per bridge must be ≥ 1, not ${perBridge}`);
  const bridges = mgmtBridgesFor(ports, perBridge);
  if (bridges > MAX_BRIDGES) {
    throw new InternalError(
      `${ports} management ports need ${bridges} bridges; validate allows ${MAX_BRIDGES}`,
    );
  }
  return Array.from({ length: bridges - 1 }, (_, i) => mgmtSegmentNames(lab, i + 1));
}

/** The bridge the `port`-th node (0-based, in attachment order) hangs off. */
export function bridgeForPort(
  root: string,
  segments: readonly MgmtSegmentRecord[],
  port: number,
  perBridge: number = PORTS_PER_BRIDGE,
): string {
  const block = Math.floor(port / perBridge);
  if (block === 0) return root;
  const segment = segments[block - 1];
  if (!segment)
    throw new InternalError(`management port ${port} is past the ${segments.length + 1} planned bridges`);
  return segment.bridge;
}
