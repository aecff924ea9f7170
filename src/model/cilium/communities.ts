// Advertisement attributes: RFC 1997 standard communities (numeric or Cilium's well-known
// names), RFC 8092 large communities and LOCAL_PREF, checked against Cilium's CRD patterns.
import type { RouteAttributes } from "../../bgp/config/speaker-config.js";
import type { YamlPath } from "../source.js";
import { suggestOneOf } from "../suggest.js";
import type { DocReader } from "../k8s/doc-reader.js";

/** Cilium's BGPWellKnownCommunity enum and the values it documents for each name. */
export const CILIUM_WELL_KNOWN_COMMUNITIES = {
  internet: "0:0",
  "planned-shut": "65535:0",
  "accept-own": "65535:1",
  "route-filter-translated-v4": "65535:2",
  "route-filter-v4": "65535:3",
  "route-filter-translated-v6": "65535:4",
  "route-filter-v6": "65535:5",
  "llgr-stale": "65535:6",
  "no-llgr": "65535:7",
  blackhole: "65535:666",
  "no-export": "65535:65281",
  "no-advertise": "65535:65282",
  "no-export-subconfed": "65535:65283",
  "no-peer": "65535:65284",
} as const satisfies Record<string, string>;

const DECIMAL = /^(0|[1-9][0-9]*)$/;

function inRange(text: string, max: number): boolean {
  return DECIMAL.test(text) && Number(text) <= max;
}

/** `65000:100` or a 32-bit decimal (`4259840100`), normalised to `asn:value`. */
export function parseStandardCommunity(text: string): string | undefined {
  const parts = text.split(":");
  if (parts.length === 1 && inRange(text, 0xffffffff)) {
    const n = Number(text);
    return `${Math.floor(n / 65536)}:${n % 65536}`;
  }
  if (parts.length === 2 && parts.every((p) => inRange(p, 65535))) return parts.map(Number).join(":");
  return undefined;
}

export function parseLargeCommunity(text: string): string | undefined {
  const parts = text.split(":");
  return parts.length === 3 && parts.every((p) => inRange(p, 0xffffffff))
    ? parts.map(Number).join(":")
    : undefined;
}

export function readAttributes(r: DocReader, path: YamlPath): RouteAttributes {
  r.unknownKeys(path, ["communities", "localPreference"]);
  r.unknownKeys([...path, "communities"], ["standard", "wellKnown", "large"]);
  const standard: string[] = [];
  const c = [...path, "communities"];
  r.stringList([...c, "standard"]).forEach((text, i) => {
    const value = parseStandardCommunity(text);
    if (value !== undefined) standard.push(value);
    else
      r.error(
        [...c, "standard", i],
        "cilium-bad-community",
        `"${text}" is not a standard community`,
        'write asn:value with both parts 0-65535 (e.g. "65000:100"), or one 32-bit number',
      );
  });
  const names = Object.keys(CILIUM_WELL_KNOWN_COMMUNITIES);
  r.stringList([...c, "wellKnown"]).forEach((text, i) => {
    const value = (CILIUM_WELL_KNOWN_COMMUNITIES as Record<string, string>)[text];
    if (value !== undefined) standard.push(value);
    else
      r.error(
        [...c, "wellKnown", i],
        "cilium-bad-community",
        `"${text}" is not a well-known community name`,
        suggestOneOf(text, names),
      );
  });
  const large: string[] = [];
  r.stringList([...c, "large"]).forEach((text, i) => {
    const value = parseLargeCommunity(text);
    if (value !== undefined) large.push(value);
    else
      r.error(
        [...c, "large", i],
        "cilium-bad-community",
        `"${text}" is not a large community`,
        'write three 32-bit numbers separated by colons, e.g. "65000:1:2"',
      );
  });
  const localPreference = r.integer(
    [...path, "localPreference"],
    0,
    0xffffffff,
    "cilium-local-preference-range",
  );
  return {
    standardCommunities: [...new Set(standard)],
    largeCommunities: [...new Set(large)],
    ...(localPreference !== undefined ? { localPreference } : {}),
  };
}
