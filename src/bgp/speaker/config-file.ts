// The speaker's config file: `{ "version": 1, "speaker": SpeakerConfig }`. The version lets a
// newer lab refuse to drive an older sidecar instead of being half understood. Validation
// collects every problem with its JSON path, so `fabric speaker run` can name file and field.

import { readFileSync } from "node:fs";
import type { Diagnostic } from "../../errors.js";
import { ExitCode, FabricError } from "../../errors.js";
import { DEFAULT_MAX_PREFIXES, MD5_MAX_KEY_BYTES } from "../config/speaker-config.js";
import type {
  Advertisement,
  AutoDiscovery,
  DiscoveredPeerConfig,
  InboundPolicy,
  InstanceConfig,
  PeerConfig,
  PeerFamily,
  RouteAttributes,
  SpeakerConfig,
} from "../config/speaker-config.js";
import { parseCommunity, parseLargeCommunity, parsePrefix } from "../rib/index.js";
import { bgpIdToNumber } from "../bgp-id.js";
import { canonicalIp } from "../../net/index.js";

export const CONFIG_FILE_VERSION = 1;

export interface SpeakerConfigFile {
  readonly version: typeof CONFIG_FILE_VERSION;
  readonly speaker: SpeakerConfig;
}

export function toConfigFile(speaker: SpeakerConfig): SpeakerConfigFile {
  return { version: CONFIG_FILE_VERSION, speaker };
}

type Json = Record<string, unknown>;

/** Walks a parsed value, recording what is wrong under its path (`instances[0].peers[1].peerASN`). */
class Checker {
  readonly errors: string[] = [];

  fail(path: string, message: string): undefined {
    this.errors.push(`${path}: ${message}`);
    return undefined;
  }

  object(v: unknown, path: string): Json | undefined {
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Json;
    return this.fail(path, "expected an object");
  }

  array(v: unknown, path: string): unknown[] | undefined {
    return Array.isArray(v) ? v : this.fail(path, "expected an array");
  }

  string(v: unknown, path: string): string | undefined {
    return typeof v === "string" && v.length > 0 ? v : this.fail(path, "expected a non-empty string");
  }

  int(v: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof v === "number" && Number.isInteger(v) && v >= min && v <= max) return v;
    return this.fail(path, `expected an integer from ${min} to ${max}`);
  }

  address(v: unknown, path: string): string | undefined {
    const s = this.string(v, path);
    if (s === undefined) return undefined;
    // Canonical, so an incoming connection (whose address the socket reports canonically) finds its peer.
    return canonicalIp(s) ?? this.fail(path, `${JSON.stringify(s)} is not an IP address`);
  }

  /** Runs a parser from the RIB (prefixes, communities) and records its message. */
  parsed<T>(v: unknown, path: string, parse: (s: string) => T): string | undefined {
    const s = this.string(v, path);
    if (s === undefined) return undefined;
    try {
      parse(s);
      return s;
    } catch (err) {
      return this.fail(path, (err as Error).message);
    }
  }

  list<T>(v: unknown, path: string, item: (x: unknown, p: string) => T | undefined): T[] {
    const arr = this.array(v, path) ?? [];
    const out: T[] = [];
    arr.forEach((x, i) => {
      const r = item(x, `${path}[${i}]`);
      if (r !== undefined) out.push(r);
    });
    return out;
  }
}

function attributes(c: Checker, v: unknown, path: string): RouteAttributes | undefined {
  const o = c.object(v, path);
  if (!o) return undefined;
  const lp =
    o.localPreference === undefined
      ? undefined
      : c.int(o.localPreference, `${path}.localPreference`, 0, 0xffffffff);
  return {
    standardCommunities: c.list(o.standardCommunities ?? [], `${path}.standardCommunities`, (x, p) =>
      c.parsed(x, p, parseCommunity),
    ),
    largeCommunities: c.list(o.largeCommunities ?? [], `${path}.largeCommunities`, (x, p) =>
      c.parsed(x, p, parseLargeCommunity),
    ),
    ...(lp === undefined ? {} : { localPreference: lp }),
  };
}

function advertisement(c: Checker, v: unknown, path: string): Advertisement | undefined {
  const o = c.object(v, path);
  if (!o) return undefined;
  const attrs = attributes(c, o.attributes ?? {}, `${path}.attributes`) ?? {
    standardCommunities: [],
    largeCommunities: [],
  };
  const prefixes = (): string[] =>
    c.list(o.prefixes, `${path}.prefixes`, (x, p) => c.parsed(x, p, parsePrefix));
  switch (o.type) {
    case "PodCIDR":
      return { type: "PodCIDR", prefixes: prefixes(), attributes: attrs };
    case "Service": {
      const addressType = o.addressType;
      if (addressType !== "ClusterIP" && addressType !== "ExternalIP" && addressType !== "LoadBalancerIP") {
        return c.fail(`${path}.addressType`, "expected ClusterIP, ExternalIP or LoadBalancerIP");
      }
      const service = c.string(o.service, `${path}.service`) ?? "";
      return { type: "Service", service, addressType, prefixes: prefixes(), attributes: attrs };
    }
    case "Interface": {
      const interfaceName = c.string(o.interfaceName, `${path}.interfaceName`);
      return interfaceName === undefined
        ? undefined
        : { type: "Interface", interfaceName, attributes: attrs };
    }
    default:
      return c.fail(`${path}.type`, "expected PodCIDR, Service or Interface");
  }
}

function family(c: Checker, v: unknown, path: string): PeerFamily | undefined {
  const o = c.object(v, path);
  if (!o) return undefined;
  if (o.afi !== "ipv4" && o.afi !== "ipv6") return c.fail(`${path}.afi`, `expected "ipv4" or "ipv6"`);
  if (o.safi !== "unicast") return c.fail(`${path}.safi`, `expected "unicast"`);
  return {
    afi: o.afi,
    safi: "unicast",
    advertisements: c.list(o.advertisements ?? [], `${path}.advertisements`, (x, p) =>
      advertisement(c, x, p),
    ),
  };
}

/**
 * `{ "autoDiscovery": { "mode": "DefaultGateway", "addressFamily": "ipv4" } | { "mode":
 * "Unnumbered", "interface": "net0" }, "peer": { …PeerConfig without address } }`, the shape of
 * DiscoveredPeerConfig.
 */
function discoveredPeer(c: Checker, v: unknown, path: string): DiscoveredPeerConfig | undefined {
  const o = c.object(v, path);
  if (!o) return undefined;
  const d = c.object(o.autoDiscovery, `${path}.autoDiscovery`);
  if (!d) return undefined;
  const autoDiscovery = autoDiscoveryMode(c, d, `${path}.autoDiscovery`);
  if (!autoDiscovery) return undefined;
  const p = peer(c, o.peer, `${path}.peer`, false);
  if (!p) return undefined;
  const { address: _discovered, ...rest } = p;
  return { autoDiscovery, peer: rest };
}

function autoDiscoveryMode(c: Checker, d: Json, path: string): AutoDiscovery | undefined {
  if (d.mode === "Unnumbered") {
    // c.string refuses a missing or empty name itself.
    const name = c.string(d.interface, `${path}.interface`);
    return name === undefined ? undefined : { mode: "Unnumbered", interface: name };
  }
  if (d.mode !== "DefaultGateway") return c.fail(`${path}.mode`, `expected "DefaultGateway" or "Unnumbered"`);
  const family = d.addressFamily;
  if (family !== "ipv4" && family !== "ipv6")
    return c.fail(`${path}.addressFamily`, `expected "ipv4" or "ipv6"`);
  return { mode: "DefaultGateway", addressFamily: family };
}

function peer(c: Checker, v: unknown, path: string, hasAddress = true): PeerConfig | undefined {
  const o = c.object(v, path);
  if (!o) return undefined;
  const t = c.object(o.timers, `${path}.timers`) ?? {};
  const hold = c.int(t.holdTimeSeconds, `${path}.timers.holdTimeSeconds`, 0, 65535);
  if (hold !== undefined && (hold === 1 || hold === 2))
    c.fail(`${path}.timers.holdTimeSeconds`, "must be 0 or at least 3 (RFC 4271 §4.2)");
  const timers = {
    connectRetryTimeSeconds:
      c.int(t.connectRetryTimeSeconds, `${path}.timers.connectRetryTimeSeconds`, 1, 65535) ?? 0,
    holdTimeSeconds: hold ?? 0,
    keepAliveTimeSeconds: c.int(t.keepAliveTimeSeconds, `${path}.timers.keepAliveTimeSeconds`, 0, 65535) ?? 0,
  };
  const localAddress =
    o.localAddress === undefined ? undefined : c.address(o.localAddress, `${path}.localAddress`);
  const authSecretRef =
    o.authSecretRef === undefined ? undefined : c.string(o.authSecretRef, `${path}.authSecretRef`);
  const password = o.password === undefined ? undefined : md5Password(c, o.password, `${path}.password`);
  let gracefulRestart: PeerConfig["gracefulRestart"];
  if (o.gracefulRestart !== undefined) {
    const g = c.object(o.gracefulRestart, `${path}.gracefulRestart`);
    if (g) {
      if (typeof g.enabled !== "boolean") c.fail(`${path}.gracefulRestart.enabled`, "expected true or false");
      const rt = c.int(g.restartTimeSeconds ?? 120, `${path}.gracefulRestart.restartTimeSeconds`, 0, 4095);
      gracefulRestart = { enabled: g.enabled === true, restartTimeSeconds: rt ?? 0 };
    }
  }
  const inbound = inboundPolicy(c, o, path);
  return {
    name: c.string(o.name, `${path}.name`) ?? "",
    address: hasAddress ? (c.address(o.address, `${path}.address`) ?? "") : "",
    peerASN: c.int(o.peerASN, `${path}.peerASN`, 0, 0xffffffff) ?? 0,
    peerPort: c.int(o.peerPort ?? 179, `${path}.peerPort`, 1, 65535) ?? 179,
    ...(localAddress === undefined ? {} : { localAddress }),
    timers,
    ebgpMultihop: c.int(o.ebgpMultihop ?? 1, `${path}.ebgpMultihop`, 1, 255) ?? 1,
    families: c.list(o.families, `${path}.families`, (x, p) => family(c, x, p)),
    ...(authSecretRef === undefined ? {} : { authSecretRef }),
    ...(password === undefined ? {} : { password }),
    ...(gracefulRestart === undefined ? {} : { gracefulRestart }),
    ...(inbound === undefined ? {} : { inbound }),
  };
}

/** The kernel takes keys of 1 to 80 bytes (TCP_MD5SIG_MAXKEYLEN). */
function md5Password(c: Checker, v: unknown, path: string): string | undefined {
  const s = c.string(v, path);
  if (s === undefined) return undefined;
  const bytes = Buffer.byteLength(s, "utf8");
  return bytes <= MD5_MAX_KEY_BYTES
    ? s
    : c.fail(path, `${bytes} bytes: a TCP-MD5 key is at most ${MD5_MAX_KEY_BYTES}`);
}

/**
 * `inbound: { "mode": "import", "maxPrefixes": 50000 }` keeps received routes, up to the limit
 * (DEFAULT_MAX_PREFIXES when left out); `{ "mode": "reject" }` or no `inbound` is Cilium's
 * behaviour: counted, not kept. The same shape as PeerConfig, so toConfigFile's output reads back.
 */
function inboundPolicy(c: Checker, o: Json, path: string): InboundPolicy | undefined {
  if (o.inbound === undefined) return undefined;
  const v = c.object(o.inbound, `${path}.inbound`);
  if (!v) return undefined;
  if (v.mode === "reject") {
    if (v.maxPrefixes !== undefined)
      c.fail(`${path}.inbound.maxPrefixes`, `applies only to imported routes: set "mode": "import"`);
    return { mode: "reject" };
  }
  if (v.mode !== "import") return c.fail(`${path}.inbound.mode`, `expected "reject" or "import"`);
  const max = c.int(v.maxPrefixes ?? DEFAULT_MAX_PREFIXES, `${path}.inbound.maxPrefixes`, 1, 0xffffffff);
  return { mode: "import", maxPrefixes: max ?? DEFAULT_MAX_PREFIXES };
}

function instance(c: Checker, v: unknown, path: string): InstanceConfig | undefined {
  const o = c.object(v, path);
  if (!o) return undefined;
  const routerId = c.string(o.routerId, `${path}.routerId`);
  if (routerId !== undefined && !bgpIdToNumber(routerId))
    c.fail(`${path}.routerId`, `${JSON.stringify(routerId)} is not a non-zero dotted quad`);
  const localPort = o.localPort === undefined ? undefined : c.int(o.localPort, `${path}.localPort`, 1, 65535);
  const peers = c.list(o.peers, `${path}.peers`, (x, p) => peer(c, x, p));
  const names = new Set<string>();
  peers.forEach((p, i) => {
    if (names.has(p.name))
      c.fail(`${path}.peers[${i}].name`, `duplicate peer name ${JSON.stringify(p.name)}`);
    names.add(p.name);
  });
  const discoveredPeers =
    o.discoveredPeers === undefined
      ? undefined
      : c.list(o.discoveredPeers, `${path}.discoveredPeers`, (x, p) => discoveredPeer(c, x, p));
  return {
    name: c.string(o.name, `${path}.name`) ?? "",
    localASN: c.int(o.localASN, `${path}.localASN`, 1, 0xffffffff) ?? 0,
    routerId: routerId ?? "",
    ...(localPort === undefined ? {} : { localPort }),
    peers,
    ...(discoveredPeers === undefined ? {} : { discoveredPeers }),
  };
}

/** Validate a parsed config file; throws FabricError (exit code 2) naming file and fields. */
export function parseConfigFile(value: unknown, file: string): SpeakerConfigFile {
  const c = new Checker();
  const root = c.object(value, "(root)");
  let speaker: SpeakerConfig | undefined;
  if (root) {
    if (root.version !== CONFIG_FILE_VERSION)
      c.fail("version", `expected ${CONFIG_FILE_VERSION}, got ${JSON.stringify(root.version)}`);
    const s = c.object(root.speaker, "speaker");
    if (s) {
      speaker = {
        node: c.string(s.node, "speaker.node") ?? "",
        instances: c.list(s.instances, "speaker.instances", (x, p) => instance(c, x, p)),
      };
    }
  }
  if (c.errors.length > 0 || !speaker) {
    const diagnostics: Diagnostic[] = c.errors.map((message) => ({
      severity: "error",
      code: "speaker-config-invalid",
      message: `${file}: ${message}`,
    }));
    throw new FabricError(
      "speaker-config-invalid",
      `${file}: invalid speaker config (${c.errors.length} error${c.errors.length === 1 ? "" : "s"})`,
      {
        diagnostics,
        exitCode: ExitCode.usage,
        suggestion: "generate a config with: fabric speaker config --lab LAB --node NODE",
      },
    );
  }
  return { version: CONFIG_FILE_VERSION, speaker };
}

export function readConfigFile(file: string): SpeakerConfigFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new FabricError(
      "speaker-config-unreadable",
      `cannot read speaker config ${file}: ${(err as Error).message}`,
      {
        exitCode: ExitCode.usage,
        cause: err,
      },
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FabricError("speaker-config-invalid", `${file}: not valid JSON: ${(err as Error).message}`, {
      exitCode: ExitCode.usage,
      cause: err,
    });
  }
  return parseConfigFile(value, file);
}
