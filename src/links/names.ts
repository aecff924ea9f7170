// Host-visible interface names. Linux limits them to 15 bytes (IFNAMSIZ - 1), and they share one
// namespace with everyone else on the host, so they are derived from the lab name, with a short
// hash when the readable form would not fit or not be unique.
//
//   management bridge:      fab-<lab>            when that fits, else fab-<first 6>-<4 hex>
//   host end of a mgmt veth: fm<10 hex of sha1(lab/node)>
import { createHash } from "node:crypto";

export const IFNAME_MAX = 15;

function hex(text: string, length: number): string {
  return createHash("sha1").update(text).digest("hex").slice(0, length);
}

export function isValidIfname(name: string): boolean {
  return (
    name.length > 0 &&
    name.length <= IFNAME_MAX &&
    /^[A-Za-z0-9_.-]+$/.test(name) &&
    name !== "." &&
    name !== ".."
  );
}

/** Every lab's management bridge starts with it, so a route via one is known to be a lab's. */
export const LAB_BRIDGE_PREFIX = "fab-";

export function mgmtBridgeName(lab: string): string {
  const plain = `${LAB_BRIDGE_PREFIX}${lab}`;
  if (isValidIfname(plain)) return plain;
  const head = lab.replace(/[^A-Za-z0-9_.-]/g, "").slice(0, 6);
  return `${LAB_BRIDGE_PREFIX}${head}-${hex(lab, 4)}`;
}

export function mgmtHostIfname(lab: string, node: string): string {
  return `fm${hex(`${lab}/${node}`, 10)}`;
}

/**
 * The extra bridges of a management network too big for one (links/mgmt-segments.ts), and the two
 * ends of the veth trunk joining each to the lab's bridge: `fs<8 hex>-<n>`, `ft<8 hex>-<n>a|b`.
 */
export function mgmtSegmentNames(
  lab: string,
  index: number,
): { bridge: string; rootEnd: string; segmentEnd: string } {
  const h = hex(`${lab}/mgmt`, 8);
  return { bridge: `fs${h}-${index}`, rootEnd: `ft${h}-${index}a`, segmentEnd: `ft${h}-${index}b` };
}
