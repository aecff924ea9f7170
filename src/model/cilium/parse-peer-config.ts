// CiliumBGPPeerConfig: transport, timers, multihop, graceful restart and address families, with
// Cilium's defaults (CiliumBGPPeerConfigSpec.SetDefaults) applied.
import type { Afi, Safi } from "../../bgp/config/speaker-config.js";
import { DEFAULT_EBGP_MULTIHOP, DEFAULT_PEER_PORT, DEFAULT_TIMERS } from "../../bgp/config/speaker-config.js";
import { suggestOneOf } from "../suggest.js";
import type { DocReader } from "../k8s/doc-reader.js";
import { readImportAnnotations } from "./import-annotations.js";
import { readLabelSelector } from "./label-selector.js";
import { LIMITS, type FamilySpec, type PeerConfigResource } from "./types.js";

export const DEFAULT_RESTART_TIME_SECONDS = 120;
/** Cilium's families when none are given: both unicast families, advertising nothing. */
export const DEFAULT_FAMILIES: readonly FamilySpec[] = [
  { afi: "ipv6", safi: "unicast" },
  { afi: "ipv4", safi: "unicast" },
];
const CILIUM_AFIS = ["ipv4", "ipv6", "l2vpn", "ls", "opaque"];
const CILIUM_SAFIS = [
  "unicast",
  "multicast",
  "mpls_label",
  "encapsulation",
  "vpls",
  "evpn",
  "ls",
  "sr_policy",
  "mup",
  "mpls_vpn",
  "mpls_vpn_multicast",
  "route_target_constraints",
  "flowspec_unicast",
  "flowspec_vpn",
  "key_value",
];

/** The peer config a peer without peerConfigRef gets. */
export function defaultPeerConfig(name = "(defaults)"): Omit<PeerConfigResource, "location"> {
  return {
    name,
    peerPort: DEFAULT_PEER_PORT,
    timers: { ...DEFAULT_TIMERS },
    ebgpMultihop: DEFAULT_EBGP_MULTIHOP,
    families: DEFAULT_FAMILIES,
  };
}

export function readPeerConfig(r: DocReader, name: string): PeerConfigResource {
  r.unknownKeys(
    ["spec"],
    ["transport", "timers", "authSecretRef", "gracefulRestart", "ebgpMultihop", "families"],
  );
  r.unknownKeys(["spec", "transport"], ["peerPort", "localPort"]);
  r.unknownKeys(["spec", "timers"], ["connectRetryTimeSeconds", "holdTimeSeconds", "keepAliveTimeSeconds"]);
  const t = ["spec", "timers"];
  const connectRetryTimeSeconds =
    r.integer([...t, "connectRetryTimeSeconds"], 1, LIMITS.connectRetryMax, "cilium-timer-range") ??
    DEFAULT_TIMERS.connectRetryTimeSeconds;
  const holdTimeSeconds =
    r.integer([...t, "holdTimeSeconds"], LIMITS.holdMin, LIMITS.timerMax, "cilium-timer-range") ??
    DEFAULT_TIMERS.holdTimeSeconds;
  const keepAliveTimeSeconds =
    r.integer([...t, "keepAliveTimeSeconds"], 1, LIMITS.timerMax, "cilium-timer-range") ??
    DEFAULT_TIMERS.keepAliveTimeSeconds;
  if (keepAliveTimeSeconds > holdTimeSeconds) {
    r.error(
      [
        ...t,
        r.get([...t, "keepAliveTimeSeconds"]) !== undefined ? "keepAliveTimeSeconds" : "holdTimeSeconds",
      ],
      "cilium-keepalive-exceeds-hold",
      `keepAliveTimeSeconds ${keepAliveTimeSeconds} is larger than holdTimeSeconds ${holdTimeSeconds}`,
      "keepalives must come more often than the hold time; a third of it is usual",
    );
  }
  // Resolved against the Secrets when the speakers are (resolve.ts): a missing one is an error there.
  const authSecretRef = r.string(["spec", "authSecretRef"]);
  const gracefulRestart = readGracefulRestart(r);
  const inbound = readImportAnnotations(r);
  return {
    name,
    peerPort:
      r.integer(["spec", "transport", "peerPort"], 1, LIMITS.portMax, "cilium-port-range") ??
      DEFAULT_PEER_PORT,
    timers: { connectRetryTimeSeconds, holdTimeSeconds, keepAliveTimeSeconds },
    ebgpMultihop:
      r.integer(["spec", "ebgpMultihop"], 1, LIMITS.multihopMax, "cilium-multihop-range") ??
      DEFAULT_EBGP_MULTIHOP,
    ...(authSecretRef !== undefined
      ? { authSecretRef, authSecretRefLocation: r.at(["spec", "authSecretRef"]) }
      : {}),
    ...(gracefulRestart ? { gracefulRestart } : {}),
    families: readFamilies(r),
    ...(inbound ? { inbound } : {}),
    location: r.at(["metadata", "name"]),
  };
}

function readGracefulRestart(r: DocReader): PeerConfigResource["gracefulRestart"] {
  const g = ["spec", "gracefulRestart"];
  if (r.record(g) === undefined) return undefined;
  r.unknownKeys(g, ["enabled", "restartTimeSeconds"]);
  const enabled = r.bool([...g, "enabled"]);
  if (enabled === undefined)
    r.error(g, "cilium-missing-field", "gracefulRestart needs enabled: true or false");
  const restartTimeSeconds =
    r.integer([...g, "restartTimeSeconds"], 1, LIMITS.restartTimeMax, "cilium-timer-range") ??
    DEFAULT_RESTART_TIME_SECONDS;
  return { enabled: enabled ?? false, restartTimeSeconds };
}

function readFamilies(r: DocReader): FamilySpec[] {
  const list = r.array(["spec", "families"]);
  if (list === undefined || list.length === 0) return [...DEFAULT_FAMILIES];
  const families: FamilySpec[] = [];
  list.forEach((_, i) => {
    const at = ["spec", "families", i];
    r.unknownKeys(at, ["afi", "safi", "advertisements"]);
    const afiText = r.string([...at, "afi"]) ?? "";
    const safiText = r.string([...at, "safi"]) ?? "";
    const advertisements = readLabelSelector(r, [...at, "advertisements"]);
    if (!CILIUM_AFIS.includes(afiText)) {
      r.error(
        [...at, "afi"],
        "cilium-bad-family",
        `afi "${afiText}" is not valid`,
        suggestOneOf(afiText, CILIUM_AFIS),
      );
      return;
    }
    if (!CILIUM_SAFIS.includes(safiText)) {
      r.error(
        [...at, "safi"],
        "cilium-bad-family",
        `safi "${safiText}" is not valid`,
        suggestOneOf(safiText, CILIUM_SAFIS),
      );
      return;
    }
    if ((afiText !== "ipv4" && afiText !== "ipv6") || safiText !== "unicast") {
      r.warn(
        at,
        "cilium-unsupported",
        `family ${afiText}/${safiText} is not supported by fabric's speaker; it is left out`,
        "fabric speaks ipv4/unicast and ipv6/unicast",
      );
      return;
    }
    if (families.some((f) => f.afi === afiText && f.safi === safiText)) {
      r.error(at, "cilium-duplicate-family", `family ${afiText}/${safiText} is listed twice`);
      return;
    }
    families.push({
      afi: afiText as Afi,
      safi: safiText as Safi,
      ...(advertisements ? { advertisements } : {}),
      location: r.at(at),
    });
  });
  return families;
}
