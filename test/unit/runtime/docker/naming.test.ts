import { describe, expect, it } from "vitest";
import { FabricError } from "../../../../src/errors.js";
import { containerLabels, containerName, networkName } from "../../../../src/runtime/docker/names.js";
import { DockerManagementNetwork, networkCreateOptions } from "../../../../src/runtime/docker/network.js";
import { DockerRuntime } from "../../../../src/runtime/docker/runtime.js";
import { FakeDockerApi } from "./fake-docker-api.js";

describe("docker naming", () => {
  it("names containers as containerlab does: <prefix>-<lab>-<node>, or <node> with an empty prefix", () => {
    expect(containerName("bgp", "tor0")).toBe("clab-bgp-tor0");
    expect(containerName("bgp", "tor0", "lab")).toBe("lab-bgp-tor0");
    expect(containerName("bgp", "tor0", "")).toBe("tor0");
  });

  it("refuses names Docker or a namespace file could not carry", () => {
    expect(() => containerName("bgp", "tor 0")).toThrow(FabricError);
    expect(() => containerName("../x", "tor0")).toThrow(/lab name/);
  });

  it("labels with the lab and node, and the topology's labels cannot overwrite those", () => {
    const labels = containerLabels("bgp", "tor0", { app: "frr", "fabric.lab": "other" });
    expect(labels).toEqual({
      app: "frr",
      "fabric.lab": "bgp",
      "fabric.node": "tor0",
      containerlab: "bgp",
      "clab-node-name": "tor0",
    });
  });

  it("plans a node record named after its container, with the /run/netns name users know from containerlab", () => {
    const runtime = new DockerRuntime(new FakeDockerApi());
    const record = runtime.plan({
      lab: "bgp",
      name: "tor0",
      env: { A: "1" },
      binds: [],
      privateDirs: [],
      image: "fabric-frr:bookworm",
      namePrefix: "clab",
    });
    expect(record).toMatchObject({
      runtime: "docker",
      netnsName: "clab-bgp-tor0",
      container: { name: "clab-bgp-tor0", image: "fabric-frr:bookworm" },
    });
    expect(runtime.netnsPath(record)).toBe("/run/netns/clab-bgp-tor0");
  });

  it("makes the management network internal, unmasqueraded, on the lab's bridge name", () => {
    const net = new DockerManagementNetwork(new FakeDockerApi()).plan("bgp", "172.20.20.0/24");
    expect(net).toMatchObject({ name: networkName("bgp"), bridge: "fab-bgp", gateway: "172.20.20.1/24" });
    expect(networkCreateOptions(net)).toMatchObject({
      Name: "fabric-bgp",
      Internal: true,
      IPAM: { Config: [{ Subnet: "172.20.20.0/24", Gateway: "172.20.20.1" }] },
      Options: {
        "com.docker.network.bridge.name": "fab-bgp",
        "com.docker.network.bridge.enable_ip_masquerade": "false",
      },
      Labels: { "fabric.lab": "bgp" },
    });
  });
});
