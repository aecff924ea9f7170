// One malformed topology per rule: each must report its stable code, a message a user can act
// on, and the line (and column) of the value at fault.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTopology } from "../../../../src/model/containerlab/index.js";

const dir = join(import.meta.dirname, "../../../fixtures/topology/invalid");

interface Case {
  readonly file: string;
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly col?: number;
  readonly suggestion?: string;
  readonly severity?: "error" | "warning";
}

const cases: readonly Case[] = [
  { file: "yaml-syntax", code: "yaml-syntax", message: "Flow map", line: 5, col: 5 },
  {
    file: "duplicate-node",
    code: "duplicate-node",
    message: 'node "a" is defined twice (first on line 4)',
    line: 8,
    col: 5,
  },
  { file: "missing-name", code: "topology-name-missing", message: "no `name`", line: 1, col: 1 },
  { file: "no-nodes", code: "topology-no-nodes", message: "defines no nodes", line: 3, col: 10 },
  {
    file: "node-name-invalid",
    code: "node-name-invalid",
    message: '"bad name!"',
    line: 6,
    col: 5,
    suggestion: '"bad-name"',
  },
  {
    file: "unknown-kind",
    code: "unknown-kind",
    message: 'unknown kind "linx"',
    line: 5,
    col: 13,
    suggestion: '"linux"',
  },
  {
    file: "kind-unsupported",
    code: "kind-unsupported",
    message: "kind nokia_srlinux is a containerlab kind fabric does not run yet",
    line: 5,
    col: 13,
  },
  {
    file: "unknown-group",
    code: "unknown-group",
    message: 'group "spnie" is not defined',
    line: 9,
    col: 14,
    suggestion: '"spine"',
    severity: "warning",
  },
  {
    file: "endpoint-no-colon",
    code: "endpoint-malformed",
    message: '"a-eth1" has no colon',
    line: 7,
    col: 19,
    suggestion: '"a:eth1"',
  },
  {
    file: "endpoint-no-interface",
    code: "endpoint-malformed",
    message: '"b:" has no interface name',
    line: 7,
    col: 29,
  },
  {
    file: "link-unknown-node",
    code: "link-unknown-node",
    message: 'node "tor9"',
    line: 7,
    col: 35,
    suggestion: '"tor0"',
  },
  {
    file: "interface-used-twice",
    code: "interface-used-twice",
    message: "interface eth1 of a",
    line: 9,
    col: 19,
  },
  {
    file: "interface-shared-namespace",
    code: "interface-used-twice",
    message: "host1 and side share the network namespace of host1",
    line: 12,
    col: 19,
  },
  { file: "link-self", code: "link-self-same-interface", message: "a:eth1 to itself", line: 6, col: 18 },
  {
    file: "link-three-endpoints",
    code: "link-endpoint-count",
    message: "exactly two endpoints, this one has 3",
    line: 8,
    col: 18,
  },
  {
    file: "link-on-k8s-kind",
    code: "link-on-k8s-kind",
    message: '"k01" is a k8s-kind cluster',
    line: 9,
    col: 29,
  },
  {
    file: "link-mtu",
    code: "link-mtu-invalid",
    message: "mtu 40 is not an integer between 68 and 65535",
    line: 8,
    col: 12,
  },
  {
    file: "network-mode-missing-target",
    code: "network-mode-unknown-target",
    message:
      "network-mode refers to routr0, which is neither a node of this topology nor a node of its Kubernetes cluster",
    line: 7,
    col: 21,
    suggestion: '"container:router0"',
  },
  { file: "network-mode-cycle", code: "network-mode-cycle", message: "a → b → a", line: 6, col: 21 },
  { file: "network-mode-invalid", code: "network-mode-invalid", message: '"bridged"', line: 6, col: 21 },
  {
    file: "mgmt-subnet-host-bits",
    code: "mgmt-subnet-invalid",
    message: "host bits set; the network is 172.30.30.0/24",
    line: 4,
    col: 16,
  },
  {
    file: "mgmt-subnet-prefix",
    code: "mgmt-subnet-invalid",
    message: 'prefix length "33"',
    line: 3,
    col: 16,
  },
  {
    file: "mgmt-subnet-address",
    code: "mgmt-subnet-invalid",
    message: '"172.300.30.0" is not an IP address',
    line: 3,
    col: 16,
  },
  {
    file: "mgmt-ipv4-outside",
    code: "mgmt-ipv4-outside-subnet",
    message: '172.30.31.5 of node "a" is outside the management subnet 172.30.30.0/24',
    line: 8,
    col: 18,
  },
  {
    file: "mgmt-ipv4-duplicate",
    code: "mgmt-ipv4-duplicate",
    message: 'already used by node "a"',
    line: 11,
    col: 18,
  },
  {
    file: "bind-syntax",
    code: "bind-invalid",
    message: '"just-one-path" is not in host-path:node-path',
    line: 7,
    col: 11,
  },
  {
    file: "bind-mode",
    code: "bind-mode-invalid",
    message: 'mode "rx"; it must be ro or rw',
    line: 7,
    col: 11,
  },
  {
    file: "startup-config-missing",
    code: "startup-config-missing",
    message: "does-not-exist.cfg does not exist",
    line: 6,
    col: 23,
  },
  {
    file: "env-not-scalar",
    code: "env-not-scalar",
    message: 'env "BAD" must be a string, number or boolean',
    line: 9,
    col: 11,
  },
  {
    file: "interface-too-long",
    code: "interface-name-too-long",
    message: "21 bytes; Linux allows at most 15",
    line: 7,
    col: 19,
  },
  {
    file: "interface-slash",
    code: "interface-name-invalid",
    message: '"eth1/1" may not contain "/"',
    line: 11,
    col: 11,
  },
  {
    file: "exec-not-list",
    code: "exec-not-strings",
    message: '"exec" must be a list of strings, not a string',
    line: 6,
    col: 13,
  },
  {
    file: "exec-entry-mapping",
    code: "exec-not-strings",
    message: '"exec" entry 2 must be a string',
    line: 8,
    col: 11,
  },
  {
    file: "link-type-unsupported",
    code: "link-type-unsupported",
    message: 'link type "macvlan" is not supported by fabric yet',
    line: 6,
    col: 13,
  },
  {
    file: "link-host-brief",
    code: "link-type-unsupported",
    message: "host link, which fabric does not support yet",
    line: 6,
    col: 29,
  },
  {
    file: "unknown-field",
    code: "unknown-field",
    message: 'unknown field "imgae" in node "a"',
    line: 6,
    col: 7,
    suggestion: '"image"',
    severity: "warning",
  },
];

describe("invalid containerlab topologies", () => {
  it.each(cases)("$file reports $code", (c) => {
    const file = join(dir, `${c.file}.yaml`);
    const result = loadTopology(file);
    expect(result.diagnostics, JSON.stringify(result.diagnostics, null, 1)).toHaveLength(1);
    const [d] = result.diagnostics;
    expect(d?.code).toBe(c.code);
    expect(d?.severity).toBe(c.severity ?? "error");
    expect(d?.message).toContain(c.message);
    expect(d?.location?.file).toBe(file);
    expect(d?.location?.line).toBe(c.line);
    if (c.col !== undefined) expect(d?.location?.col).toBe(c.col);
    if (c.suggestion !== undefined) expect(d?.suggestion).toContain(c.suggestion);
    // A topology comes back only when nothing is an error.
    expect(result.topology === undefined).toBe(d?.severity === "error");
  });

  it("has a test for every fixture", () => {
    const files = readdirSync(dir).map((f) => f.replace(/\.yaml$/, ""));
    expect(files.sort()).toEqual(cases.map((c) => c.file).sort());
    expect(files.length).toBeGreaterThanOrEqual(20);
  });
});
