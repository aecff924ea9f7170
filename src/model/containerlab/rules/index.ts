// Every validation rule, in one list. All of them run on every topology, so one pass reports
// every problem; none depends on another having passed.
import type { Diagnostic } from "../../../errors.js";
import type { Rule, RuleContext } from "./context.js";
import { bindsValid, kindClustersHaveConfig, startupConfigsExist } from "./files.js";
import {
  interfaceNamesValid,
  interfacesUsedOnce,
  linkHasTwoEndpoints,
  linkMtuValid,
  linkNodesExist,
  noLinksOnKindClusters,
  noSelfLinkOnOneInterface,
} from "./links.js";
import { mgmtAddressesValid, mgmtSubnetsValid } from "./mgmt.js";
import { networkModeAcyclic, networkModeKnown, networkModeTargetExists } from "./network-mode.js";
import {
  groupsKnown,
  kindEntriesKnown,
  labNameRequired,
  nodeKindsKnown,
  nodeNamesValid,
  nodesRequired,
} from "./nodes.js";

export const RULES: readonly Rule[] = [
  labNameRequired,
  nodesRequired,
  nodeNamesValid,
  nodeKindsKnown,
  kindEntriesKnown,
  groupsKnown,
  linkHasTwoEndpoints,
  linkNodesExist,
  interfaceNamesValid,
  linkMtuValid,
  noLinksOnKindClusters,
  noSelfLinkOnOneInterface,
  interfacesUsedOnce,
  networkModeKnown,
  networkModeTargetExists,
  networkModeAcyclic,
  mgmtSubnetsValid,
  mgmtAddressesValid,
  bindsValid,
  startupConfigsExist,
  kindClustersHaveConfig,
];

export function runRules(ctx: RuleContext): Diagnostic[] {
  return RULES.flatMap((rule) => rule(ctx));
}
