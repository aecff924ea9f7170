import { execa } from "execa";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { diffSnapshots, takeSnapshot, type HostSnapshot } from "../../support/host-snapshot.js";
import { ruleExists } from "../../../src/host/iptables.js";
import { linkExists } from "../../../src/host/ip.js";
import {
  attachToMgmt,
  createMgmtNetwork,
  planMgmtAttachment,
  planMgmtNetwork,
  removeMgmtNetwork,
} from "../../../src/links/mgmt.js";
import { TestLab } from "./fixture.js";

describe("management network", () => {
  let labs: TestLab[] = [];
  let before: HostSnapshot;
  let extraNames: string[] = [];

  afterEach(async () => {
    for (const lab of labs) await lab.cleanup();
    const after = await takeSnapshot();
    for (const lab of labs) expect(diffSnapshots(before, after, { lab: lab.name, extraNames })).toEqual([]);
    labs = [];
    extraNames = [];
  });

  it("lets the host reach each node's eth0, with no route out of the node", async () => {
    before = await takeSnapshot();
    const lab = new TestLab();
    labs.push(lab);
    // A /24 from TEST-NET-2 carved per run so concurrent runs do not overlap.
    const subnet = `198.51.100.0/24`;
    const net = await lab.wire(planMgmtNetwork(lab.name, subnet), createMgmtNetwork);
    const n = await lab.node("n1");
    const att = planMgmtAttachment(net, { node: "n1", netns: lab.runtime.netnsPath(n) }, "198.51.100.2/24");
    extraNames.push(att.hostIfname);
    await lab.wire(att, attachToMgmt);
    expect(net.gateway).toBe("198.51.100.1/24");
    const ping = await execa("ping", ["-c", "1", "-W", "2", "198.51.100.2"], { reject: false });
    expect(ping.stdout).toContain("1 received");
    const routes = await lab.sh(n, ["ip", "-json", "route", "show", "default"]);
    expect(JSON.parse(routes)).toEqual([]);
    expect(await linkExists(undefined, net.bridge)).toBe(true);
  });

  it("spreads nodes over trunked bridges past one bridge's ports: one L2 segment, removed whole", async () => {
    before = await takeSnapshot();
    const lab = new TestLab();
    labs.push(lab);
    // One node per bridge, so three nodes take the lab's bridge and two segment bridges.
    const net = await lab.wire(
      planMgmtNetwork(lab.name, "198.51.100.128/27", { ports: 3, portsPerBridge: 1 }),
      createMgmtNetwork,
    );
    const segments = net.segments ?? [];
    expect(segments).toHaveLength(2);
    extraNames.push(...segments.flatMap((s) => [s.bridge, s.rootEnd, s.segmentEnd]));
    const nodes = [];
    for (const [port, name] of ["n1", "n2", "n3"].entries()) {
      const n = await lab.node(name);
      const att = planMgmtAttachment(
        net,
        { node: name, netns: lab.runtime.netnsPath(n) },
        `198.51.100.${130 + port}/27`,
        port,
      );
      extraNames.push(att.hostIfname);
      await lab.wire(att, attachToMgmt);
      nodes.push({ n, att });
    }
    expect(nodes.map((x) => x.att.bridge)).toEqual([net.bridge, segments[0]?.bridge, segments[1]?.bridge]);
    // The host reaches every node through its bridge's trunk; nodes on two segments reach each other.
    for (const address of ["198.51.100.130", "198.51.100.131", "198.51.100.132"]) {
      const ping = await execa("ping", ["-c", "1", "-W", "2", address], { reject: false });
      expect(ping.stdout, address).toContain("1 received");
    }
    const [, second] = nodes;
    if (!second) throw new Error("no node");
    const across = await lab.sh(second.n, ["ping", "-c", "1", "-W", "2", "198.51.100.132"]);
    expect(across).toContain("1 received");
    for (const s of segments) expect(await linkExists(undefined, s.bridge)).toBe(true);
    await removeMgmtNetwork(net);
    for (const s of segments) {
      expect(await linkExists(undefined, s.bridge)).toBe(false);
      expect(await linkExists(undefined, s.rootEnd)).toBe(false);
    }
  });

  it("lets nodes reach each other with bridge-nf and forwarding on, but not the host's services", async () => {
    const bridgeNf = "/proc/sys/net/bridge/bridge-nf-call-iptables";
    let nf: string;
    try {
      nf = readFileSync(bridgeNf, "utf8").trim();
    } catch {
      console.warn("bridge-nf test skipped: br_netfilter is not loaded on this host (nothing to cross)");
      return;
    }
    expect(nf).toBe("1");
    // Forwarding on, as wherever Docker runs: the FORWARD rule is inserted, and must not cut
    // node-to-node frames. Restored whatever happens; the rule keeps nodes from routing out.
    const forwardPath = "/proc/sys/net/ipv4/ip_forward";
    const forward = readFileSync(forwardPath, "utf8").trim();
    const server = createServer((socket) => socket.end("host service\n"));
    await new Promise<void>((r) => server.listen(0, "0.0.0.0", r));
    const port = (server.address() as { port: number }).port;
    try {
      writeFileSync(forwardPath, "1");
      before = await takeSnapshot();
      const lab = new TestLab();
      labs.push(lab);
      const net = await lab.wire(planMgmtNetwork(lab.name, "198.51.100.64/27"), createMgmtNetwork);
      expect(await ruleExists(net.forwardDrop!)).toBe(true);
      expect(await ruleExists(net.inputDrop!)).toBe(true);
      const [a, b] = [await lab.node("n1"), await lab.node("n2")];
      for (const [n, address] of [
        [a, "198.51.100.66/27"],
        [b, "198.51.100.67/27"],
      ] as const) {
        const att = planMgmtAttachment(net, { node: n.name, netns: lab.runtime.netnsPath(n) }, address);
        extraNames.push(att.hostIfname);
        await lab.wire(att, attachToMgmt);
      }
      const ping = await lab.sh(a, ["ping", "-c", "3", "-i", "0.2", "-W", "2", "198.51.100.67"]);
      expect(ping).toContain("3 received");
      expect(await lab.sh(a, ["ping", "-c", "1", "-W", "2", "198.51.100.65"])).toContain("1 received");
      // The host's service on 0.0.0.0 answers the host itself, not a node at the bridge address.
      const fromHost = await execa("bash", ["-c", `exec 3<>/dev/tcp/127.0.0.1/${port}; head -1 <&3`]);
      expect(fromHost.stdout).toBe("host service");
      const fromNode = await lab.sh(a, [
        "sh",
        "-c",
        `timeout 3 bash -c 'exec 3<>/dev/tcp/198.51.100.65/${port}; head -1 <&3' && echo reached || echo refused`,
      ]);
      expect(fromNode.trim()).toBe("refused");
    } finally {
      writeFileSync(forwardPath, forward);
      server.close();
    }
  });

  it("removes the FORWARD rule it inserts and tolerates one that was never inserted", async () => {
    before = await takeSnapshot();
    const lab = new TestLab();
    labs.push(lab);
    const net = planMgmtNetwork(lab.name, "198.51.100.0/24");
    // Exercise the rule on its own so the test does not depend on the host's ip_forward.
    const { insertRule } = await import("../../../src/host/iptables.js");
    await insertRule(net.forwardDrop!);
    expect(await ruleExists(net.forwardDrop!)).toBe(true);
    expect((await takeSnapshot()).forwardRules.join("\n")).toContain(`fabric lab ${lab.name}`);
    await removeMgmtNetwork(net);
    expect(await ruleExists(net.forwardDrop!)).toBe(false);
    await removeMgmtNetwork(net); // idempotent
  });

  it("frees a removed node's namespace even while a later lab's node exists", async () => {
    // A node's mount namespace starts as a copy of the host's, /run/netns/* included; with
    // slave propagation the host's `ip netns delete` still reaches that copy.
    before = await takeSnapshot();
    const first = new TestLab();
    const second = new TestLab();
    labs.push(first, second);
    const net = await first.wire(planMgmtNetwork(first.name, "198.51.100.0/24"), createMgmtNetwork);
    const n = await first.node("n1");
    const att = planMgmtAttachment(net, { node: "n1", netns: first.runtime.netnsPath(n) }, "198.51.100.2/24");
    extraNames.push(att.hostIfname);
    await first.wire(att, attachToMgmt);
    await second.node("n1");
    await first.runtime.remove(n);
    // The host end of the veth vanishes only once the node's network namespace is destroyed.
    expect(await linkExists(undefined, att.hostIfname)).toBe(false);
  });
});
