// Records of the wiring fabric made, JSON-serialisable and complete enough that teardown needs
// nothing else, even after a crash between writing a record and making what it describes.
import type { IptablesRule } from "../host/iptables.js";
import type { MgmtSegmentRecord } from "./mgmt-segments.js";

export interface LinkEnd {
  readonly node: string;
  /** Network namespace file of that end's node (`/run/netns/<lab>-<node>`). */
  readonly netns: string;
  readonly ifname: string;
}

export interface VethLinkRecord {
  readonly kind: "veth";
  readonly a: LinkEnd;
  readonly b: LinkEnd;
  readonly mtu: number;
}

export interface MgmtNetworkRecord {
  readonly kind: "mgmt-network";
  readonly lab: string;
  readonly bridge: string;
  readonly subnet: string;
  /** `a.b.c.d/len` held by the host on the bridge: the subnet's first address. */
  readonly gateway: string;
  /** Present when the host forwards IPv4: the FORWARD rule that keeps node traffic on the host. */
  readonly forwardDrop?: IptablesRule;
  /** The INPUT rule that keeps nodes from host services behind the bridge address (absent in older records). */
  readonly inputDrop?: IptablesRule;
  /** Extra bridges trunked to `bridge` when the nodes need more ports than one holds (absent: none). */
  readonly segments?: readonly MgmtSegmentRecord[];
  /** Node ports per bridge the attachments were spread with (absent in older records: one bridge). */
  readonly portsPerBridge?: number;
}

export interface MgmtAttachmentRecord {
  readonly kind: "mgmt-attachment";
  readonly bridge: string;
  readonly hostIfname: string;
  readonly node: LinkEnd;
  readonly address: string;
}

export type WiringRecord = VethLinkRecord | MgmtNetworkRecord | MgmtAttachmentRecord;
