// The commands a fault runs inside a node, as argv arrays (pure, so their shape is unit-tested).
import type { NetemParams } from "../model/lab-file/faults.js";

export function linkSetArgv(iface: string, action: "down" | "up"): string[] {
  return ["ip", "link", "set", "dev", iface, action];
}

/**
 * `tc qdisc replace … root netem …`: replace, not add, so a second netem on the same interface
 * changes the impairment instead of failing on the existing qdisc. Rate is netem's own rate
 * limit (no extra tbf qdisc), enough for an emulated link.
 */
export function netemArgv(iface: string, p: NetemParams): string[] {
  const argv = ["tc", "qdisc", "replace", "dev", iface, "root", "netem"];
  if (p.delay !== undefined) argv.push("delay", p.delay, ...(p.jitter !== undefined ? [p.jitter] : []));
  if (p.loss !== undefined) argv.push("loss", p.loss);
  if (p.rate !== undefined) argv.push("rate", p.rate);
  return argv;
}

/** Removing the root qdisc puts the interface back on its default one. */
export function netemClearArgv(iface: string): string[] {
  return ["tc", "qdisc", "del", "dev", iface, "root"];
}

/** `tc qdisc del` on an interface without a root qdisc of ours: nothing to clear, not a failure. */
export function isNothingToClear(stderr: string): boolean {
  return /No such file or directory|Cannot delete qdisc with handle of zero|Invalid handle/i.test(stderr);
}
