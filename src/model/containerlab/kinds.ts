// Telling a kind fabric runs from a containerlab kind it does not run yet, and both from a typo.
import { NODE_KINDS, type NodeKind } from "../model.js";
import { closest } from "../suggest.js";

/**
 * Kinds containerlab knows (https://containerlab.dev/manual/kinds/), including the short
 * aliases (`srl`, `ceos`, `crpd`) and the `vr-*` VM-in-container kinds.
 */
export const CONTAINERLAB_KINDS: readonly string[] = [
  "nokia_srlinux",
  "srl",
  "nokia_sros",
  "nokia_srsim",
  "vr-sros",
  "vr-nokia_sros",
  "arista_ceos",
  "ceos",
  "arista_veos",
  "vr-veos",
  "vr-arista_veos",
  "juniper_crpd",
  "crpd",
  "juniper_vmx",
  "vr-vmx",
  "vr-juniper_vmx",
  "juniper_vqfx",
  "vr-vqfx",
  "vr-juniper_vqfx",
  "juniper_vsrx",
  "vr-vsrx",
  "juniper_vjunosrouter",
  "juniper_vjunosswitch",
  "juniper_vjunosevolved",
  "juniper_cjunosevolved",
  "cisco_xrd",
  "cisco_xrv",
  "vr-xrv",
  "vr-cisco_xrv",
  "cisco_xrv9k",
  "vr-xrv9k",
  "vr-cisco_xrv9k",
  "cisco_csr1000v",
  "vr-csr",
  "vr-cisco_csr",
  "cisco_c8000v",
  "cisco_c8000",
  "cisco_n9kv",
  "vr-n9kv",
  "vr-cisco_n9kv",
  "cisco_nxos",
  "vr-nxos",
  "vr-cisco_nxos",
  "cisco_iol",
  "cisco_ftdv",
  "cisco_asav",
  "cisco_sdwan",
  "cumulus_cvx",
  "sonic-vs",
  "sonic-vm",
  "dell_sonic",
  "dell_ftosv",
  "vr-ftosv",
  "vr-dell_ftosv",
  "paloalto_panos",
  "vr-pan",
  "vr-paloalto_panos",
  "mikrotik_ros",
  "vr-ros",
  "vr-mikrotik_ros",
  "fortinet_fortigate",
  "huawei_vrp",
  "ipinfusion_ocnos",
  "checkpoint_cloudguard",
  "keysight_ixia-c-one",
  "ostinato",
  "vyosnetworks_vyos",
  "6wind_vsr",
  "fdio_vpp",
  "aruba_aoscx",
  "rare",
  "openbsd",
  "freebsd",
  "generic_vm",
  "border0",
  "linux",
  "bridge",
  "ovs-bridge",
  "host",
  "ext-container",
  "k8s-kind",
];

export type KindClass =
  | { readonly type: "runs"; readonly kind: NodeKind }
  | { readonly type: "not-yet" }
  | { readonly type: "unknown"; readonly suggestion?: string };

export function isNodeKind(kind: string): kind is NodeKind {
  return (NODE_KINDS as readonly string[]).includes(kind);
}

export function classifyKind(kind: string): KindClass {
  if (isNodeKind(kind)) return { type: "runs", kind };
  if (CONTAINERLAB_KINDS.includes(kind)) return { type: "not-yet" };
  const near = closest(kind, [...NODE_KINDS, ...CONTAINERLAB_KINDS]);
  return near === undefined ? { type: "unknown" } : { type: "unknown", suggestion: near };
}
