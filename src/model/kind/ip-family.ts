// kind's `networking.ipFamily` and the subnet lists that go with it: `podSubnet` and
// `serviceSubnet` are one CIDR in a single-stack cluster and "v4,v6" (either order) in a
// dual-stack one, with kind's defaults for each family (kind v1alpha4 SetDefaultsCluster) and the
// checks of kind's validateSubnets, each reported once, on the line that is wrong.
import type { ClusterIpFamily } from "../model.js";
import type { DocReader } from "../k8s/doc-reader.js";
import type { YamlPath } from "../source.js";
import { formatCidr, parseCidr, type Cidr, type IpFamily } from "../../net/index.js";

export const CLUSTER_IP_FAMILIES: readonly ClusterIpFamily[] = ["ipv4", "ipv6", "dual"];

/** kind's defaults per ipFamily (pkg/apis/config/v1alpha4/default.go). */
export const KIND_DEFAULT_SUBNETS: Record<
  ClusterIpFamily,
  { readonly podSubnet: string; readonly serviceSubnet: string }
> = {
  ipv4: { podSubnet: "10.244.0.0/16", serviceSubnet: "10.96.0.0/16" },
  // A node's IPv6 PodCIDR is a /64, so the default holds 256 of them.
  ipv6: { podSubnet: "fd00:10:244::/56", serviceSubnet: "fd00:10:96::/112" },
  dual: {
    podSubnet: "10.244.0.0/16,fd00:10:244::/56",
    serviceSubnet: "10.96.0.0/16,fd00:10:96::/112",
  },
};

/** kube-controller-manager's default --node-cidr-mask-size-ipv4 / -ipv6, which kind keeps. */
export const NODE_CIDR_MASK: Record<IpFamily, number> = { 4: 24, 6: 64 };

export function familyName(family: IpFamily): "IPv4" | "IPv6" {
  return family === 4 ? "IPv4" : "IPv6";
}

/** The ipFamily as written (kind's default ipv4); undefined after reporting a bad one. */
export function readIpFamily(r: DocReader): ClusterIpFamily | undefined {
  const text = r.string(["networking", "ipFamily"]);
  if (text === undefined) return "ipv4";
  const known = CLUSTER_IP_FAMILIES.find((f) => f === text);
  if (known === undefined) {
    r.error(
      ["networking", "ipFamily"],
      "kind-bad-ip-family",
      `ipFamily "${text}" is not one of ipv4, ipv6, dual`,
      "set ipFamily to ipv4 (kind's default), ipv6 or dual",
    );
  }
  return known;
}

/**
 * The subnets of one field, one per family in the order written (Kubernetes' primary family is
 * the first). Undefined after an error, which is the only one reported for this field.
 */
export function readSubnetList(
  r: DocReader,
  field: "podSubnet" | "serviceSubnet",
  ipFamily: ClusterIpFamily,
): Cidr[] | undefined {
  const path: YamlPath = ["networking", field];
  const fallback = KIND_DEFAULT_SUBNETS[ipFamily][field];
  const text = r.string(path) ?? fallback;
  const parts = text.split(",").map((p) => p.trim());
  const cidrs: Cidr[] = [];
  for (const part of parts) {
    const parsed = parseCidr(part);
    if (!parsed.ok) {
      r.error(
        path,
        "kind-bad-cidr",
        `${field} "${part}" is not a valid CIDR`,
        parsed.network
          ? `did you mean ${formatCidr(parsed.network)}?`
          : `write it as address/length, e.g. ${fallback}`,
      );
      return undefined;
    }
    cidrs.push(parsed.cidr);
  }
  const families = cidrs.map((c) => c.address.family);
  const problem = familyProblem(ipFamily, families);
  if (problem === undefined) return cidrs;
  r.error(path, "kind-subnet-family", `${field} "${text}" ${problem}`, familyFix(field, ipFamily));
  return undefined;
}

/** What is wrong with these subnet families for the cluster's ipFamily, as kind checks it. */
function familyProblem(ipFamily: ClusterIpFamily, families: readonly IpFamily[]): string | undefined {
  switch (ipFamily) {
    case "ipv4":
    case "ipv6": {
      const want: IpFamily = ipFamily === "ipv4" ? 4 : 6;
      if (families.length > 1)
        return `lists ${families.length} subnets; a single-stack ${ipFamily} cluster takes one`;
      if (families[0] !== want) {
        return `is ${familyName(families[0] ?? 4)} but ipFamily is ${ipFamily}`;
      }
      return undefined;
    }
    case "dual":
      // kind accepts a single subnet here and kubeadm then builds a single-stack cluster; a
      // cluster that says dual and is not is a mistake worth stopping for.
      if (families.length !== 2 || families[0] === families[1]) {
        return families.length === 1
          ? `has only an ${familyName(families[0] ?? 4)} subnet but ipFamily is dual`
          : "must list one IPv4 and one IPv6 subnet for ipFamily dual";
      }
      return undefined;
  }
}

function familyFix(field: "podSubnet" | "serviceSubnet", ipFamily: ClusterIpFamily): string {
  const example = KIND_DEFAULT_SUBNETS[ipFamily][field];
  switch (ipFamily) {
    case "ipv4":
      return `use an IPv4 subnet such as ${example}, or set ipFamily: dual and list both, e.g. "${KIND_DEFAULT_SUBNETS.dual[field]}"`;
    case "ipv6":
      return `use an IPv6 subnet such as ${example}, or set ipFamily: dual and list both, e.g. "${KIND_DEFAULT_SUBNETS.dual[field]}"`;
    case "dual":
      return `list one subnet of each family, comma-separated, e.g. "${example}"`;
  }
}

/** The families a cluster of this ipFamily runs. */
export function clusterFamilies(ipFamily: ClusterIpFamily): readonly IpFamily[] {
  return ipFamily === "dual" ? [4, 6] : ipFamily === "ipv4" ? [4] : [6];
}
