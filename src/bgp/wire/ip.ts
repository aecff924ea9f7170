// IP addresses between the text the BGP model carries and wire octets. Decoded text is
// formatted by net/ (RFC 5952 for IPv6), so it compares equal to what FRR, BIRD and GoBGP print
// and to what the speaker config parses to; encoding refuses any text net/ refuses.
import { formatIp, fromBytes, parseIp, toBytes, type IpAddress, type IpFamily } from "../../net/index.js";
import { BgpEncodeError } from "./errors.js";
import type { Reader } from "./reader.js";
import type { Writer } from "./writer.js";

/** The address `text` of `family`, or a BgpEncodeError: the caller handed us a bad model value. */
export function addressOf(text: string, family: IpFamily): IpAddress {
  const address = parseIp(text);
  if (address === undefined || address.family !== family) {
    throw new BgpEncodeError(`not an IPv${family} address: ${text}`);
  }
  return address;
}

function readAddress(r: Reader, octets: 4 | 16): string {
  return formatIp(fromBytes([...r.bytes(octets)]));
}

function writeAddress(w: Writer, text: string, family: IpFamily): void {
  w.bytes(Uint8Array.from(toBytes(addressOf(text, family))));
}

export function readIpv4(r: Reader): string {
  return readAddress(r, 4);
}

export function writeIpv4(w: Writer, addr: string): void {
  writeAddress(w, addr, 4);
}

export function readIpv6(r: Reader): string {
  return readAddress(r, 16);
}

export function writeIpv6(w: Writer, addr: string): void {
  writeAddress(w, addr, 6);
}
