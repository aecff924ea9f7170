import { describe, expect, it } from "vitest";
import { mgmtGateway, planMgmtAttachment, planMgmtNetwork } from "../../../src/links/mgmt.js";
import { isValidIfname, mgmtBridgeName, mgmtHostIfname } from "../../../src/links/names.js";
import { NetnsRuntime } from "../../../src/runtime/netns/runtime.js";
import { nodeStage } from "../../../src/runtime/netns/names.js";
import { DEFAULT_NODE_WRITABLE_BYTES } from "../../../src/model/lab-file/node-filesystem.js";
import { FRR_PRIVATE_DIRS } from "../../../src/runtime/netns/dirs.js";
import { FakeRuntime } from "../../support/fake-runtime.js";

describe("names", () => {
  it("derives a bridge name of at most 15 characters, readable when it fits", () => {
    expect(mgmtBridgeName("bgp-topo")).toBe("fab-bgp-topo");
    const long = mgmtBridgeName("a-very-long-lab-name");
    expect(long).toMatch(/^fab-a-very-[0-9a-f]{4}$/);
    expect(isValidIfname(long)).toBe(true);
    expect(mgmtBridgeName("a-very-long-lab-name2")).not.toBe(long);
  });

  it("gives every node's host-side mgmt veth a distinct valid name", () => {
    const a = mgmtHostIfname("lab", "tor0");
    expect(isValidIfname(a)).toBe(true);
    expect(a).not.toBe(mgmtHostIfname("lab", "tor1"));
    expect(a).not.toBe(mgmtHostIfname("lab2", "tor0"));
  });

  it("mounts a node's tmpfs on a directory of its own state dir", () => {
    expect(nodeStage("/run/fabric/l/n")).toBe("/run/fabric/l/n/fs");
  });

  it("plans a JSON-serialisable record without touching the host", () => {
    const rt = new NetnsRuntime();
    const rec = rt.plan({
      lab: "bgp-topo",
      name: "tor0",
      env: { A: "1" },
      binds: [{ source: "/srv/x", target: "/x", readOnly: true }],
      privateDirs: FRR_PRIVATE_DIRS,
    });
    expect(JSON.parse(JSON.stringify(rec))).toEqual(rec);
    expect(rec).toMatchObject({
      netnsName: "bgp-topo-tor0",
      stateDir: "/run/fabric/bgp-topo/tor0",
      hostname: "tor0",
    });
    expect(rec.holder).toBeUndefined();
    // The record lists what the node shares with the host: its state dir and the binds, nothing else.
    expect(rec.mounts).toEqual([
      { source: "/run/fabric/bgp-topo/tor0", target: "/run/fabric/bgp-topo/tor0", readOnly: false },
      { source: "/srv/x", target: "/x", readOnly: true },
    ]);
    expect(rec.writableBytes).toBe(DEFAULT_NODE_WRITABLE_BYTES);
    expect(
      rt.plan({ lab: "l", name: "n", env: {}, binds: [], privateDirs: [], writableBytes: 8 << 20 })
        .writableBytes,
    ).toBe(8 << 20);
    expect(rt.netnsPath(rec)).toBe("/run/netns/bgp-topo-tor0");
    expect(() => rt.plan({ lab: "x;rm", name: "n", env: {}, binds: [], privateDirs: [] })).toThrow(
      /cannot name/,
    );
  });
});

describe("ipv4 and mgmt records", () => {
  it("gives the bridge the subnet's first address and refuses a subnet that is not one", () => {
    expect(mgmtGateway("172.20.20.0/24")).toBe("172.20.20.1/24");
    expect(mgmtGateway("10.0.0.76/30")).toBe("10.0.0.77/30");
    expect(() => mgmtGateway("10.0.0.0/33")).toThrow();
    expect(() => mgmtGateway("300.0.0.0/24")).toThrow();
    expect(() => mgmtGateway("10.0.0.0/32")).toThrow(/does not fit/);
  });

  it("names the FORWARD and INPUT rules after the bridge and the lab, leaving bridged traffic alone", () => {
    const net = planMgmtNetwork("lab1", "172.20.20.0/24");
    expect(net.gateway).toBe("172.20.20.1/24");
    // `! -o fab-lab1`: node-to-node frames cross FORWARD too where br_netfilter is loaded.
    expect(net.forwardDrop?.spec).toEqual([
      "-i",
      "fab-lab1",
      "!",
      "-o",
      "fab-lab1",
      "-m",
      "comment",
      "--comment",
      "fabric lab lab1: management network is host-only",
      "-j",
      "DROP",
    ]);
    expect(net.inputDrop?.chain).toBe("INPUT");
    expect(net.inputDrop?.spec.join(" ")).toBe(
      "-i fab-lab1 ! -p icmp -m conntrack --ctstate NEW,INVALID -m comment --comment fabric lab lab1: nodes do not reach host services -j DROP",
    );
    const att = planMgmtAttachment(net, { node: "n", netns: "/run/netns/lab1-n" }, "172.20.20.2/24");
    expect(att.node.ifname).toBe("eth0");
    expect(JSON.parse(JSON.stringify(att))).toEqual(att);
  });
});

describe("FakeRuntime", () => {
  it("records calls and refuses exec on nodes that are not running", async () => {
    const rt = new FakeRuntime((_n, argv) => ({ exitCode: 0, stdout: argv.join(" "), stderr: "" }));
    const spec = { lab: "l", name: "a", env: {}, binds: [], privateDirs: [] };
    const seen: unknown[] = [];
    const a = await rt.create(spec, { onProgress: (r) => void seen.push(r) });
    expect(seen).toEqual([a]);
    expect((await rt.exec(a, ["echo", "hi"])).stdout).toBe("echo hi");
    await expect(rt.create(spec)).rejects.toThrow(/already exists/);
    await rt.remove(a);
    await expect(rt.exec(a, ["true"])).rejects.toMatchObject({ code: "node-not-running" });
    expect(rt.calls.map((c) => c.op)).toEqual(["create", "exec", "remove"]);
  });
});
