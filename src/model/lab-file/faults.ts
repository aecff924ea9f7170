// Faults a lab can be put through, written the same way on the command line and in a lab file's
// scenarios (the words after `fabric`): `link down tor1:net0`, `node stop tor1`,
// `netem tor1:net0 --delay 10ms --loss 1%`. Pure: parsing and describing, no I/O.
import { assertNever } from "../../errors.js";

export interface InterfaceRef {
  readonly node: string;
  readonly iface: string;
}

/** tc-netem impairments; each absent one is left out of the qdisc. */
export interface NetemParams {
  /** tc time values, e.g. "10ms". */
  readonly delay?: string;
  readonly jitter?: string;
  /** Percent, e.g. "1%". */
  readonly loss?: string;
  /** tc rate, e.g. "100mbit". */
  readonly rate?: string;
}

export type Fault =
  | { readonly type: "link"; readonly action: "down" | "up"; readonly target: InterfaceRef }
  | { readonly type: "node"; readonly action: "stop" | "start"; readonly node: string }
  | { readonly type: "netem"; readonly target: InterfaceRef; readonly params: NetemParams }
  | { readonly type: "netem-clear"; readonly target: InterfaceRef }
  /** A pod's command stopped (the pod turns NotReady and leaves its Services) or started again. */
  | { readonly type: "pod"; readonly action: "stop" | "start"; readonly pod: string }
  /** `kill -9` of the lab's speaker host: what its supervisor and graceful restart are for. */
  | { readonly type: "speaker-host"; readonly action: "kill" };

export const FAULT_COMMANDS = ["link", "node", "netem", "pod", "speaker-host"] as const;

const TIME = /^\d+(\.\d+)?(us|ms|s)$/;
const PERCENT = /^\d+(\.\d+)?%$/;
const RATE = /^\d+(\.\d+)?(bit|kbit|mbit|gbit|tbit|bps|kbps|mbps|gbps|tbps)$/;
/** Node names as the topology allows them; the interface after the last colon. */
const IFACE_REF = /^([A-Za-z0-9][A-Za-z0-9_.-]*):([A-Za-z0-9_.@-]{1,15})$/;

export class FaultSyntaxError extends Error {}

export function parseInterfaceRef(text: string): InterfaceRef {
  const m = IFACE_REF.exec(text);
  if (!m?.[1] || !m[2]) throw new FaultSyntaxError(`"${text}" is not NODE:INTERFACE (e.g. tor1:net0)`);
  return { node: m[1], iface: m[2] };
}

/** Checks each netem value's form, so `tc` never sees something it would reject half-way. */
export function checkNetem(params: NetemParams): NetemParams {
  const bad = (what: string, value: string, example: string) =>
    new FaultSyntaxError(`netem ${what} "${value}" is not valid (e.g. ${example})`);
  if (params.delay !== undefined && !TIME.test(params.delay)) throw bad("delay", params.delay, "10ms");
  if (params.jitter !== undefined && !TIME.test(params.jitter)) throw bad("jitter", params.jitter, "2ms");
  if (params.loss !== undefined && !(PERCENT.test(params.loss) && parseFloat(params.loss) <= 100))
    throw bad("loss", params.loss, "1%");
  if (params.rate !== undefined && !RATE.test(params.rate)) throw bad("rate", params.rate, "100mbit");
  if (params.jitter !== undefined && params.delay === undefined)
    throw new FaultSyntaxError("netem --jitter needs --delay (jitter varies the delay)");
  if (Object.values(params).every((v) => v === undefined))
    throw new FaultSyntaxError("netem needs at least one of --delay, --loss, --rate (or --clear)");
  return params;
}

const NETEM_FLAGS = { "--delay": "delay", "--jitter": "jitter", "--loss": "loss", "--rate": "rate" } as const;

/** `link down tor1:net0`, `node start tor1`, `netem tor1:net0 --delay 10ms`, `netem tor1:net0 --clear`. */
export function parseFault(text: string): Fault {
  const words = text.trim().split(/\s+/);
  const [command = "", ...rest] = words;
  switch (command) {
    case "link": {
      const [action, ref, ...extra] = rest;
      if ((action !== "down" && action !== "up") || ref === undefined || extra.length > 0)
        throw new FaultSyntaxError("a link fault is `link down NODE:IFACE` or `link up NODE:IFACE`");
      return { type: "link", action, target: parseInterfaceRef(ref) };
    }
    case "pod": {
      const [action, pod, ...extra] = rest;
      if ((action !== "stop" && action !== "start") || pod === undefined || extra.length > 0)
        throw new FaultSyntaxError("a pod fault is `pod stop POD` or `pod start POD`");
      return { type: "pod", action, pod };
    }
    case "node": {
      const [action, node, ...extra] = rest;
      if ((action !== "stop" && action !== "start") || node === undefined || extra.length > 0)
        throw new FaultSyntaxError("a node fault is `node stop NODE` or `node start NODE`");
      return { type: "node", action, node };
    }
    case "netem": {
      const [ref, ...flags] = rest;
      if (ref === undefined) throw new FaultSyntaxError("a netem fault is `netem NODE:IFACE --delay 10ms …`");
      const target = parseInterfaceRef(ref);
      if (flags.length === 1 && flags[0] === "--clear") return { type: "netem-clear", target };
      const params: Record<string, string> = {};
      for (let i = 0; i < flags.length; i += 2) {
        const flag = flags[i] ?? "";
        const key = (NETEM_FLAGS as Record<string, string>)[flag];
        const value = flags[i + 1];
        if (!key || value === undefined || value.startsWith("--"))
          throw new FaultSyntaxError(
            `netem takes --delay T, --jitter T, --loss P%, --rate R or --clear alone; "${flag}" is not one`,
          );
        params[key] = value;
      }
      return { type: "netem", target, params: checkNetem(params) };
    }
    case "speaker-host": {
      if (rest.length !== 1 || rest[0] !== "kill")
        throw new FaultSyntaxError(
          "a speaker host fault is `speaker-host kill` (SIGKILL of the lab's speaker host)",
        );
      return { type: "speaker-host", action: "kill" };
    }
    default:
      throw new FaultSyntaxError(
        `unknown fault "${command}": faults start with ${FAULT_COMMANDS.join(", ")}`,
      );
  }
}

/** The fault in the words `parseFault` reads back to it (round-trips). */
export function describeFault(fault: Fault): string {
  switch (fault.type) {
    case "link":
      return `link ${fault.action} ${fault.target.node}:${fault.target.iface}`;
    case "node":
      return `node ${fault.action} ${fault.node}`;
    case "pod":
      return `pod ${fault.action} ${fault.pod}`;
    case "netem": {
      const p = fault.params;
      const parts = [
        p.delay && `--delay ${p.delay}`,
        p.jitter && `--jitter ${p.jitter}`,
        p.loss && `--loss ${p.loss}`,
        p.rate && `--rate ${p.rate}`,
      ].filter(Boolean);
      return `netem ${fault.target.node}:${fault.target.iface} ${parts.join(" ")}`;
    }
    case "netem-clear":
      return `netem ${fault.target.node}:${fault.target.iface} --clear`;
    case "speaker-host":
      return "speaker-host kill";
    default:
      return assertNever(fault, "fault");
  }
}
