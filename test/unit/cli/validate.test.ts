import { describe, expect, it } from "vitest";
import { runCli } from "../../support/run-cli.js";

// The acceptance check of the foundation issue: the seed's lab, resolved.
describe("fabric validate labs/cilium-bgp", () => {
  it("prints the resolved plan of the reference lab", async () => {
    const run = await runCli("validate", "labs/cilium-bgp");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const text = run.stdout;
    expect(text).toMatch(/routers\s+3\s+router0, tor0, tor1/);
    expect(text).toContain("Links (6)");
    expect(text).toMatch(/kind-control-plane\s+control-plane\s+rack0\s+10\.0\.1\.2\s+10\.1\.0\.0\/24/);
    expect(text).toMatch(/kind-worker\s+worker\s+rack0\s+10\.0\.2\.2\s+10\.1\.1\.0\/24/);
    expect(text).toMatch(/kind-worker2\s+worker\s+rack1\s+10\.0\.3\.2\s+10\.1\.2\.0\/24/);
    expect(text).toMatch(/kind-worker3\s+worker\s+rack1\s+10\.0\.4\.2\s+10\.1\.3\.0\/24/);
    expect(text).toMatch(
      /kind-worker\s+65010\s+10\.0\.2\.2\s+10\.0\.0\.1\s+65010\s+ipv4\/unicast\s+10\.1\.1\.0\/24 \(PodCIDR\)/,
    );
    expect(text).toMatch(
      /kind-worker3\s+65011\s+10\.0\.4\.2\s+10\.0\.0\.2\s+65011\s+ipv4\/unicast\s+10\.1\.3\.0\/24 \(PodCIDR\)/,
    );
    expect(text).toMatch(
      /DaemonSet\s+default\/netshoot\s+nicolaka\/netshoot:latest\s+kind-worker, kind-worker2, kind-worker3/,
    );
  });

  it("gives scripts the same plan as JSON", async () => {
    const run = await runCli("validate", "labs/cilium-bgp", "--format", "json");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.valid).toBe(true);
    expect(
      out.plan.nodes
        .filter((n: { role: string }) => n.role === "router")
        .map((n: { name: string }) => n.name),
    ).toEqual(["router0", "tor0", "tor1"]);
    expect(out.plan.links).toHaveLength(6);
    expect(
      out.plan.cluster.nodes.map((n: { name: string; rack: string; nodeIP: string }) => [
        n.name,
        n.rack,
        n.nodeIP,
      ]),
    ).toEqual([
      ["kind-control-plane", "rack0", "10.0.1.2"],
      ["kind-worker", "rack0", "10.0.2.2"],
      ["kind-worker2", "rack1", "10.0.3.2"],
      ["kind-worker3", "rack1", "10.0.4.2"],
    ]);
    const peers = out.plan.sessions.map(
      (s: { node: string; peerAddress: string; peerASN: number; localASN: number }) => [
        s.node,
        s.peerAddress,
        s.peerASN,
        s.localASN,
      ],
    );
    expect(peers).toEqual([
      ["kind-control-plane", "10.0.0.1", 65010, 65010],
      ["kind-worker", "10.0.0.1", 65010, 65010],
      ["kind-worker2", "10.0.0.2", 65011, 65011],
      ["kind-worker3", "10.0.0.2", 65011, 65011],
    ]);
  });

  it("includes deploy's own plan: management addresses, pod addresses, veth names", async () => {
    const run = await runCli("validate", "labs/cilium-bgp", "--format", "json");
    const plan = JSON.parse(run.stdout).deployPlan;
    expect(plan.stages.map((s: { id: string }) => s.id)).toEqual([
      "management",
      "cluster-nodes",
      "nodes",
      "mgmt-attachments",
      "links",
      "cluster-workloads",
      "start-nodes",
      "speakers",
    ]);
    const mgmt = Object.fromEntries(
      plan.nodes.map((n: { name: string; mgmtAddress?: string }) => [n.name, n.mgmtAddress ?? null]),
    );
    expect(mgmt).toMatchObject({
      router0: "172.20.20.2/24",
      tor1: "172.20.20.4/24",
      "srv-worker": null,
      "kind-worker": "172.20.20.6/24",
      "kind-worker3": "172.20.20.8/24",
    });
    expect(
      plan.info.cluster.pods.map((p: { node: string; ip: string; name: string }) => [
        p.node,
        p.ip,
        /^netshoot-[a-z0-9]{5}$/.test(p.name),
      ]),
    ).toEqual([
      ["kind-worker", "10.1.1.2", true],
      ["kind-worker2", "10.1.2.2", true],
      ["kind-worker3", "10.1.3.2", true],
    ]);
    const text = (await runCli("validate", "labs/cilium-bgp")).stdout;
    expect(text).toMatch(/link:tor0:net2\s+tor0:net2\s+srv-worker:net0 \(in kind-worker\)\s+9500/);
    expect(text).toMatch(
      /default\/netshoot-\w{5}\s+kind-worker3\s+10\.1\.3\.2\s+10\.1\.3\.1\s+lxc[0-9a-f]{12}/,
    );
    expect(text).toMatch(/kind-worker2\s+172\.20\.20\.7\/24/);
  });

  it("reads the same lab as one containerlab topology with a k8s-kind node", async () => {
    const run = await runCli("validate", "topologies/cilium-bgp.clab.yaml", "--format", "json");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out.plan.cluster.nodes).toHaveLength(4);
    expect(out.plan.nodes.find((n: { name: string }) => n.name === "kind").role).toBe("cluster");
  });

  it("validates the standalone leaf-spine topology", async () => {
    const run = await runCli("validate", "topologies/leaf-spine.clab.yaml");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/routers\s+3/);
    expect(run.stdout).toMatch(/hosts\s+4\s+server0, server1, server2, server3/);
  });
});

describe("fabric validate with bad input", () => {
  it("exits 2 and lists every error as file:line:col without a stack trace", async () => {
    const run = await runCli("validate", "test/fixtures/lab/invalid/many-errors/lab.yaml");
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
    const located = run.stderr
      .split("\n")
      .filter((l) => /^test\/fixtures\/lab\/invalid\/many-errors\/[\w.-]+:\d+:\d+: /.test(l));
    expect(located.length).toBeGreaterThanOrEqual(3);
  });

  it("explains a missing path", async () => {
    const run = await runCli("validate", "no/such/lab");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("does not exist");
  });

  it("explains a directory without lab.yaml", async () => {
    const run = await runCli("validate", "test");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("without a lab.yaml");
  });
});
