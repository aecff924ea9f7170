// A CiliumBGPPeerConfig family that asks for advertisements in an address family the cluster
// does not run (ipv6/unicast in an ipv4 kind cluster, or the reverse) would announce nothing:
// Cilium accepts it silently, which is how a dual-stack lab half-done looks like it works.
// fabric points at the family entry instead. Cilium's default families (none written) are
// exempt: they advertise nothing anyway.
import type { Diagnostic } from "../../errors.js";
import type { Cluster } from "../model.js";
import { selectorMatches } from "./label-selector.js";
import type { CiliumBgpResources } from "./types.js";

const FAMILY_OF_AFI = { ipv4: "IPv4", ipv6: "IPv6" } as const;

function clusterHas(cluster: Cluster, afi: "ipv4" | "ipv6"): boolean {
  return cluster.ipFamily === "dual" || cluster.ipFamily === afi;
}

export function checkClusterFamilies(resources: CiliumBgpResources, cluster: Cluster): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const config of resources.peerConfigs) {
    for (const family of config.families) {
      const selector = family.advertisements;
      if (family.location === undefined || selector === undefined) continue;
      if (clusterHas(cluster, family.afi)) continue;
      const selected = resources.advertisements.filter((a) => selectorMatches(selector, a.labels));
      if (selected.length === 0) continue;
      out.push({
        severity: "error",
        code: "cilium-family-not-in-cluster",
        message: `CiliumBGPPeerConfig "${config.name}": family ${family.afi}/${family.safi} advertises ${selected.map((a) => `"${a.name}"`).join(", ")}, but the cluster has no ${FAMILY_OF_AFI[family.afi]} (its ipFamily is ${cluster.ipFamily})`,
        location: family.location,
        suggestion: `set networking.ipFamily: dual in ${cluster.file} so every node gets an ${FAMILY_OF_AFI[family.afi]} PodCIDR as well, or remove this family`,
      });
    }
  }
  return out;
}
