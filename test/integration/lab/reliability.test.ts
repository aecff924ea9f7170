// Issue 16, items 1, 2 and 6 on the reference lab: a frozen node never hangs a command, destroy
// removes a lab whatever fault is in force, and SIGINT of `fabric test` undoes its scenario.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { LabFixture, waitFor } from "../../support/lab-fixture.js";

const K8S_NODES = ["kind-control-plane", "kind-worker", "kind-worker2", "kind-worker3"];
const NODES = ["router0", "tor0", "tor1", ...K8S_NODES];

/** A lab file beside the fixture's lab.yaml: the same lab, its checks and scenarios replaced. */
function labVariant(lab: LabFixture, file: string, checksAndScenarios: string): string {
  const text = readFileSync(join(lab.dir, "lab.yaml"), "utf8");
  const head = text.slice(0, text.indexOf("\nchecks:"));
  const path = join(lab.dir, file);
  writeFileSync(path, `${head}\n${checksAndScenarios}`);
  return path;
}

/** Processes of this lab (its state dir in their argv, or its holders) stopped (state T). */
async function stoppedProcesses(lab: LabFixture): Promise<string[]> {
  const { stdout } = await execa("ps", ["-eo", "stat=,pid=,args="]);
  return stdout
    .split("\n")
    .filter((l) => l.trim().startsWith("T"))
    .filter((l) => l.includes(`/run/fabric/${lab.name}/`) || l.includes(`fabric-holder ${lab.name}/`));
}

/** The pid of a daemon running in a node's network namespace. */
async function daemonPid(lab: LabFixture, node: string, daemon: string): Promise<number> {
  const { stdout } = await execa("ip", ["netns", "pids", `${lab.name}-${node}`]);
  for (const pid of stdout.split("\n").filter(Boolean)) {
    const comm = readFileSync(`/proc/${pid}/comm`, "utf8").trim();
    if (comm === daemon) return Number(pid);
  }
  throw new Error(`no ${daemon} in ${node}`);
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await run();
  return { value, ms: Date.now() - started };
}

describe("reliability (issue 16)", () => {
  let lab: LabFixture | undefined;
  afterEach(async () => {
    await lab?.cleanup();
    lab = undefined;
  });

  it("a frozen node: exec and test end within their deadline with the message; a hung daemon times out", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp", "fz");
    const current = lab;
    const deploy = await current.cli("deploy", current.file);
    expect(deploy.code, deploy.stderr).toBe(0);

    const stop = await current.cli("node", "stop", "tor1", "--lab", current.name);
    expect(stop.code, stop.stderr).toBe(0);
    const frozenMessage = "node tor1 is frozen (fabric node stop); start it with fabric node start tor1";

    const exec = await timed(() =>
      current.cli("exec", "--lab", current.name, "tor1", "show", "bgp", "summary"),
    );
    expect(exec.value.code).toBe(1);
    expect(exec.value.stderr).toContain(frozenMessage);
    expect(exec.ms).toBeLessThan(5_000);

    const file = labVariant(
      current,
      "frozen.yaml",
      "checks:\n  - { type: bgp-session, node: tor1, peer: router0, wait: 5s }\n",
    );
    const test = await timed(() => current.cli("test", file));
    expect(test.value.code).toBe(1);
    expect(test.value.stdout).toContain(frozenMessage);
    expect(test.ms).toBeLessThan(15_000);

    const inspect = await current.cli("inspect", current.name, "--format", "json");
    const rows = (JSON.parse(inspect.stdout) as { nodes: { node: string; state: string }[] }).nodes;
    expect(rows.find((r) => r.node === "tor1")?.state).toBe("frozen");
    expect(rows.find((r) => r.node === "tor0")?.state).toBe("running");

    // A daemon stopped behind fabric's back (no record says so): the deadline ends the wait.
    const bgpd = await daemonPid(current, "tor0", "bgpd");
    process.kill(bgpd, "SIGSTOP");
    try {
      const hung = await timed(() =>
        current.cli("exec", "--lab", current.name, "--timeout", "3", "tor0", "show", "bgp", "summary"),
      );
      expect(hung.value.code).toBe(1);
      expect(hung.value.stderr).toContain(
        'node tor0 did not finish `vtysh -c "show bgp summary"` within 3.0 s',
      );
      expect(hung.ms).toBeLessThan(10_000);

      const hungFile = labVariant(
        current,
        "hung.yaml",
        "checks:\n  - { type: bgp-session, node: tor0, peer: router0, wait: 4s }\n",
      );
      const hungTest = await timed(() => current.cli("test", hungFile));
      expect(hungTest.value.code).toBe(1);
      expect(hungTest.value.stdout).toContain("node tor0 did not finish");
      expect(hungTest.ms).toBeLessThan(15_000);
    } finally {
      process.kill(bgpd, "SIGCONT");
    }

    const start = await current.cli("node", "start", "tor1", "--lab", current.name);
    expect(start.code, start.stderr).toBe(0);
    const again = await current.cli("exec", "--lab", current.name, "tor1", "show", "bgp", "summary");
    expect(again.code, again.stderr).toBe(0);
  }, 240_000);

  for (const mode of ["host", "process"] as const) {
    it(`node stop/start of Kubernetes nodes (--speaker-mode ${mode}), a link down and netem, then destroy leaves nothing`, async () => {
      lab = LabFixture.fromLabDir("labs/cilium-bgp", "fz");
      const current = lab;
      await current.snapshot();
      const deploy = await current.cli("deploy", "--speaker-mode", mode, current.file);
      expect(deploy.code, deploy.stderr).toBe(0);
      const fabric = (...args: string[]) => current.cli(...args, "--lab", current.name);

      const stop = await fabric("node", "stop", "kind-worker");
      expect(stop.code, stop.stderr).toBe(0);
      if (mode === "host") expect(stop.stdout).toContain("its speaker instance paused");
      const peers = await fabric("bgp", "peers", "--node", "kind-worker");
      expect(peers.stderr).toContain("node kind-worker is frozen");

      const start = await fabric("node", "start", "kind-worker");
      expect(start.code, start.stderr).toBe(0);
      // Nothing of fabric's own is left stopped: not the speaker, not the nsenter that launched it.
      expect(await stoppedProcesses(current)).toEqual([]);
      await waitFor("kind-worker's speaker Established again", 60_000, async () => {
        const r = await current.execJson("kind-worker", "show", "bgp", "peers");
        return /established/i.test(r.stdout) ? true : undefined;
      });

      // Destroy with a node frozen (never started again), a link down and netem in force.
      for (const fault of [
        ["node", "stop", "kind-worker2"],
        ["link", "down", "tor1:net0"],
        ["netem", "tor0:net0", "--delay", "20ms"],
      ]) {
        const r = await fabric(...fault);
        if (fault[0] === "netem" && /qdisc kind is unknown/.test(r.stderr)) {
          console.warn("netem not in force for this destroy: this kernel has no sch_netem");
          continue;
        }
        expect(r.code, `${fault.join(" ")}: ${r.stderr}`).toBe(0);
      }
      const destroy = await current.cli("destroy", current.name);
      expect(destroy.code, destroy.stderr).toBe(0);
      expect(await current.leftovers(NODES)).toEqual([]);
    }, 240_000);
  }

  it("SIGINT during a fabric test scenario restores the link and exits 130", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp", "fz");
    const current = lab;
    const deploy = await current.cli("deploy", current.file);
    expect(deploy.code, deploy.stderr).toBe(0);
    const file = labVariant(
      current,
      "interrupt.yaml",
      [
        "checks:",
        "  - { type: bgp-session, node: router0, peer: tor1 }",
        "scenarios:",
        "  - name: cut and wait",
        "    steps:",
        "      - fault: link down tor1:net0",
        "      - sleep: 60s",
        "      - fault: link up tor1:net0",
        "",
      ].join("\n"),
    );
    // A process of its own: the signal must reach fabric, not this test runner.
    const child = spawn(process.execPath, ["bin/fabric.js", "test", file], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await waitFor("the scenario's link down", 60_000, async () =>
        stderr.includes("link down tor1:net0:") ? true : undefined,
      );
    } catch (err) {
      child.kill("SIGKILL");
      throw err;
    }
    const signalled = Date.now();
    child.kill("SIGINT");
    const code = await exited;
    expect(code, stderr).toBe(130);
    expect(Date.now() - signalled).toBeLessThan(20_000);
    expect(stderr).toContain("reverted link down tor1:net0 (tor1:net0 and router0:net1 up)");
    expect(stderr).toContain(`lab ${current.name} left running: it was running before this test`);
    for (const [node, iface] of [
      ["tor1", "net0"],
      ["router0", "net1"],
    ] as const) {
      const link = await current.execJson(node, "ip", "-json", "link", "show", iface);
      expect((JSON.parse(link.stdout) as { flags: string[] }[])[0]?.flags, `${node}:${iface}`).toContain(
        "UP",
      );
    }
    const inspect = await current.cli("inspect", current.name, "--format", "json");
    expect((JSON.parse(inspect.stdout) as { faults: unknown[] }).faults).toEqual([]);
  }, 240_000);
  it("SIGINT during deploy rolls back as a failed deploy does and exits 130", async () => {
    lab = LabFixture.fromLabDir("labs/cilium-bgp", "fz");
    const current = lab;
    await current.snapshot();
    const child = spawn(process.execPath, ["bin/fabric.js", "deploy", current.file], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      // Nodes exist and wiring has begun: well inside the deploy.
      await waitFor("the deploy to start wiring", 60_000, async () =>
        stderr.includes("wiring management interfaces") ? true : undefined,
      );
    } catch (err) {
      child.kill("SIGKILL");
      throw err;
    }
    child.kill("SIGINT");
    expect(await exited, stderr).toBe(130);
    expect(stderr).toContain(`deploy of lab ${current.name} interrupted; rolled back`);
    expect(await current.leftovers(NODES)).toEqual([]);
  }, 240_000);
});
