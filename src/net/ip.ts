// Pure IPv4/IPv6 address and CIDR helpers. Addresses are held as a bigint plus a family so that
// both families share one code path for masks and containment. No I/O, no Node APIs: the
// topology reader, the planner and the BGP code can all use it.

export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  /** The address as an unsigned integer (32 or 128 bits). */
  readonly value: bigint;
}

export interface Cidr {
  /** The network address (host bits are zero when parsed strictly). */
  readonly address: IpAddress;
  readonly prefixLength: number;
}

export const CidrError = {
  badSyntax: "bad-syntax",
  badAddress: "bad-address",
  badPrefix: "bad-prefix",
  hostBits: "host-bits",
} as const;
export type CidrError = (typeof CidrError)[keyof typeof CidrError];

export type CidrResult =
  | { readonly ok: true; readonly cidr: Cidr }
  | { readonly ok: false; readonly error: CidrError; readonly message: string };

export function bitsOf(family: IpFamily): number {
  return family === 4 ? 32 : 128;
}

/** Dotted quad, four decimal octets 0..255 without leading zeros (which some tools read as octal). */
export function parseIPv4(text: string): IpAddress | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return { family: 4, value };
}

/**
 * RFC 4291 §2.2 text forms: eight 16-bit hex groups, one `::` for a run of zero groups, and an
 * optional trailing dotted quad (form 3, e.g. `::ffff:192.0.2.1`). Zone ids (`%eth0`) are refused.
 */
export function parseIPv6(text: string): IpAddress | undefined {
  if (text.length === 0 || text.includes("%")) return undefined;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (s: string): number[] | undefined => {
    if (s === "") return [];
    const out: number[] = [];
    const pieces = s.split(":");
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes(".")) {
        const v4 = parseIPv4(piece);
        if (!v4) return undefined;
        out.push(Number(v4.value >> 16n), Number(v4.value & 0xffffn));
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = groupsOf(halves[0] ?? "");
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? "") : [];
  if (!head || !tail) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return undefined; // `::` stands for at least one zero group
    groups = [...head, ...Array<number>(missing).fill(0), ...tail];
  } else {
    groups = head;
  }
  if (groups.length !== 8) return undefined;
  const value = groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
  return { family: 6, value };
}

/** Either family; IPv6 is recognised by the presence of a colon. */
export function parseIp(text: string): IpAddress | undefined {
  return text.includes(":") ? parseIPv6(text) : parseIPv4(text);
}

export function formatIPv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join(".");
}

/** RFC 5952 §4: lower case, no leading zeros, the longest run (≥2, first if tied) of zeros as `::`. */
export function formatIPv6(value: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((value >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
  if (bestLen < 2) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

export function formatIp(address: IpAddress): string {
  return address.family === 4 ? formatIPv4(address.value) : formatIPv6(address.value);
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr.address)}/${cidr.prefixLength}`;
}

/** The mask of a prefix length, as an integer of the family's width. */
export function maskOf(family: IpFamily, prefixLength: number): bigint {
  const bits = BigInt(bitsOf(family));
  const all = (1n << bits) - 1n;
  return (all << (bits - BigInt(prefixLength))) & all;
}

/**
 * `address/length`. With `strict` (the default) the address must be the network address, as
 * a subnet in a configuration file should be: `10.0.0.1/24` is refused with `host-bits`.
 */
export function parseCidr(text: string, options: { strict?: boolean } = {}): CidrResult {
  const strict = options.strict ?? true;
  const slash = text.indexOf("/");
  if (slash < 0 || slash !== text.lastIndexOf("/")) {
    return {
      ok: false,
      error: CidrError.badSyntax,
      message: `"${text}" is not in address/prefix-length form`,
    };
  }
  const addressText = text.slice(0, slash);
  const lengthText = text.slice(slash + 1);
  const address = parseIp(addressText);
  if (!address) {
    return { ok: false, error: CidrError.badAddress, message: `"${addressText}" is not an IP address` };
  }
  const max = bitsOf(address.family);
  if (!/^(0|[1-9][0-9]*)$/.test(lengthText) || Number(lengthText) > max) {
    return {
      ok: false,
      error: CidrError.badPrefix,
      message: `prefix length "${lengthText}" is not between 0 and ${max} for an IPv${address.family} address`,
    };
  }
  const prefixLength = Number(lengthText);
  const network = address.value & maskOf(address.family, prefixLength);
  if (strict && network !== address.value) {
    const fixed = formatCidr({ address: { family: address.family, value: network }, prefixLength });
    return {
      ok: false,
      error: CidrError.hostBits,
      message: `${text} has host bits set; the network is ${fixed}`,
    };
  }
  return { ok: true, cidr: { address: { family: address.family, value: network }, prefixLength } };
}

/** Whether `address` lies inside `cidr` (always false across families). */
export function cidrContains(cidr: Cidr, address: IpAddress): boolean {
  if (cidr.address.family !== address.family) return false;
  const mask = maskOf(cidr.address.family, cidr.prefixLength);
  return (address.value & mask) === (cidr.address.value & mask);
}
