import { describe, expect, it } from "vitest";
import { takeSnapshot } from "../../support/host-snapshot.js";
import { createVeth, planVeth } from "../../../src/links/veth.js";
import { useTestLabs } from "./fixture.js";

describe("netns runtime: nodes and links", () => {
  const labs = useTestLabs();

  it("links two nodes with a veth pair and pings across it", async () => {
    await labs.start();
    const lab = labs.newLab();
    const a = await lab.node("a");
    const b = await lab.node("b");
    await lab.wire(
      planVeth(
        { node: "a", netns: lab.runtime.netnsPath(a), ifname: "eth1" },
        { node: "b", netns: lab.runtime.netnsPath(b), ifname: "eth1" },
        9500,
      ),
      createVeth,
    );
    await lab.sh(a, ["ip", "addr", "add", "192.168.0.1/30", "dev", "eth1"]);
    await lab.sh(b, ["ip", "addr", "add", "192.168.0.2/30", "dev", "eth1"]);
    const ping = await lab.sh(a, ["ping", "-c", "1", "-W", "2", "192.168.0.2"]);
    expect(ping).toContain("1 received");
    expect((await lab.sh(a, ["hostname"])).trim()).toBe("a");
    const link = JSON.parse(await lab.sh(b, ["ip", "-json", "link", "show", "dev", "eth1"])) as {
      mtu: number;
    }[];
    expect(link[0]?.mtu).toBe(9500);
    // Users reach the node by name with plain iproute2.
    const during = await takeSnapshot();
    expect(during.netns).toContain(`${lab.name}-a`);
    expect(during.stateDirs).toContain(lab.name);
  });
});

describe("netns runtime: sharing, isolation and removal", () => {
  const labs = useTestLabs();

  it("network-mode container:X sees X's interfaces but keeps its own hostname and mounts", async () => {
    await labs.start();
    const lab = labs.newLab();
    const x = await lab.node("x");
    await lab.sh(x, ["ip", "link", "add", "dummy7", "type", "bridge"]);
    const y = await lab.node("y", { sharesNetworkWith: x });
    expect(await lab.sh(y, ["ip", "-br", "link"])).toContain("dummy7");
    expect((await lab.sh(y, ["hostname"])).trim()).toBe("y");
    await lab.sh(y, ["touch", "/tmp/only-in-y"]);
    expect((await lab.runtime.exec(x, ["test", "-e", "/tmp/only-in-y"])).exitCode).toBe(1);
    expect(y.sharesNetworkWith).toEqual({ name: "x", netnsName: x.netnsName });
  });

  it("runs two labs with the same node names side by side", async () => {
    await labs.start();
    const one = labs.newLab();
    const two = labs.newLab();
    const n1 = await one.node("tor0");
    const n2 = await two.node("tor0");
    await one.sh(n1, ["ip", "link", "add", "only1", "type", "bridge"]);
    expect(await two.sh(n2, ["ip", "-br", "link"])).not.toContain("only1");
    expect(n1.netnsName).not.toBe(n2.netnsName);
  });

  it("removes a node whose holder was SIGKILLed behind its back", async () => {
    await labs.start();
    const lab = labs.newLab();
    const n = await lab.node("n");
    process.kill(n.holder!.pid, "SIGKILL");
    await lab.runtime.remove(n);
    await lab.runtime.remove(n); // and again: idempotent
  });

  it("removes a half-created node: record written, holder never started", async () => {
    await labs.start();
    const lab = labs.newLab();
    const record = lab.runtime.plan(lab.spec("ghost"));
    await lab.runtime.remove(record);
  });

  it("removes a node whose holder started but whose pid never reached the record", async () => {
    await labs.start();
    const lab = labs.newLab();
    const full = await lab.node("orphan");
    const { holder: _holder, ...withoutHolder } = full;
    await lab.runtime.remove(withoutHolder);
    expect(await lab.runtime.exec(full, ["true"]).catch((e: { code?: string }) => e.code)).toBe(
      "node-not-running",
    );
  });

  it("spawns a long-running process that stop() ends and that dies with its node", async () => {
    await labs.start();
    const lab = labs.newLab();
    const n = await lab.node("sp");
    const first = await lab.runtime.spawn(n, ["sh", "-c", "echo started; exec sleep 1000"]);
    const { readFile } = await import("node:fs/promises");
    // Let it run before stopping it: on a busy host the child may not have started yet.
    await expect.poll(() => readFile(first.logFile, "utf8")).toContain("started");
    await first.stop();
    // nsenter mirrors its child's death by the same signal.
    expect(await first.exited).toEqual({ exitCode: null, signal: "SIGTERM" });
    const second = await lab.runtime.spawn(n, ["sleep", "1001"]);
    const ps = () => lab.runtime.exec(n, ["ps", "-eo", "args="]).then((r) => r.stdout);
    await expect.poll(ps).toContain("sleep 1001");
    expect(await ps()).not.toContain("sleep 1000");
    expect(await readFile(first.logFile, "utf8")).toContain("started");
    // A command that ends by itself: its own status, and its output in the log.
    const third = await lab.runtime.spawn(n, ["sh", "-c", "sleep 0.3; echo done; exit 7"]);
    expect(await third.exited).toEqual({ exitCode: 7, signal: null });
    expect(await readFile(third.logFile, "utf8")).toContain("done");
    await lab.runtime.remove(n);
    await second.exited; // nsenter returns once the node's kernel-wide kill took its child
  });

  it("pid 1 reaps orphaned processes", async () => {
    await labs.start();
    const lab = labs.newLab();
    const n = await lab.node("reaper");
    // The inner sh exits at once; its background sleep is reparented to pid 1 and exits later.
    await lab.sh(n, ["sh", "-c", "sleep 0.2 & exit 0"]);
    await new Promise((r) => setTimeout(r, 1800));
    const ps = await lab.sh(n, ["ps", "-eo", "stat=,comm="]);
    expect(ps.split("\n").filter((l) => l.trim().startsWith("Z"))).toEqual([]);
  });
});
