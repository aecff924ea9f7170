// Host sysctls are read from /proc/sys without a process; keys map to files as sysctl(8) maps them.
import { describe, expect, it } from "vitest";
import { readSysctl, sysctlPath } from "../../../src/host/sysctl.js";

describe("sysctl on the host", () => {
  it("maps a dotted key to its /proc/sys file, and keeps a slashed one as written", () => {
    expect(sysctlPath("net.ipv4.neigh.default.gc_thresh3")).toBe(
      "/proc/sys/net/ipv4/neigh/default/gc_thresh3",
    );
    // The slashed form names an interface whose name has a dot (a VLAN, say).
    expect(sysctlPath("net/ipv4/conf/eth0.100/forwarding")).toBe(
      "/proc/sys/net/ipv4/conf/eth0.100/forwarding",
    );
  });

  it("reads a key's value, trimmed, as `sysctl -n` prints it", async () => {
    expect(await readSysctl("kernel.ostype")).toBe("Linux");
  });

  it("names the key it could not read", async () => {
    await expect(readSysctl("net.ipv4.no_such_key")).rejects.toThrow(
      /sysctl: cannot read net\.ipv4\.no_such_key/,
    );
  });
});
