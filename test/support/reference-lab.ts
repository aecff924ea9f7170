// The reference lab (labs/cilium-bgp) as the integration tests that deploy it see it: its nodes,
// for the leftovers check after destroy.
export const REFERENCE_LAB_NODES = [
  "router0",
  "tor0",
  "tor1",
  "kind-control-plane",
  "kind-worker",
  "kind-worker2",
  "kind-worker3",
] as const;
