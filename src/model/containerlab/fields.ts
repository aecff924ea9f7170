// Which keys containerlab knows at each level of a topology file. A key fabric reads is handled;
// a key containerlab knows but fabric does not apply is a warning that says so; anything else is
// a warning with a did-you-mean, because containerlab itself tolerates extra keys.

export const TOP_LEVEL_FIELDS = ["name", "prefix", "mgmt", "topology"] as const;
export const TOP_LEVEL_IGNORED = ["settings", "debug"] as const;

export const TOPOLOGY_FIELDS = ["defaults", "kinds", "groups", "nodes", "links"] as const;

export const MGMT_FIELDS = ["network", "ipv4-subnet", "ipv6-subnet", "bridge"] as const;
export const MGMT_IGNORED = [
  "ipv4-gw",
  "ipv6-gw",
  "ipv4-range",
  "ipv6-range",
  "mtu",
  "external-access",
  "driver",
] as const;

/** Node fields fabric reads (the same set is valid in defaults, kinds and groups). */
export const NODE_FIELDS = [
  "kind",
  "group",
  "image",
  "cmd",
  "entrypoint",
  "exec",
  "binds",
  "env",
  "labels",
  "startup-config",
  "network-mode",
  "mgmt-ipv4",
] as const;

/** Node fields containerlab documents that fabric accepts but does not apply. */
export const NODE_IGNORED = [
  "type",
  "license",
  "position",
  "image-pull-policy",
  "startup-delay",
  "enforce-startup-config",
  "suppress-startup-config",
  "auto-remove",
  "restart-policy",
  "ports",
  "mgmt-ipv6",
  "env-files",
  "runtime",
  "user",
  "cpu",
  "cpu-set",
  "memory",
  "shm-size",
  "cap-add",
  "devices",
  "sysctls",
  "sandbox",
  "kernel",
  "extras",
  "wait-for",
  "stages",
  "dns",
  "certificate",
  "healthcheck",
  "config",
  "publish",
  "aliases",
  "components",
  "subject-alternative-names",
] as const;

export const LINK_FIELDS = ["type", "endpoints", "mtu"] as const;
export const LINK_IGNORED = ["labels", "vars"] as const;

export const ENDPOINT_FIELDS = ["node", "interface"] as const;
export const ENDPOINT_IGNORED = ["mac", "vars", "ipv4", "ipv6"] as const;

/** Link types containerlab has besides veth; fabric refuses them for now. */
export const OTHER_LINK_TYPES = [
  "host",
  "mgmt-net",
  "macvlan",
  "macvtap",
  "vxlan",
  "vxlan-stitch",
  "dummy",
] as const;
