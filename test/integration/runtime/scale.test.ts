// Seven nodes, six links, created and removed concurrently: checks every link works and prints
// the figures the README quotes (a measurement, not a timed assertion).
import { afterEach, describe, expect, it } from "vitest";
import { diffSnapshots, takeSnapshot, type HostSnapshot } from "../../support/host-snapshot.js";
import { createVeth, planVeth } from "../../../src/links/veth.js";
import { TestLab } from "./fixture.js";

describe("netns runtime at the reference lab's size", () => {
  let lab: TestLab | undefined;
  let before: HostSnapshot;

  afterEach(async () => {
    await lab?.cleanup();
    if (lab) expect(diffSnapshots(before, await takeSnapshot(), { lab: lab.name })).toEqual([]);
    lab = undefined;
  });

  it("creates and removes 7 nodes with 6 links", async () => {
    before = await takeSnapshot();
    lab = new TestLab();
    const l = lab;
    const names = ["router0", "tor0", "tor1", "cp", "w1", "w2", "w3"];
    const edges: [string, string][] = [["router0", "tor0"], ["router0", "tor1"], ["tor0", "cp"], ["tor0", "w1"], ["tor1", "w2"], ["tor1", "w3"]]; // prettier-ignore
    const t0 = performance.now();
    const nodes = new Map((await Promise.all(names.map((n) => l.node(n)))).map((r) => [r.name, r]));
    const t1 = performance.now();
    await Promise.all(
      edges.map(([a, b], i) =>
        l.wire(
          planVeth(
            { node: a, netns: l.runtime.netnsPath(nodes.get(a)!), ifname: `e-${b}` },
            { node: b, netns: l.runtime.netnsPath(nodes.get(b)!), ifname: `e-${a}` },
            9500,
          ),
          async (rec) => {
            await createVeth(rec);
            await l.sh(nodes.get(a)!, ["ip", "addr", "add", `10.77.${i}.1/30`, "dev", rec.a.ifname]);
            await l.sh(nodes.get(b)!, ["ip", "addr", "add", `10.77.${i}.2/30`, "dev", rec.b.ifname]);
          },
        ),
      ),
    );
    const t2 = performance.now();
    for (const [i, [a]] of edges.entries()) {
      expect(await l.sh(nodes.get(a)!, ["ping", "-c", "1", "-W", "2", `10.77.${i}.2`])).toContain(
        "1 received",
      );
    }
    const t3 = performance.now();
    await Promise.all([...nodes.values()].map((n) => l.runtime.remove(n)));
    const t4 = performance.now();
    l.wiring.splice(0); // the links went with their namespaces; cleanup() still retries nodes
    console.log(
      `7 nodes: create ${(t1 - t0).toFixed(0)} ms; 6 links + addresses ${(t2 - t1).toFixed(0)} ms; ` +
        `remove (concurrent) ${(t4 - t3).toFixed(0)} ms`,
    );
  });
});
