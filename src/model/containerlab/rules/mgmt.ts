// Rules about the management network: valid subnets, and node addresses inside the IPv4 subnet
// and unique.
import type { Diagnostic } from "../../../errors.js";
import { DEFAULT_MGMT } from "../../model.js";
import { cidrContains, parseCidr, parseIpv4, type Cidr, type IpFamily } from "../../../net/index.js";
import type { Located } from "../raw.js";
import type { Report } from "../diag.js";
import type { RuleContext } from "./context.js";

export function mgmtSubnetsValid({ raw, report }: RuleContext): Diagnostic[] {
  return [
    ...subnetFindings(raw.mgmt.ipv4Subnet, 4, "ipv4-subnet", report),
    ...subnetFindings(raw.mgmt.ipv6Subnet, 6, "ipv6-subnet", report),
  ];
}

function subnetFindings(
  subnet: Located<string> | undefined,
  family: IpFamily,
  field: string,
  report: Report,
): Diagnostic[] {
  if (!subnet) return [];
  const parsed = parseCidr(subnet.value);
  if (!parsed.ok) {
    return [
      report.error("mgmt-subnet-invalid", `mgmt ${field}: ${parsed.message}`, subnet.path, {
        suggestion: family === 4 ? `e.g. ${DEFAULT_MGMT.ipv4Subnet}` : `e.g. ${DEFAULT_MGMT.ipv6Subnet}`,
      }),
    ];
  }
  if (parsed.cidr.address.family !== family) {
    return [report.error("mgmt-subnet-invalid", `mgmt ${field} must be an IPv${family} subnet`, subnet.path)];
  }
  return [];
}

/** The IPv4 management subnet in force, when it is valid (else its own rule reports it). */
function mgmtSubnet(ctx: RuleContext): { cidr: Cidr; text: string } | undefined {
  const text = ctx.raw.mgmt.ipv4Subnet?.value ?? DEFAULT_MGMT.ipv4Subnet;
  const parsed = parseCidr(text);
  return parsed.ok && parsed.cidr.address.family === 4 ? { cidr: parsed.cidr, text } : undefined;
}

export function mgmtAddressesValid(ctx: RuleContext): Diagnostic[] {
  const { nodes, report } = ctx;
  const subnet = mgmtSubnet(ctx);
  const out: Diagnostic[] = [];
  const seen = new Map<string, string>();
  for (const node of nodes) {
    const written = node.mgmtIpv4;
    if (!written) continue;
    const address = parseIpv4(written.value);
    if (!address) {
      out.push(
        report.error(
          "mgmt-ipv4-invalid",
          `mgmt-ipv4 "${written.value}" is not an IPv4 address`,
          written.path,
        ),
      );
      continue;
    }
    if (subnet && !cidrContains(subnet.cidr, address)) {
      out.push(
        report.error(
          "mgmt-ipv4-outside-subnet",
          `mgmt-ipv4 ${written.value} of node "${node.name}" is outside the management subnet ${subnet.text}`,
          written.path,
          {
            suggestion: ctx.raw.mgmt.ipv4Subnet
              ? "pick an address inside mgmt.ipv4-subnet"
              : `set mgmt.ipv4-subnet, or pick an address in ${subnet.text}`,
          },
        ),
      );
    }
    const owner = seen.get(written.value);
    if (owner !== undefined) {
      out.push(
        report.error(
          "mgmt-ipv4-duplicate",
          `mgmt-ipv4 ${written.value} of node "${node.name}" is already used by node "${owner}"`,
          written.path,
        ),
      );
    } else {
      seen.set(written.value, node.name);
    }
  }
  return out;
}
