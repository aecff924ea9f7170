// The management network on docker: one bridge network per lab with the topology's `mgmt`
// subnet, static addresses per container, and `internal` (Docker then gives containers no
// default route). Host-only like the netns runtime's bridge (DESIGN.md §6): Docker's own
// masquerading is switched off for it, and when the host forwards IPv4 the same FORWARD drop
// rule guards the bridge, which matters where dockerd runs with --iptables=false and so sets up
// none of its isolation rules.
import { deleteRule, insertRule } from "../../host/iptables.js";
import { readSysctl } from "../../host/sysctl.js";
import { forwardDropRule, mgmtGateway } from "../../links/mgmt.js";
import { mgmtBridgeName } from "../../links/names.js";
import type { ManagedNetworkRecord, ManagementNetworking } from "../types.js";
import { DockerApiError, type DockerApi, type NetworkCreateOptions } from "./api.js";
import { DOCKER_RUNTIME, LABEL, networkName } from "./names.js";

export function networkCreateOptions(net: ManagedNetworkRecord): NetworkCreateOptions {
  return {
    Name: net.name,
    Driver: "bridge",
    CheckDuplicate: true,
    Internal: true,
    IPAM: { Driver: "default", Config: [{ Subnet: net.subnet, Gateway: net.gateway.split("/")[0] ?? "" }] },
    Options: {
      "com.docker.network.bridge.name": net.bridge,
      "com.docker.network.bridge.enable_ip_masquerade": "false",
    },
    Labels: { [LABEL.lab]: net.lab, [LABEL.containerlab]: net.lab },
  };
}

export class DockerManagementNetwork implements ManagementNetworking {
  constructor(private readonly api: DockerApi) {}

  plan(lab: string, subnet: string): ManagedNetworkRecord {
    const bridge = mgmtBridgeName(lab);
    return {
      runtime: DOCKER_RUNTIME,
      lab,
      name: networkName(lab),
      subnet,
      gateway: mgmtGateway(subnet),
      bridge,
      forwardDrop: forwardDropRule(lab, bridge),
    };
  }

  async create(net: ManagedNetworkRecord): Promise<void> {
    try {
      await this.api.createNetwork(networkCreateOptions(net));
    } catch (err) {
      // After a crash between create and the next record write, the network is already ours.
      const ours = (await this.api.listNetworks({ name: [net.name] })).some(
        (n) => n.name === net.name && n.labels[LABEL.lab] === net.lab,
      );
      if (!(err instanceof DockerApiError && err.statusCode === 409 && ours)) throw err;
    }
    if ((await readSysctl("net.ipv4.ip_forward")) === "1") await insertRule(net.forwardDrop);
  }

  async remove(net: ManagedNetworkRecord): Promise<void> {
    await deleteRule(net.forwardDrop);
    // Only a network carrying this lab's label: a same-named network of someone else stays.
    const found = await this.api.listNetworks({ name: [net.name] });
    for (const n of found) {
      if (n.name === net.name && n.labels[LABEL.lab] === net.lab) await this.api.removeNetwork(n.id);
    }
  }
}
