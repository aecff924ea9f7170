// RFC 4271 §6.2 checks on a peer's OPEN that need our configuration, not just its octets.
import { AS_TRANS, ErrorCode, type NotificationData } from "../model.js";
import { effectiveAsn } from "./capabilities.js";
import { OpenSubcode } from "./constants.js";
import { notification } from "./errors.js";
import { BGP_VERSION, unsupportedVersion, type OpenMessage } from "./open.js";

export interface OpenExpectations {
  /** The peer's configured ASN; 0 accepts any (Cilium's `peerASN: 0`). */
  readonly peerAsn: number;
  /** Our own ASN, to tell iBGP from eBGP for the BGP Identifier check (RFC 6286 §2.1). */
  readonly localAsn: number;
  /** Our BGP Identifier (dotted quad). */
  readonly localBgpId: string;
  /** The smallest non-zero hold time we accept; RFC 4271 §4.2 makes 3 the floor. */
  readonly minHoldTime?: number;
}

/** The NOTIFICATION to send if the OPEN is unacceptable, or undefined if it is fine. */
export function validateOpen(open: OpenMessage, expect: OpenExpectations): NotificationData | undefined {
  if (open.version !== BGP_VERSION) return unsupportedVersion();

  const asn = effectiveAsn(open.myAs, open.capabilities);
  const fourOctet = open.capabilities.some((c) => c.type === "four-octet-as");
  // RFC 6793 §4.1: with the capability, My AS must be the ASN itself or AS_TRANS if it is large.
  const myAsConsistent = !fourOctet || open.myAs === (asn > 0xffff ? AS_TRANS : asn);
  // RFC 7607 §2: AS 0 is never a valid peer AS.
  if (asn === 0 || !myAsConsistent || (expect.peerAsn !== 0 && asn !== expect.peerAsn)) {
    return notification(ErrorCode.openMessage, OpenSubcode.badPeerAs);
  }

  // RFC 6286 §2.1: any non-zero value is valid, but two iBGP speakers may not share one.
  if (open.bgpId === "0.0.0.0" || (asn === expect.localAsn && open.bgpId === expect.localBgpId)) {
    return notification(ErrorCode.openMessage, OpenSubcode.badBgpIdentifier);
  }

  // RFC 4271 §4.2/§6.2: hold time is 0 or at least 3 seconds.
  const min = Math.max(3, expect.minHoldTime ?? 3);
  if (open.holdTime !== 0 && open.holdTime < min) {
    return notification(ErrorCode.openMessage, OpenSubcode.unacceptableHoldTime);
  }
  return undefined;
}
