// Assembling one Lab from the files a user points at. The order matters: the kind cluster is read
// first because its node names are valid targets for the topology's `network-mode: container:X`;
// the Cilium resources are resolved last, against the cluster's nodes and the Services.
import { existsSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { hasErrors, type Diagnostic } from "../../errors.js";
import { readYamlFile } from "../source.js";
import { loadTopology, kindClustersOf } from "../containerlab/index.js";
import { loadKindCluster } from "../kind/index.js";
import { loadManifests } from "../k8s/index.js";
import { loadCiliumBgp, resolveSpeakers } from "../cilium/index.js";
import { assignLoadBalancerIPs } from "../cilium/lb-ipam.js";
import { allocateClusterIPs } from "../k8s/cluster-ips.js";
import { checkServiceSelections } from "../k8s/service-selection.js";
import type { Cluster, Lab, Service } from "../model.js";
import { familyOf } from "../../net/index.js";
import {
  looksLikeLabFile,
  readLabFile,
  unknownFieldSeverity,
  type LabFile,
  type ReadLabOptions,
} from "./lab-file.js";
import { checkTargets } from "./check-targets.js";
import { mgmtSubnetFits } from "./mgmt-fits.js";
import { scenarioChecks } from "./checks/scenario.js";
import { crossCheckPeers } from "../bgp-peering/cross-check.js";
import { DEFAULT_NODE_FILESYSTEM } from "./node-filesystem.js";

export const LAB_FILE_NAME = "lab.yaml";

export interface LabResult {
  readonly lab?: Lab;
  /** Every error and warning from every file, in file then line order. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Load a lab from a lab directory (holding `lab.yaml`), a lab file, or a bare containerlab
 * topology file. Paths in diagnostics are shown relative to the current directory.
 */
export function loadLab(path: string, cwd: string = process.cwd(), options: ReadLabOptions = {}): LabResult {
  const absolute = resolve(cwd, path);
  const shown = (p: string) => relative(cwd, p) || basename(p);
  const entry = findEntryFile(absolute);
  if ("error" in entry) return { diagnostics: [entry.error] };

  const yaml = readYamlFile(entry.file, shown(entry.file));
  if (yaml.diagnostics.length > 0) return { diagnostics: yaml.diagnostics };
  const first = yaml.docs[0];
  if (first && looksLikeLabFile(first.value)) {
    const { lab: labFile, diagnostics } = readLabFile(first, options);
    if (!labFile) return { diagnostics };
    return assemble(labFile, absolute, shown, diagnostics, options);
  }
  const topologyOnly: LabFile = {
    file: entry.file,
    topology: entry.file,
    bgp: [],
    workloads: [],
    checks: [],
  };
  return assemble(topologyOnly, absolute, shown, [], options);
}

function findEntryFile(absolute: string): { file: string } | { error: Diagnostic } {
  if (!existsSync(absolute)) {
    return {
      error: {
        severity: "error",
        code: "path-not-found",
        message: `${absolute} does not exist`,
        suggestion: "give a lab directory, a lab file or a containerlab topology file",
      },
    };
  }
  if (!statSync(absolute).isDirectory()) return { file: absolute };
  const labFile = join(absolute, LAB_FILE_NAME);
  if (existsSync(labFile)) return { file: labFile };
  return {
    error: {
      severity: "error",
      code: "lab-file-missing",
      message: `${absolute} is a directory without a ${LAB_FILE_NAME}`,
      suggestion: `add a ${LAB_FILE_NAME} that names the topology (\`topology: topo.yaml\`), or give the topology file itself`,
    },
  };
}

function assemble(
  labFile: LabFile,
  source: string,
  shown: (p: string) => string,
  diagnostics: Diagnostic[],
  options: ReadLabOptions,
): LabResult {
  const strictness = { unknownFields: unknownFieldSeverity(options, labFile.strictFields) };
  // 1. The cluster: from the lab file, or from a k8s-kind node of the topology (containerlab's way).
  const clusterSources = [
    ...(labFile.cluster ? [{ file: labFile.cluster, name: undefined as string | undefined }] : []),
    ...kindClustersOf(labFile.topology).map((k) => ({ file: k.configFile, name: k.node })),
  ];
  let cluster: Cluster | undefined;
  if (clusterSources.length > 1) {
    diagnostics.push({
      severity: "error",
      code: "lab-two-clusters",
      message: `a lab runs one Kubernetes cluster, but ${clusterSources.length} are named: ${clusterSources.map((c) => shown(c.file)).join(", ")}`,
      suggestion: "keep either the lab file's `cluster:` or one `kind: k8s-kind` node",
    });
  } else if (clusterSources[0]) {
    const loaded = loadKindCluster(clusterSources[0].file, clusterSources[0].name, strictness);
    diagnostics.push(...relabel(loaded.diagnostics, shown));
    cluster = loaded.cluster;
  }

  // 2. The topology, with the cluster's node names as valid network-mode targets.
  const clusterNodeNames = new Set(cluster?.nodes.map((n) => n.name) ?? []);
  // A cluster file with errors of its own: its node names are unknown, so references to them are
  // not reported again (one error at its line instead of one per reference).
  const clusterUnreadable = clusterSources.length === 1 && cluster === undefined;
  const nodeFilesystem = labFile.nodeFilesystem ?? DEFAULT_NODE_FILESYSTEM;
  const topo = loadTopology(labFile.topology, {
    clusterNodeNames,
    clusterUnreadable,
    allowSystemBinds: nodeFilesystem.allowSystemBinds,
  });
  diagnostics.push(...relabel(topo.diagnostics, shown));

  // 3. Workloads and Services, then BGP resolved against the cluster's nodes.
  const manifests = loadManifests([...labFile.workloads], strictness);
  diagnostics.push(...relabel(manifests.diagnostics, shown));
  const bgp = loadCiliumBgp([...labFile.bgp], strictness);
  diagnostics.push(...relabel(bgp.diagnostics, shown));
  if (labFile.bgp.length > 0 && !cluster && !hasErrors(diagnostics)) {
    diagnostics.push({
      severity: "error",
      code: "lab-bgp-without-cluster",
      message: "the lab names Cilium BGP resources but no Kubernetes cluster for them to select nodes from",
      location: { file: shown(labFile.file), line: 1, col: 1 },
      suggestion: "add `cluster: cluster.yaml` (a kind Cluster config) to the lab file",
    });
  }
  // 4. The Services' addresses (ClusterIPs, LB-IPAM) and backends, before BGP advertises them.
  let services = manifests.services;
  if (cluster) {
    // Services answer over IPv4 only for now (nftables rules and ClusterIPs of one family).
    const v4ServiceSubnet = cluster.serviceSubnets.find((c) => familyOf(c.split("/")[0] ?? "") === 4);
    if (v4ServiceSubnet === undefined && services.length > 0) {
      diagnostics.push(...relabel([servicesNeedIpv4(services, cluster)], shown));
    }
    const clusterIPs = allocateClusterIPs(services, v4ServiceSubnet ?? cluster.serviceSubnet);
    const lbipam = assignLoadBalancerIPs(clusterIPs.services, [...manifests.pools, ...bgp.pools]);
    services = lbipam.services;
    diagnostics.push(
      ...relabel(clusterIPs.diagnostics, shown),
      ...relabel(lbipam.diagnostics, shown),
      ...relabel(checkServiceSelections(services, manifests.workloads, cluster.nodes), shown),
    );
  }
  let speakers = new Map<string, import("../../bgp/config/speaker-config.js").SpeakerConfig>();
  let conditions: Lab["bgpConditions"] = [];
  if (cluster) {
    const resolved = resolveSpeakers(bgp.resources, cluster, services);
    diagnostics.push(...relabel(resolved.diagnostics, shown));
    speakers = resolved.speakers;
    conditions = resolved.conditions;
    // Both ends of each session: the node's CRDs against the lab router's FRR configuration.
    if (topo.topology)
      diagnostics.push(
        ...relabel(
          crossCheckPeers({
            topology: topo.topology,
            cluster,
            speakers,
            resources: bgp.resources,
            shown,
          }),
          shown,
        ),
      );
  }

  if (topo.topology) diagnostics.push(...relabel(mgmtSubnetFits(topo.topology, cluster), shown));
  if (topo.topology && !clusterUnreadable)
    diagnostics.push(
      ...checkTargets(
        [...labFile.checks, ...scenarioChecks(labFile.scenarios ?? [])],
        topo.topology,
        cluster,
        manifests.workloads,
      ),
    );
  const sorted = sortDiagnostics(diagnostics);
  if (hasErrors(sorted) || !topo.topology) return { diagnostics: sorted };
  return {
    lab: {
      source,
      name: labFile.name ?? topo.topology.name,
      topology: topo.topology,
      ...(cluster ? { cluster } : {}),
      workloads: manifests.workloads,
      services,
      speakers,
      bgpResources: bgp.resources,
      bgpConditions: conditions,
      checks: labFile.checks,
      scenarios: labFile.scenarios ?? [],
      nodeFilesystem,
    },
    diagnostics: sorted,
  };
}

/** Loaders name files by the path they were given; show them relative to where the user is. */
function relabel(diagnostics: readonly Diagnostic[], shown: (p: string) => string): Diagnostic[] {
  return diagnostics.map((d) =>
    d.location && d.location.file.startsWith("/")
      ? { ...d, location: { ...d.location, file: shown(d.location.file) } }
      : d,
  );
}

function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fa = a.location?.file ?? "";
    const fb = b.location?.file ?? "";
    if (fa !== fb) return fa < fb ? -1 : 1;
    return (
      (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.col ?? 0) - (b.location?.col ?? 0)
    );
  });
}

function servicesNeedIpv4(services: readonly Service[], cluster: Cluster): Diagnostic {
  const first = services[0];
  return {
    severity: "error",
    code: "lab-services-need-ipv4",
    message: `Service ${first?.namespace}/${first?.name}: fabric's Services answer over IPv4 only for now, and the cluster is ${cluster.ipFamily}`,
    ...(first ? { location: first.location } : {}),
    suggestion: `set networking.ipFamily: dual in ${cluster.file}, or leave the Services out of this lab`,
  };
}
