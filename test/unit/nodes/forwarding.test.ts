// Forwarding is turned on once per network namespace, by the node that owns it: two writes of
// net.ipv4.ip_forward=1 at once in one namespace can leave every interface with forwarding off
// (see setsForwarding). In the reference lab srv-worker shares kind-worker's namespace, and
// kind-worker's provider turns forwarding on while srv-worker's exec lines run.
import { describe, expect, it } from "vitest";
import { loadLab } from "../../../src/model/lab-file/load-lab.js";
import { linuxKind, setsForwarding } from "../../../src/nodes/linux.js";
import { FakeRuntime } from "../../support/fake-runtime.js";

function referenceNode(name: string) {
  const lab = loadLab("labs/cilium-bgp").lab;
  const node = lab?.topology.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`no node ${name} in labs/cilium-bgp`);
  return node;
}

async function startedCommands(name: string): Promise<string[]> {
  const runtime = new FakeRuntime();
  const node = referenceNode(name);
  const record = await runtime.create(linuxKind.nodeSpec("t", node));
  await linuxKind.start({ lab: "t", node, record, runtime, progress: () => {} });
  return runtime.calls.flatMap((c) => (c.op === "exec" ? [c.argv.join(" ")] : []));
}

describe("who turns forwarding on", () => {
  it("a node in a network namespace of its own does, first", async () => {
    expect(setsForwarding(referenceNode("tor0"))).toBe(true);
    const commands = await startedCommands("tor0");
    expect(commands[0]).toContain("net.ipv4.ip_forward=1");
  });

  it("a node sharing another's namespace (network-mode container:) leaves it to that node", async () => {
    expect(setsForwarding(referenceNode("srv-worker"))).toBe(false);
    const commands = await startedCommands("srv-worker");
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.some((c) => c.includes("forwarding"))).toBe(false);
    expect(commands).toEqual([
      "sh -c ip addr add 10.0.2.2/24 dev net0",
      "sh -c ip route replace default via 10.0.2.1",
    ]);
  });

  it("a node on the host's network (network-mode host) leaves the host's forwarding as it is", async () => {
    const host = { ...referenceNode("tor0"), networkMode: { type: "host" } as const };
    expect(setsForwarding(host)).toBe(false);
    const runtime = new FakeRuntime();
    const record = await runtime.create(linuxKind.nodeSpec("t", host));
    await linuxKind.start({ lab: "t", node: host, record, runtime, progress: () => {} });
    const commands = runtime.calls.flatMap((c) => (c.op === "exec" ? [c.argv.join(" ")] : []));
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.some((c) => c.includes("forwarding"))).toBe(false);
  });
});
