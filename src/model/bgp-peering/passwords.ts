// Do both ends of a speaker session agree on TCP-MD5 (RFC 2385)? The node's password is the
// `password` of the Secret its CiliumBGPPeerConfig's authSecretRef names; the router's is
// `neighbor X password P`, on the neighbor itself or on its peer-group (which also covers the
// group's listen ranges). A segment signed with another key, or signed where none is expected,
// or unsigned where one is, is dropped by the receiving kernel: the session never comes up, and
// the only trace at run time is a counter. So any difference is an error here.
//
// Messages name the lines that set the passwords, never the passwords: validate's output ends up
// in terminals, CI logs and issue reports.
import type { Diagnostic, Location } from "../../errors.js";
import type { PeerConfig } from "../../bgp/config/speaker-config.js";
import type { CiliumBgpResources, PeerSpec } from "../cilium/types.js";
import { BGP_SECRETS_NAMESPACE } from "../cilium/parse-secret.js";
import type { FrrNeighborSettings } from "./frr-bgp.js";

/** The node's end: what resolve made of authSecretRef, and where each part is written. */
export interface SpeakerPassword {
  readonly nodeName: string;
  /** The session as messages name it, e.g. `peer 10.0.0.1`. */
  readonly session: string;
  readonly peer: Pick<PeerConfig, "password" | "authSecretRef">;
  /** The CiliumBGPPeerConfig the peer uses; absent: Cilium's default one (no authSecretRef). */
  readonly peerConfig?: { readonly name: string; readonly location: Location };
  readonly authSecretRefAt?: Location;
  /** The Secret's password line. */
  readonly secretAt?: Location;
  /** The peer's entry in the CiliumBGPClusterConfig. */
  readonly peerAt?: Location;
}

/** The router's end: the neighbor (or listen range's peer-group) that takes this session. */
export interface RouterPassword {
  readonly name: string;
  /** How the router names the node in a fix: its address, interface or peer-group. */
  readonly neighbor: string;
  readonly settings: FrrNeighborSettings;
}

export function checkPasswords(
  speaker: SpeakerPassword,
  router: RouterPassword,
  where: (l: Location) => string,
): Diagnostic[] {
  const at = (l: Location | undefined): { location?: Location } => (l ? { location: l } : {});
  const ref = speaker.peer.authSecretRef;
  const mine = speaker.peer.password;
  const theirs = router.settings.password;
  // authSecretRef without a password: the Secret is missing or has no key, which resolve has
  // already reported at authSecretRef. Comparing would only say the same thing again.
  if (ref !== undefined && mine === undefined) return [];
  const secret = ref !== undefined ? `Secret ${BGP_SECRETS_NAMESPACE}/${ref}` : "the node's password";
  if (mine !== undefined && theirs !== undefined) {
    if (mine === theirs.value) return [];
    return [
      {
        severity: "error",
        code: "bgp-peer-password-mismatch",
        message: `TCP-MD5 passwords differ for ${speaker.session}: ${secret} (authSecretRef) and ${router.name}'s \`neighbor ${theirs.setOn} password\` (${where(theirs.location)}) are not the same: each end drops the other's segments and the session never comes up`,
        ...at(speaker.secretAt ?? speaker.authSecretRefAt ?? speaker.peerAt),
        suggestion: `make the Secret's password and ${router.name}'s \`neighbor ${theirs.setOn} password\` the same`,
      },
    ];
  }
  if (mine !== undefined) {
    return [
      {
        severity: "error",
        code: "bgp-peer-password-missing",
        message: `${speaker.nodeName} signs its segments to ${speaker.session} (${secret}${speaker.peerConfig ? ` of CiliumBGPPeerConfig "${speaker.peerConfig.name}"` : ""}), but no password is set for it on ${router.name} (${where(router.settings.location)}): ${router.name} drops them and the session never comes up`,
        ...at(speaker.authSecretRefAt ?? speaker.peerAt),
        suggestion: `add \`neighbor ${router.neighbor} password …\` with the Secret's password to ${router.name}'s router bgp, or remove authSecretRef`,
      },
    ];
  }
  if (theirs !== undefined) {
    const config = speaker.peerConfig
      ? `CiliumBGPPeerConfig "${speaker.peerConfig.name}" sets no authSecretRef`
      : "the peer has no peerConfigRef, so no authSecretRef";
    return [
      {
        severity: "error",
        code: "bgp-peer-password-missing",
        message: `${router.name} (${where(theirs.location)}) signs its segments to ${speaker.nodeName} for ${speaker.session}, but no password is set for it here: ${config}, so ${speaker.nodeName} does not sign and ${router.name} drops its segments`,
        ...at(speaker.peerConfig?.location ?? speaker.peerAt),
        suggestion: speaker.peerConfig
          ? `set authSecretRef in CiliumBGPPeerConfig "${speaker.peerConfig.name}" to a Secret in ${BGP_SECRETS_NAMESPACE} whose password is ${router.name}'s, or remove ${router.name}'s \`neighbor ${theirs.setOn} password\``
          : `give the peer a peerConfigRef to a CiliumBGPPeerConfig with authSecretRef (a Secret in ${BGP_SECRETS_NAMESPACE} with ${router.name}'s password), or remove ${router.name}'s \`neighbor ${theirs.setOn} password\``,
      },
    ];
  }
  return [];
}

/** Where the node's end of a peer's password is written, from the CRDs it was resolved from. */
export function speakerPasswordSources(
  resources: CiliumBgpResources,
  spec: PeerSpec | undefined,
): Pick<SpeakerPassword, "peerConfig" | "authSecretRefAt" | "secretAt" | "peerAt"> {
  const ref = spec?.peerConfigRef;
  const pc = ref && resources.peerConfigs.find((p) => p.name === ref.name);
  const secret =
    pc?.authSecretRef !== undefined
      ? (resources.secrets ?? []).find(
          (s) => s.name === pc.authSecretRef && s.namespace === BGP_SECRETS_NAMESPACE,
        )
      : undefined;
  return {
    ...(pc ? { peerConfig: { name: pc.name, location: pc.location } } : {}),
    ...(pc?.authSecretRefLocation ? { authSecretRefAt: pc.authSecretRefLocation } : {}),
    ...(secret?.passwordLocation ? { secretAt: secret.passwordLocation } : {}),
    ...(spec ? { peerAt: spec.location } : {}),
  };
}
