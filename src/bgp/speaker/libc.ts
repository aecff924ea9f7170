// The few libc calls Node does not offer, through koffi (an FFI, no native build): setns(2) to
// create sockets inside another network namespace, socket(2) so the file descriptor exists at
// once (net.connect creates it on a later tick, see socket-place.ts), and setsockopt(2) for the
// IP TTL, the TCP-MD5 keys (RFC 2385) and the bound device, which net.Socket has no setter for;
// and for BGP unnumbered a raw ICMPv6 socket with sendto/recvfrom and if_nametoindex (Node has
// no raw sockets). Loaded on first use: a speaker that never needs them pays nothing.
import { constants, endianness } from "node:os";
import koffi from "koffi";
import { parseIp, toBytes } from "../../net/index.js";
import { MD5_MAX_KEY_BYTES } from "../config/speaker-config.js";

interface Libc {
  setns(fd: number, nstype: number): number;
  socket(domain: number, type: number, protocol: number): number;
  setsockopt(fd: number, level: number, name: number, value: number[], length: number): number;
  getsockopt(fd: number, level: number, name: number, value: number[], length: number[]): number;
  setsockoptBytes(fd: number, level: number, name: number, value: Buffer, length: number): number;
  sendto(fd: number, buf: Buffer, len: number, flags: number, addr: Buffer, addrLen: number): number;
  recvfrom(fd: number, buf: Buffer, len: number, flags: number, addr: Buffer, addrLen: number[]): number;
  if_nametoindex(name: string): number;
}

/** Linux values (include/uapi/linux/sched.h, in.h, in6.h, socket.h). */
export const Linux = {
  CLONE_NEWNET: 0x40000000,
  AF_INET: 2,
  AF_INET6: 10,
  SOCK_STREAM: 1,
  SOCK_NONBLOCK: 0o4000,
  SOCK_CLOEXEC: 0o2000000,
  IPPROTO_IP: 0,
  IPPROTO_IPV6: 41,
  IP_TTL: 2,
  IPV6_UNICAST_HOPS: 16,
  IPPROTO_TCP: 6,
  TCP_MD5SIG: 14,
  SOCK_RAW: 3,
  SOL_SOCKET: 1,
  SO_BINDTODEVICE: 25,
  IPPROTO_ICMPV6: 58,
  ICMP6_FILTER: 1,
  IPV6_MULTICAST_HOPS: 18,
  IPV6_MULTICAST_LOOP: 19,
  MSG_DONTWAIT: 0x40,
  EAGAIN: 11,
} as const;

let loaded: Libc | undefined;

function libc(): Libc {
  if (loaded) return loaded;
  const lib = koffi.load("libc.so.6");
  loaded = {
    setns: lib.func("int setns(int fd, int nstype)") as Libc["setns"],
    socket: lib.func("int socket(int domain, int type, int protocol)") as Libc["socket"],
    setsockopt: lib.func(
      "int setsockopt(int fd, int level, int name, _In_ int *value, uint32_t length)",
    ) as Libc["setsockopt"],
    getsockopt: lib.func(
      "int getsockopt(int fd, int level, int name, _Out_ int *value, _Inout_ uint32_t *length)",
    ) as Libc["getsockopt"],
    setsockoptBytes: lib.func(
      "int setsockopt(int fd, int level, int name, const void *value, uint32_t length)",
    ) as Libc["setsockoptBytes"],
    sendto: lib.func(
      "long sendto(int fd, const void *buf, size_t len, int flags, const void *addr, uint32_t addrlen)",
    ) as Libc["sendto"],
    recvfrom: lib.func(
      "long recvfrom(int fd, _Out_ void *buf, size_t len, int flags, _Out_ void *addr, _Inout_ uint32_t *addrlen)",
    ) as Libc["recvfrom"],
    if_nametoindex: lib.func("unsigned int if_nametoindex(const char *name)") as Libc["if_nametoindex"],
  };
  return loaded;
}

/** A failed libc call, with errno as Node names it (EPERM, EINVAL …). */
export class LibcError extends Error {
  constructor(
    readonly call: string,
    readonly errno: number,
  ) {
    const name = Object.entries(constants.errno).find(([, n]) => n === errno)?.[0] ?? `errno ${errno}`;
    super(`${call} failed: ${name}`);
    this.name = "LibcError";
  }

  get code(): string {
    return Object.entries(constants.errno).find(([, n]) => n === this.errno)?.[0] ?? "UNKNOWN";
  }
}

function check(call: string, result: number): number {
  if (result < 0) throw new LibcError(call, koffi.errno());
  return result;
}

export function setns(fd: number, nstype: number): void {
  check("setns", libc().setns(fd, nstype));
}

/** A non-blocking, close-on-exec TCP socket of this family, in the calling thread's namespace. */
export function tcpSocket(family: 4 | 6): number {
  const domain = family === 4 ? Linux.AF_INET : Linux.AF_INET6;
  return check(
    "socket",
    libc().socket(domain, Linux.SOCK_STREAM | Linux.SOCK_NONBLOCK | Linux.SOCK_CLOEXEC, 0),
  );
}

/** IP_TTL (IPv4) or IPV6_UNICAST_HOPS (IPv6): the hop limit of every packet the socket sends. */
export function setTtl(fd: number, family: 4 | 6, ttl: number): void {
  const [level, name] =
    family === 4 ? [Linux.IPPROTO_IP, Linux.IP_TTL] : [Linux.IPPROTO_IPV6, Linux.IPV6_UNICAST_HOPS];
  check("setsockopt", libc().setsockopt(fd, level, name, [ttl], 4));
}

export function getTtl(fd: number, family: 4 | 6): number {
  const [level, name] =
    family === 4 ? [Linux.IPPROTO_IP, Linux.IP_TTL] : [Linux.IPPROTO_IPV6, Linux.IPV6_UNICAST_HOPS];
  const value = [0];
  check("getsockopt", libc().getsockopt(fd, level, name, value, [4]));
  return value[0] ?? 0;
}

/**
 * struct tcp_md5sig: a sockaddr_storage (128 bytes) naming the peer, flags, prefix length, key
 * length, ifindex, then the key (80 bytes): 216 bytes. The address family must be the socket's
 * own: an IPv6 (dual-stack) listener takes an IPv4 peer as ::ffff:a.b.c.d, which the kernel turns
 * into an IPv4 key (tcp_v6_parse_md5_keys). An empty key deletes the peer's key.
 */
export function md5sigStruct(socketFamily: 4 | 6, peer: string, key: string): Buffer {
  const bytes = Buffer.from(key, "utf8");
  if (bytes.length > MD5_MAX_KEY_BYTES)
    throw new RangeError(`a TCP-MD5 password is at most ${MD5_MAX_KEY_BYTES} bytes`);
  const out = Buffer.alloc(216);
  // sockaddr_in: family, port, address at 4; sockaddr_in6: family, port, flowinfo, address at 8.
  // sa_family and tcpm_keylen are in host byte order.
  const u16 = (value: number, at: number): number =>
    endianness() === "LE" ? out.writeUInt16LE(value, at) : out.writeUInt16BE(value, at);
  u16(socketFamily === 4 ? Linux.AF_INET : Linux.AF_INET6, 0);
  Buffer.from(peerBytes(socketFamily, peer)).copy(out, socketFamily === 4 ? 4 : 8);
  u16(bytes.length, 130);
  bytes.copy(out, 136);
  return out;
}

/** The peer as the socket's family writes it: IPv4 bytes, or IPv6 with IPv4 mapped (::ffff:a.b.c.d). */
function peerBytes(socketFamily: 4 | 6, peer: string): number[] {
  const parsed = parseIp(peer);
  if (!parsed) throw new RangeError(`not an IP address: ${peer}`);
  const bytes = toBytes(parsed);
  if (socketFamily === parsed.family) return bytes;
  if (socketFamily === 6) return [...new Array<number>(10).fill(0), 0xff, 0xff, ...bytes];
  throw new RangeError(`an IPv4 socket cannot have a key for the IPv6 address ${peer}`);
}

/** TCP_MD5SIG: sign segments to and require signatures from `peer` with `key` ("" removes it). */
export function setMd5Key(fd: number, socketFamily: 4 | 6, peer: string, key: string): void {
  const value = md5sigStruct(socketFamily, peer, key);
  check("setsockopt", libc().setsockoptBytes(fd, Linux.IPPROTO_TCP, Linux.TCP_MD5SIG, value, value.length));
}

/**
 * SO_BINDTODEVICE: the socket sends and receives on this interface only. What a connection to a
 * link-local address needs when it carries no scope id (tcp_v6_connect takes the bound device),
 * and the interface is named in the socket's own namespace, whichever thread sets it.
 */
export function bindToDevice(fd: number, interfaceName: string): void {
  const name = Buffer.from(`${interfaceName}\0`, "utf8");
  check("setsockopt", libc().setsockoptBytes(fd, Linux.SOL_SOCKET, Linux.SO_BINDTODEVICE, name, name.length));
}

/** A non-blocking raw ICMPv6 socket (neighbour discovery), in the calling thread's namespace. */
export function icmpv6Socket(): number {
  return check(
    "socket",
    libc().socket(
      Linux.AF_INET6,
      Linux.SOCK_RAW | Linux.SOCK_NONBLOCK | Linux.SOCK_CLOEXEC,
      Linux.IPPROTO_ICMPV6,
    ),
  );
}

/** An integer socket option (IPV6_MULTICAST_HOPS …). */
export function setIntOption(fd: number, level: number, name: number, value: number): void {
  check("setsockopt", libc().setsockopt(fd, level, name, [value], 4));
}

/** A socket option given as bytes (ICMP6_FILTER …). */
export function setBytesOption(fd: number, level: number, name: number, value: Buffer): void {
  check("setsockopt", libc().setsockoptBytes(fd, level, name, value, value.length));
}

/** The index of an interface in the calling thread's namespace; 0 when there is none. */
export function interfaceIndex(name: string): number {
  return libc().if_nametoindex(name);
}

/** struct sockaddr_in6 (28 bytes): family and scope id in host order, port in network order. */
export function sockaddrIn6(address: number[], scopeId: number): Buffer {
  const out = Buffer.alloc(28);
  if (endianness() === "LE") out.writeUInt16LE(Linux.AF_INET6, 0);
  else out.writeUInt16BE(Linux.AF_INET6, 0);
  Buffer.from(address).copy(out, 8);
  if (endianness() === "LE") out.writeUInt32LE(scopeId, 24);
  else out.writeUInt32BE(scopeId, 24);
  return out;
}

export function sendTo(fd: number, data: Buffer, to: Buffer): void {
  check("sendto", libc().sendto(fd, data, data.length, 0, to, to.length));
}

/** One datagram and the 16 address bytes it came from; undefined when none is waiting. */
export function receiveFrom(fd: number, size = 1500): { data: Buffer; from: number[] } | undefined {
  const buf = Buffer.alloc(size);
  const from = Buffer.alloc(28);
  const n = libc().recvfrom(fd, buf, size, Linux.MSG_DONTWAIT, from, [28]);
  if (n < 0) {
    const errno = koffi.errno();
    if (errno === Linux.EAGAIN) return undefined;
    throw new LibcError("recvfrom", errno);
  }
  return { data: buf.subarray(0, n), from: [...from.subarray(8, 24)] };
}
