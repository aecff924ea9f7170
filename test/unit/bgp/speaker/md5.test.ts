// TCP-MD5: the struct the kernel reads, the counters it keeps, the reasons they give, and the
// watch that turns samples into a reason per peer (with fake time and fake counters).
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../../src/bgp/fsm/index.js";
import { md5sigStruct } from "../../../../src/bgp/speaker/libc.js";
import { parseMd5Counters, type Md5Counters } from "../../../../src/bgp/speaker/md5-counters.js";
import { md5Reason, type Md5PeerView } from "../../../../src/bgp/speaker/md5-diagnosis.js";
import { Md5Watch, SAMPLE_MS } from "../../../../src/bgp/speaker/md5-watch.js";

describe("struct tcp_md5sig", () => {
  it("IPv4 socket: sockaddr_in with the address at 4, key length at 130, key at 136", () => {
    const b = md5sigStruct(4, "10.0.0.1", "abc");
    expect(b.length).toBe(216);
    expect(b.readUInt16LE(0)).toBe(2); // AF_INET, host order (little-endian here)
    expect([...b.subarray(4, 8)]).toEqual([10, 0, 0, 1]);
    expect(b.readUInt16LE(130)).toBe(3);
    expect(b.subarray(136, 139).toString()).toBe("abc");
    expect(b.subarray(139).every((x) => x === 0)).toBe(true);
  });

  it("IPv6 (dual-stack) socket: an IPv4 peer as ::ffff:a.b.c.d at 8; an IPv6 peer as is", () => {
    const mapped = md5sigStruct(6, "10.0.0.1", "k");
    expect(mapped.readUInt16LE(0)).toBe(10); // AF_INET6
    expect([...mapped.subarray(8, 24)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 0, 0, 1]);
    const v6 = md5sigStruct(6, "fd00::2", "k");
    expect([...v6.subarray(8, 10)]).toEqual([0xfd, 0x00]);
    expect(v6[23]).toBe(2);
  });

  it("an empty key (delete) has length 0; an 81-byte key and an IPv6 peer on an IPv4 socket are refused", () => {
    expect(md5sigStruct(4, "10.0.0.1", "").readUInt16LE(130)).toBe(0);
    expect(() => md5sigStruct(4, "10.0.0.1", "x".repeat(81))).toThrow(/at most 80/);
    expect(() => md5sigStruct(4, "fd00::1", "k")).toThrow(/IPv4 socket/);
  });
});

describe("/proc/net/netstat", () => {
  const text = [
    "TcpExt: SyncookiesSent TCPMD5NotFound TCPMD5Unexpected TCPMD5Failure TCPAckSkippedSynRecv",
    "TcpExt: 0 3 5 7 0",
    "IpExt: InNoRoutes InTruncatedPkts",
    "IpExt: 0 0",
    "",
  ].join("\n");

  it("reads the three MD5 counters by name from the TcpExt pair", () => {
    expect(parseMd5Counters(text)).toEqual({ notFound: 3, unexpected: 5, failure: 7 });
  });

  it("undefined when a counter is missing (a kernel without TCP_MD5SIG)", () => {
    expect(parseMd5Counters("TcpExt: SyncookiesSent\nTcpExt: 0\n")).toBeUndefined();
  });
});

describe("md5Reason", () => {
  const peer = (over: Partial<Md5PeerView>): Md5PeerView => ({
    address: "10.0.0.1",
    hasPassword: true,
    established: false,
    connecting: true,
    ...over,
  });
  const d = (notFound: number, unexpected: number, failure: number): Md5Counters => ({
    notFound,
    unexpected,
    failure,
  });

  it("names each mismatch from the counter that grew and whether a password is set here", () => {
    expect(md5Reason(peer({}), d(0, 0, 2))).toMatch(/the passwords differ/);
    expect(md5Reason(peer({}), d(4, 0, 0))).toMatch(/a password is set here but 10.0.0.1 does not sign/);
    expect(md5Reason(peer({ hasPassword: false }), d(0, 1, 0))).toMatch(
      /10.0.0.1 signs its segments but no password is set for it here/,
    );
  });

  it("signed segments from an address with no key, and no answer to ours: the passwords differ", () => {
    expect(md5Reason(peer({}), d(0, 3, 0))).toMatch(/the passwords differ: 10.0.0.1 signs its segments/);
  });

  it("nothing for an Established session, one past TCP, or counts that do not fit", () => {
    expect(md5Reason(peer({ established: true }), d(1, 1, 1))).toBeUndefined();
    expect(md5Reason(peer({ connecting: false }), d(1, 1, 1))).toBeUndefined();
    expect(md5Reason(peer({ hasPassword: false }), d(3, 0, 3))).toBeUndefined();
  });

  it("a password here and nothing counted: say what can and cannot be told", () => {
    expect(md5Reason(peer({}), d(0, 0, 0))).toMatch(
      /no answer from 10.0.0.1 to our signed SYNs.*cannot tell which/,
    );
  });
});

describe("Md5Watch", () => {
  it("counts from each peer's baseline, logs a reason once, and forgets it when Established", () => {
    const scheduler = new FakeClock();
    let counters: Md5Counters = { notFound: 10, unexpected: 0, failure: 0 };
    let established = false;
    const lines: string[] = [];
    const reads: number[] = [];
    const watch = new Md5Watch({
      scheduler,
      counters: () => {
        reads.push(scheduler.now());
        return counters;
      },
      peers: () => [{ address: "10.0.0.1", hasPassword: true, established, connecting: !established }],
      log: (l) => lines.push(l),
    });
    watch.start();
    // Drops before the speaker started are not this session's, and a fresh connect is no finding.
    expect(watch.reason("10.0.0.1")).toBeUndefined();
    counters = { notFound: 12, unexpected: 0, failure: 0 };
    scheduler.advance(SAMPLE_MS);
    expect(watch.reason("10.0.0.1")).toMatch(/does not sign/);
    scheduler.advance(SAMPLE_MS);
    expect(lines).toHaveLength(1);
    established = true;
    scheduler.advance(SAMPLE_MS);
    expect(watch.reason("10.0.0.1")).toBeUndefined();
    // While every session is up nothing is read.
    const before = reads.length;
    scheduler.advance(SAMPLE_MS * 3);
    expect(reads.length).toBe(before);
    watch.stop();
  });
});
