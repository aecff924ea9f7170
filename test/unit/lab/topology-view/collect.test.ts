import { describe, expect, it } from "vitest";
import { collectGraph } from "../../../../src/lab/topology-view/collect.js";
import { combinedState, pairSessions, sessionState } from "../../../../src/lab/topology-view/sessions.js";
import { labShape } from "../../../../src/lab/topology-view/lab-shape.js";
import { FakeStatus, LINK_DOWN_FAULT, referenceLab, speakerRows } from "../../../support/graph-fixtures.js";

const at = () => new Date("2026-11-30T16:00:00Z");

describe("the graph of a running lab", () => {
  it("has the reference lab's routers with ASNs, its Kubernetes nodes and pods by rack", async () => {
    const g = await collectGraph(referenceLab(), new FakeStatus(), new Map(), at);
    const brief = g.nodes.map((n) => [n.id, n.kind, n.role, n.rack ?? "-", n.asn ?? "-"]);
    expect(brief).toEqual([
      ["router0", "router", "spine", "-", 65000],
      ["tor0", "router", "tor", "rack0", 65010],
      ["tor1", "router", "tor", "rack1", 65011],
      ["kind-control-plane", "k8s-node", "control-plane", "rack0", 65010],
      ["kind-worker", "k8s-node", "worker", "rack0", 65010],
      ["kind-worker2", "k8s-node", "worker", "rack1", 65011],
      ["kind-worker3", "k8s-node", "worker", "rack1", 65011],
      ["pod/netshoot-tv4q9", "pod", "pod", "rack0", "-"],
      ["pod/netshoot-8lvwn", "pod", "pod", "rack1", "-"],
      ["pod/netshoot-slv4s", "pod", "pod", "rack1", "-"],
    ]);
    const worker = g.nodes.find((n) => n.id === "kind-worker");
    expect(worker?.members).toEqual(["srv-worker"]);
    expect(worker?.addresses).toEqual(["172.20.20.6/24", "10.0.2.2", "10.1.1.0/24"]);
    expect(g.nodes.find((n) => n.id === "tor0")?.routerId).toBe("10.0.0.1");
    expect(g.at).toBe("2026-11-30T16:00:00.000Z");
    expect(g.problems).toEqual([]);
  });

  it("draws links between vertices with interface names, not the links inside one node", async () => {
    const g = await collectGraph(referenceLab(), new FakeStatus(), new Map(), at);
    expect(g.links).toHaveLength(9); // 2 uplinks, 4 server links, 3 pods; no cilium_host↔cilium_net
    expect(g.links.find((l) => l.id === "link:srv-worker:net0|tor0:net2")).toEqual({
      id: "link:srv-worker:net0|tor0:net2",
      a: { node: "tor0", iface: "net2" },
      b: { node: "kind-worker", iface: "net0" },
      state: "up",
    });
    expect(g.links.every((l) => l.state === "up")).toBe(true);
  });

  it("pairs both ends of the 6 sessions: 12 ends Established, ASNs on each end", async () => {
    const g = await collectGraph(referenceLab(), new FakeStatus(), new Map(), at);
    expect(g.sessions.map((s) => [s.a, s.b, s.state, s.ends.length])).toEqual([
      ["router0", "tor0", "established", 2],
      ["router0", "tor1", "established", 2],
      ["kind-control-plane", "tor0", "established", 2],
      ["kind-worker", "tor0", "established", 2],
      ["kind-worker2", "tor1", "established", 2],
      ["kind-worker3", "tor1", "established", 2],
    ]);
    const ends = g.sessions.flatMap((s) => s.ends);
    expect(ends.filter((e) => e.state === "established")).toHaveLength(12);
    const speakerEnd = ends.find((e) => e.node === "kind-worker2");
    expect(speakerEnd).toMatchObject({
      peer: "10.0.0.2",
      source: "speaker",
      localAsn: 65011,
      peerAsn: 65011,
    });
    const unnumbered = ends.find((e) => e.node === "tor1" && e.peer === "net0");
    expect(unnumbered).toMatchObject({ reported: "Established", localAsn: 65011, peerAsn: 65000 });
  });

  it("shows a link down: the fault on the link, the session over it down, the rest up", async () => {
    const status = new FakeStatus();
    status.netDown = true;
    const g = await collectGraph(referenceLab({ faults: [LINK_DOWN_FAULT] }), status, new Map(), at);
    const link = g.links.find((l) => l.id === LINK_DOWN_FAULT.key);
    expect(link).toMatchObject({ state: "down", fault: "tor1:net0 and router0:net1 down" });
    const session = g.sessions.find((s) => s.a === "router0" && s.b === "tor1");
    expect(session?.state).toBe("down");
    expect(session?.ends.map((e) => e.reported)).toEqual(["Idle", "Idle"]);
    expect(g.sessions.filter((s) => s.state === "established")).toHaveLength(5);
    expect(g.faults).toEqual([LINK_DOWN_FAULT]);
  });

  it("does not ask a frozen router, and lists routers that did not answer", async () => {
    const status = new FakeStatus();
    status.failing.add("tor0");
    const frozen = { key: "node:tor1", fault: "node stop tor1", detail: "tor1 frozen", since: "x" };
    const memory = new Map<string, string>();
    await collectGraph(referenceLab(), new FakeStatus(), memory, at); // an earlier poll, all answering
    const g = await collectGraph(referenceLab({ faults: [frozen] }), status, memory, at);
    expect(status.asked.sort()).toEqual(["router0", "speakers", "tor0"]);
    expect(g.problems).toEqual([
      { node: "tor0", message: "vtysh exited 1: bgpd is not running" },
      { node: "tor1", message: "frozen (fabric node stop)" },
    ]);
    expect(g.nodes.find((n) => n.id === "tor1")?.frozen).toBe(true);
    expect(g.links.find((l) => l.id === "link:router0:net1|tor1:net0")?.state).toBe("down");
    // The speakers' ends still pair with the silent routers, by the router ids seen before.
    const s = g.sessions.find((x) => x.a === "kind-worker2");
    expect(s).toMatchObject({ b: "tor1", ends: [{ node: "kind-worker2" }] });
  });
});

describe("pairing session ends", () => {
  const shape = labShape(referenceLab());
  const router = (hostname?: string) => ({
    node: "tor0",
    asn: 65010,
    routerId: "10.0.0.1",
    remoteAs: new Map<string, number>(),
    peers: [{ peer: "fd00::9", state: "Active", received: 0, sent: 0, ...(hostname && { hostname }) }],
  });

  it("remembers whom an address belonged to after the peer stops sending its hostname", () => {
    const memory = new Map<string, string>();
    expect(pairSessions(shape, [router("kind-worker")], [], memory)[0]?.id).toBe("kind-worker~tor0");
    expect(pairSessions(shape, [router()], [], memory)[0]?.id).toBe("kind-worker~tor0");
    expect(pairSessions(shape, [router()], [], new Map())[0]).toMatchObject({
      a: "tor0",
      state: "connecting",
    });
    expect(pairSessions(shape, [router()], [], new Map())[0]?.b).toBeUndefined();
  });

  it("matches a speaker end to the router whose router id it dials, even once that router is silent", () => {
    const rows = speakerRows.filter((r) => r.node === "kind-worker3");
    const memory = new Map<string, string>();
    expect(pairSessions(shape, [], rows, memory)[0]?.b).toBeUndefined();
    pairSessions(shape, [{ ...router(), node: "tor1", routerId: "10.0.0.2", peers: [] }], [], memory);
    expect(pairSessions(shape, [], rows, memory)).toEqual([
      expect.objectContaining({ a: "kind-worker3", b: "tor1", state: "established" }),
    ]);
  });

  it.each([
    ["Established", "established"],
    ["established", "established"],
    ["Active", "connecting"],
    ["OpenSent", "connecting"],
    ["openconfirm", "connecting"],
    ["Connect", "connecting"],
    ["Idle", "down"],
    ["Idle (Admin)", "down"],
    ["Clearing", "down"],
  ] as const)("reads %s as %s", (reported, state) => {
    expect(sessionState(reported)).toBe(state);
  });

  it("combines ends: any down is down, all established is established", () => {
    const end = (state: "established" | "connecting" | "down") =>
      ({ node: "a", peer: "b", source: "frr", reported: state, state, received: 0, advertised: 0 }) as const;
    expect(combinedState([end("established"), end("established")])).toBe("established");
    expect(combinedState([end("established"), end("connecting")])).toBe("connecting");
    expect(combinedState([end("connecting"), end("down")])).toBe("down");
    expect(combinedState([])).toBe("down");
  });
});
