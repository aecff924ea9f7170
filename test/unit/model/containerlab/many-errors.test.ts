// One file with many problems: every rule runs and every problem is reported, in line order.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveTopologyText } from "../../../../src/model/containerlab/index.js";

const file = join(import.meta.dirname, "../../../fixtures/topology/valid/many.yaml");

const text = `prefix: lab
mgmt:
  ipv4-subnet: 10.9.9.0/24
topology:
  defaults:
    kind: linux
  nodes:
    r1:
      kind: linx
      mgmt-ipv4: 10.9.8.1
    r2:
      kind: ceos
      network-mode: container:r3
    r3:
      network-mode: container:r2
    s1:
      exec: "echo hi"
      binds:
        - /tmp:/mnt:rwx
      env:
        LIST: [1, 2]
  links:
    - endpoints: ["r1:eth1", "ghost:eth1"]
    - endpoints: ["r1-eth2", "s1:eth1"]
    - endpoints: ["s1:eth1", "r1:eth1"]
      mtu: 70000
    - endpoints: ["s1:averyveryverylongname", "r1:eth3"]
    - type: vxlan
      remote: 192.0.2.1
`;

describe("a topology with many errors", () => {
  const { topology, diagnostics } = resolveTopologyText(file, text);

  it("reports every one of them, sorted by line", () => {
    expect(topology).toBeUndefined();
    expect(diagnostics.map((d) => `${d.location?.line} ${d.code}`)).toEqual([
      "1 topology-name-missing",
      "9 unknown-kind",
      "10 mgmt-ipv4-outside-subnet",
      "12 kind-unsupported",
      "13 network-mode-cycle",
      "17 exec-not-strings",
      "19 bind-mode-invalid",
      "21 env-not-scalar",
      "23 link-unknown-node",
      "24 endpoint-malformed",
      "25 interface-used-twice",
      "25 interface-used-twice",
      "26 link-mtu-invalid",
      "27 interface-name-too-long",
      "28 link-type-unsupported",
    ]);
  });

  it("points at the columns of the values at fault", () => {
    const at = (code: string) => diagnostics.find((d) => d.code === code)?.location;
    expect(at("link-unknown-node")).toMatchObject({ line: 23, col: 30 });
    expect(at("endpoint-malformed")).toMatchObject({ line: 24, col: 19 });
    expect(at("link-mtu-invalid")).toMatchObject({ line: 26, col: 12 });
  });
});
