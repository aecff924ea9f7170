import { describe, expect, it } from "vitest";
import { formatCommand } from "../../../src/host/command.js";
import { ruleArgv } from "../../../src/host/iptables.js";
import { ipArgv, vethAddArgs } from "../../../src/host/ip.js";
import { batchText } from "../../../src/host/ip-batch.js";
import { nsenterArgv } from "../../../src/host/nsenter.js";
import { HOLDER_SCRIPT, holderArgv, isHolderCmdline } from "../../../src/host/unshare.js";
import { sysctlArgv } from "../../../src/host/sysctl.js";
import { findProblems, prerequisitesError, type Tool } from "../../../src/host/prerequisites.js";

describe("argv builders", () => {
  it("runs ip on the host, or through nsenter --net for a namespace file", () => {
    expect(ipArgv(undefined, ["link"])).toEqual(["ip", ["link"]]);
    expect(ipArgv("/run/netns/l-a", ["link"])).toEqual([
      "nsenter",
      ["--net=/run/netns/l-a", "--", "ip", "link"],
    ]);
    expect(sysctlArgv("/run/netns/x", ["-n", "k"])).toEqual([
      "nsenter",
      ["--net=/run/netns/x", "--", "sysctl", "-n", "k"],
    ]);
  });

  it("creates a veth pair with both ends born in their namespaces", () => {
    expect(
      vethAddArgs({ netns: "/run/netns/a", ifname: "eth1" }, { netns: undefined, ifname: "fm1" }, 9500),
    ).toEqual([
      "link",
      "add",
      "name",
      "eth1",
      "mtu",
      "9500",
      "netns",
      "/run/netns/a",
      "type",
      "veth",
      "peer",
      "name",
      "fm1",
      "mtu",
      "9500",
    ]);
  });

  it("brings end a up and enslaves it in the creating request when asked", () => {
    const args = vethAddArgs(
      { netns: undefined, ifname: "fm1" },
      { netns: "/run/netns/x", ifname: "eth0" },
      1500,
      { master: "fab-l", up: true },
    );
    expect(args.join(" ")).toBe(
      "link add name fm1 mtu 1500 master fab-l up type veth peer name eth0 mtu 1500 netns /run/netns/x",
    );
  });

  it("writes ip -batch lines, refusing a token the batch parser would split or quote", () => {
    expect(
      batchText([
        ["addr", "add", "10.0.0.1/24", "dev", "eth0"],
        ["link", "set", "dev", "eth0", "up"],
      ]),
    ).toBe("addr add 10.0.0.1/24 dev eth0\nlink set dev eth0 up\n");
    for (const bad of ["a b", 'a"', "a'", "#a", "a\\b", ""]) {
      expect(() => batchText([["link", "set", "dev", bad, "up"]])).toThrow(/cannot go in an ip -batch line/);
    }
  });

  it("enters the listed namespaces with cwd / and keeps argv intact", () => {
    expect(nsenterArgv({ pid: 7, namespaces: ["net", "mount", "pid"] }, ["vtysh", "-c", "conf t"])).toEqual([
      "--target", "7", "--net", "--mount", "--pid", "--wd", "--", "vtysh", "-c", "conf t",
    ]); // prettier-ignore
    expect(() => nsenterArgv({ pid: 7, namespaces: [] }, [])).toThrow();
  });

  it("builds a holder that owns or borrows the network namespace, and recognises it in /proc", () => {
    const mounts = [
      { kind: "overlay", target: "/home", n: 1 },
      { kind: "private", target: "/var/run/frr", n: 0, uid: 100, gid: 101, mode: 0o755 },
      { kind: "dir", target: "/data" },
      { kind: "bind", source: "/srv/data", target: "/data", readOnly: true },
    ] as const;
    const fs = { stage: "/run/fabric/l/n/fs", sizeBytes: 1048576 };
    const own = holderArgv({ id: "lab/n", hostname: "n", ownNetwork: true, ...fs, mounts });
    const shared = holderArgv({ id: "lab/n", hostname: "n", ownNetwork: false, ...fs, mounts: [] });
    expect(own[0]).toBe("--net");
    expect(shared).not.toContain("--net");
    // No --fork: the shell stays in the host's pid namespace so `$!` is the host's pid of pid 1.
    expect(own).toEqual(expect.arrayContaining(["--pid", "--propagation", "slave"]));
    expect(own).not.toContain("--fork");
    const cmdline = own.slice(own.indexOf("--") + 1);
    expect(cmdline).toEqual([
      "sh", "-c", HOLDER_SCRIPT, "fabric-holder", "lab/n", "n", "own", "/run/fabric/l/n/fs", "1048576",
      "overlay", "/home", "1", "private", "/var/run/frr", "0", "100", "101", "0755",
      "dir", "/data", "bind-ro", "/srv/data", "/data",
    ]); // prettier-ignore
    expect(shared.slice(shared.indexOf("--") + 1).slice(3)).toEqual([
      "fabric-holder",
      "lab/n",
      "n",
      "shared",
      "/run/fabric/l/n/fs",
      "1048576",
    ]);
    expect(isHolderCmdline(cmdline, "lab/n")).toBe(true);
    expect(isHolderCmdline(["catatonit", "-P", "--", "fabric-holder", "lab/n"], "lab/n")).toBe(true);
    expect(isHolderCmdline(cmdline, "lab/n2")).toBe(false);
    expect(isHolderCmdline(["unshare", ...own], "lab/n")).toBe(false); // unshare's own argv carries the id too
  });

  it("identifies an iptables rule by its full spec, waiting for the lock", () => {
    expect(ruleArgv("-D", { table: "filter", chain: "FORWARD", spec: ["-i", "br", "-j", "DROP"] })).toEqual([
      "-w",
      "-t",
      "filter",
      "-D",
      "FORWARD",
      "-i",
      "br",
      "-j",
      "DROP",
    ]);
  });

  it("quotes arguments in messages only where needed", () => {
    expect(formatCommand("vtysh", ["-c", "show version"])).toBe('vtysh -c "show version"');
  });
});

describe("checkPrerequisites", () => {
  const tools: Tool[] = [
    { command: "ip", debianPackage: "iproute2" },
    { command: "/usr/lib/frr/frrinit.sh", debianPackage: "frr" },
    { command: "vtysh", debianPackage: "frr" },
  ];

  it("lists not-root and every missing tool with its package, in one error", async () => {
    const problems = await findProblems(
      { isRoot: false, pathDirs: ["/bin"], executable: async (f) => f === "/usr/sbin/ip" },
      tools,
    );
    const error = prerequisitesError(problems);
    expect(error?.code).toBe("host-prerequisites");
    expect(error?.message).toContain("not running as root");
    expect(error?.message).toContain("/usr/lib/frr/frrinit.sh not found (Debian package frr)");
    expect(error?.message).toContain("vtysh not found");
    expect(error?.message).not.toContain("ip not found");
    expect(error?.suggestion).toContain("apt-get install frr");
  });

  it("is silent on a ready host", async () => {
    const problems = await findProblems(
      { isRoot: true, pathDirs: ["/usr/bin"], executable: async () => true },
      tools,
    );
    expect(prerequisitesError(problems)).toBeUndefined();
  });
});
