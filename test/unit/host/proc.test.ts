import { describe, expect, it } from "vitest";
import { parseProcStat, readProcStat, scanProcStatsSync } from "../../../src/host/proc.js";
import { parseMountInfo } from "../../../src/host/mount.js";

// A real line from this kernel, with field 22 (start time) = 1234567.
const stat = (comm: string) =>
  `4242 (${comm}) S 17 4242 4242 0 -1 4194560 305 0 0 0 1 0 0 0 20 0 1 0 1234567 5349376 839 18446744073709551615 1 1 0 0 0 0 0 4 65536 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0`;

describe("parseProcStat", () => {
  it("reads pid, comm, state, ppid and start time", () => {
    expect(parseProcStat(stat("perl"))).toEqual({
      pid: 4242,
      comm: "perl",
      state: "S",
      ppid: 17,
      startTime: 1234567,
    });
  });

  it("splits after the last ')' so a comm with spaces and parentheses cannot shift fields", () => {
    expect(parseProcStat(stat("a) S 1 (b"))?.startTime).toBe(1234567);
    expect(parseProcStat(stat("a) S 1 (b"))?.ppid).toBe(17);
    expect(parseProcStat(stat("a) S 1 (b"))?.comm).toBe("a) S 1 (b");
  });

  it("rejects truncated input", () => {
    expect(parseProcStat("4242 (perl) S 17")).toBeUndefined();
    expect(parseProcStat("garbage")).toBeUndefined();
  });
});

describe("parseMountInfo", () => {
  it("reads optional propagation fields and unescapes paths", () => {
    const text =
      "27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n" +
      "90 27 254:0 /run/fabric/l/n/dirs/etc-frr /etc/frr rw,relatime master:1 - ext4 /dev/vda rw\n" +
      "91 27 0:4 net:[4026532] /run/netns/my\\040ns rw - nsfs nsfs rw\n";
    const m = parseMountInfo(text);
    expect(m).toHaveLength(3);
    expect(m[0]?.propagation).toEqual(["shared:1"]);
    expect(m[1]).toMatchObject({
      root: "/run/fabric/l/n/dirs/etc-frr",
      mountPoint: "/etc/frr",
      fsType: "ext4",
      propagation: ["master:1"],
    });
    expect(m[2]).toMatchObject({ mountPoint: "/run/netns/my ns", fsType: "nsfs", propagation: [] });
  });
});

describe("scanProcStatsSync", () => {
  it("reads every process's stat in one pass, as readProcStat reads one", async () => {
    const scan = scanProcStatsSync();
    const self = scan.find((s) => s.pid === process.pid);
    // The state may change between two reads; the identity may not.
    const one = await readProcStat(process.pid);
    expect(self && { ...self, state: "" }).toEqual(one && { ...one, state: "" });
    expect(self?.ppid).toBe(process.ppid);
    expect(scan.some((s) => s.pid === 1)).toBe(true);
  });
});
