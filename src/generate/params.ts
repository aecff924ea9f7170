// What `fabric generate` takes: the shape of a Clos fabric and how its BGP is run. Every limit
// below comes from the addressing plan (plan.ts), so a lab that passes here always has
// addresses; what the parameters cannot express yet (IPv6) is refused with the reason.
import { FabricError } from "../errors.js";
import { mgmtHostsIn, mgmtPrefixFor } from "../model/mgmt-capacity.js";
import { parseCidr } from "../net/index.js";
import {
  CHECK_SETS,
  FABRIC_LINKS,
  LIMITS,
  NODE_PEERINGS,
  type CheckSet,
  type FabricLinks,
  type NodePeering,
} from "./choices.js";

export * from "./choices.js";

export interface ClosParams {
  readonly name: string;
  readonly spines: number;
  readonly racks: number;
  readonly nodesPerRack: number;
  readonly fabric: FabricLinks;
  readonly nodePeering: NodePeering;
  /** The management subnet to write into the topology; chosen by size when absent. */
  readonly mgmtSubnet?: string;
  readonly checks: CheckSet;
}

/** The counts as the user typed them, before any are known to be numbers. */
export interface RawClosParams {
  readonly name: string;
  readonly spines: string;
  readonly racks: string;
  readonly nodesPerRack: string;
  readonly fabric: string;
  readonly nodePeering: string;
  readonly mgmtSubnet?: string;
  readonly checks: string;
}

/** containerlab and kind names end up in namespace, path and interface-derived names. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const NAME_MAX = 40;

/** Every problem with the parameters at once, as `fabric validate` reports files. */
export function checkClosParams(raw: RawClosParams): ClosParams {
  const problems: string[] = [];
  if (!NAME.test(raw.name) || raw.name.length > NAME_MAX) {
    problems.push(
      `--name ${JSON.stringify(raw.name)}: use letters, digits, '.', '_' and '-', starting with a letter or digit, at most ${NAME_MAX} characters`,
    );
  }
  const count = (flag: string, text: string, limit: { min: number; max: number; why: string }) => {
    const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(value) || value < limit.min || value > limit.max) {
      problems.push(
        `${flag} ${JSON.stringify(text)}: a whole number from ${limit.min} to ${limit.max} (${limit.why})`,
      );
      return limit.min;
    }
    return value;
  };
  const spines = count("--spines", raw.spines, LIMITS.spines);
  const racks = count("--racks", raw.racks, LIMITS.racks);
  const nodesPerRack = count("--nodes-per-rack", raw.nodesPerRack, LIMITS.nodesPerRack);
  const fabric = oneOf("--fabric", raw.fabric, FABRIC_LINKS, problems);
  const nodePeering = oneOf("--node-peering", raw.nodePeering, NODE_PEERINGS, problems);
  const checks = oneOf("--checks", raw.checks, CHECK_SETS, problems);
  if (raw.mgmtSubnet !== undefined) {
    const needed = mgmtAddressesNeeded({ spines, racks, nodesPerRack });
    const problem = mgmtSubnetProblem(raw.mgmtSubnet, needed);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) {
    throw new FabricError(
      "generate-bad-parameters",
      `cannot generate this lab:\n  ${problems.join("\n  ")}`,
      {
        suggestion: "see fabric generate --help for each option's range",
        exitCode: 2,
      },
    );
  }
  return {
    name: raw.name,
    spines,
    racks,
    nodesPerRack,
    fabric,
    nodePeering,
    checks,
    ...(raw.mgmtSubnet !== undefined ? { mgmtSubnet: raw.mgmtSubnet } : {}),
  };
}

/** Spines, ToRs and Kubernetes nodes each own a network namespace with an eth0. */
export function mgmtAddressesNeeded(p: Pick<ClosParams, "spines" | "racks" | "nodesPerRack">): number {
  return p.spines + p.racks + p.racks * p.nodesPerRack;
}

function mgmtSubnetProblem(text: string, needed: number): string | undefined {
  const parsed = parseCidr(text);
  if (!parsed.ok) return `--ipv4-subnet ${JSON.stringify(text)}: ${parsed.message}`;
  if (parsed.cidr.address.family !== 4) {
    return `--ipv4-subnet ${text}: generated labs are IPv4 only for now; IPv6 comes with dual-stack`;
  }
  const holds = mgmtHostsIn(parsed.cidr.prefixLength);
  if (holds < needed) {
    return `--ipv4-subnet ${text} holds ${holds} node addresses but the lab needs ${needed}: use a /${mgmtPrefixFor(needed)} or larger`;
  }
  return undefined;
}

function oneOf<T extends string>(flag: string, text: string, choices: readonly T[], problems: string[]): T {
  const found = choices.find((c) => c === text);
  if (found !== undefined) return found;
  problems.push(`${flag} ${JSON.stringify(text)}: one of ${choices.join(", ")}`);
  return choices[0] as T;
}
