// The kernel's TCP-MD5 drop counters (RFC 2385 segments it refused), per network namespace, from
// the TcpExt lines of /proc/net/netstat. Read through /proc/thread-self so that a speaker host
// thread that has entered a node's namespace (netns.ts) reads that node's counters.
//
// What each counts (tcp_inbound_hash in net/ipv4/tcp.c): a segment arrived on a socket that
// - TCPMD5NotFound: has a key for the sender, but the segment carries no signature;
// - TCPMD5Unexpected: has no key for the sender, but the segment is signed;
// - TCPMD5Failure: has a key and the segment is signed, but the signature does not match.
import { readFileSync } from "node:fs";

export interface Md5Counters {
  readonly notFound: number;
  readonly unexpected: number;
  readonly failure: number;
}

/** Parses the header/value line pairs of /proc/net/netstat; undefined without TcpExt MD5 fields. */
export function parseMd5Counters(text: string): Md5Counters | undefined {
  const lines = text.split("\n");
  for (let i = 0; i + 1 < lines.length; i += 2) {
    const names = (lines[i] ?? "").trim().split(/\s+/);
    const values = (lines[i + 1] ?? "").trim().split(/\s+/);
    if (names[0] !== "TcpExt:" || values[0] !== "TcpExt:") continue;
    const get = (name: string): number | undefined => {
      const at = names.indexOf(name);
      const n = at < 0 ? NaN : Number(values[at]);
      return Number.isFinite(n) ? n : undefined;
    };
    const notFound = get("TCPMD5NotFound");
    const unexpected = get("TCPMD5Unexpected");
    const failure = get("TCPMD5Failure");
    if (notFound === undefined || unexpected === undefined || failure === undefined) return undefined;
    return { notFound, unexpected, failure };
  }
  return undefined;
}

/** This thread's namespace's counters; undefined where /proc cannot be read. */
export function readMd5Counters(): Md5Counters | undefined {
  try {
    return parseMd5Counters(readFileSync("/proc/thread-self/net/netstat", "utf8"));
  } catch {
    return undefined;
  }
}
