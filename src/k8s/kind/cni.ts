// A cluster with `disableDefaultCNI: true` (the reference lab's, made for Cilium) has nodes that
// stay NotReady until some CNI is configured. fabric's own stand-in is what kindnet writes,
// minus kindnetd: the ptp and host-local plugins every kind node image ships in /opt/cni/bin,
// one /32 per pod behind a veth, addresses from the node's PodCIDR, no masquerade — the shape of
// Cilium's native routing, where pod prefixes reach other nodes through BGP, not through kindnetd's
// per-node routes.
/** MTU for pod veths: Cilium's default on a 1500-byte network, as the emulated provider uses. */
export const KIND_POD_MTU = 1500;

export function ptpConflist(podCIDR: string): string {
  const conf = {
    cniVersion: "0.3.1",
    name: "fabric",
    plugins: [
      {
        type: "ptp",
        ipMasq: false,
        mtu: KIND_POD_MTU,
        ipam: {
          type: "host-local",
          // host-local keeps its leases here; under /run so a restarted node starts clean.
          dataDir: "/run/cni-ipam-state",
          routes: [{ dst: "0.0.0.0/0" }],
          ranges: [[{ subnet: podCIDR }]],
        },
      },
      { type: "portmap", capabilities: { portMappings: true } },
    ],
  };
  return `${JSON.stringify(conf, null, 2)}\n`;
}
