// One attempt at one check: look, compare, and say what was expected and what was seen.
import { assertNever } from "../errors.js";
import { canonicalIp, familyOf } from "../net/index.js";
import type { LabProbe } from "./probe.js";
import type { CheckSpec } from "../model/lab-file/checks/spec.js";
import { frrBestPath, frrSummaryPeers, frrTableBestPaths, type BgpPath } from "../nodes/frr-json.js";
import { mustSucceed } from "../nodes/must-exec.js";
import { kernelRoutes, pingLoss, tracerouteHops } from "./observe.js";
import { advertisedCheck, serviceCheck } from "./service.js";
import { StatusLooks } from "./status-looks.js";
import { realClock } from "../util/poll.js";

export interface Attempt {
  readonly passed: boolean;
  readonly expected: string;
  readonly observed: string;
}

/** The family of a check's prefix (`10.1.0.0/24`, `fd00::/64`); IPv4 unless its address is IPv6. */
const afiOf = (prefix: string): "ipv4" | "ipv6" =>
  familyOf(prefix.split("/")[0] ?? "") === 6 ? "ipv6" : "ipv4";

/** `looks`: status shared with the checks before and after this one (status-looks.ts). */
export async function evaluate(
  check: CheckSpec,
  probe: LabProbe,
  looks: StatusLooks = new StatusLooks(realClock),
): Promise<Attempt> {
  switch (check.type) {
    case "bgp-session":
      return bgpSession(check, probe, looks);
    case "bgp-prefix":
      return bgpPrefix(check, probe, looks);
    case "route":
      return route(check, probe);
    case "ping":
      return ping(check, probe);
    case "traceroute":
      return traceroute(check, probe);
    case "service":
      return serviceCheck(check, probe);
    case "advertised":
      return advertisedCheck(check, probe);
    default:
      return assertNever(check, "check");
  }
}

async function vtysh(probe: LabProbe, node: string, command: string): Promise<string> {
  const argv = ["vtysh", "-c", command];
  return mustSucceed(node, argv, await probe.exec(node, argv), "vtysh-failed").stdout;
}

async function bgpSession(
  check: Extract<CheckSpec, { type: "bgp-session" }>,
  probe: LabProbe,
  looks: StatusLooks,
): Promise<Attempt> {
  const expected = `session with ${check.peer} ${check.state}`;
  const kind = probe.bgpKind(check.node);
  let state: string | undefined;
  if (kind === "frr") {
    const summary = await looks.frrSummary(check.node, () =>
      vtysh(probe, check.node, "show bgp summary json"),
    );
    const peers = frrSummaryPeers(summary, check.node);
    state = peers.find((p) => p.peer === check.peer || p.hostname === check.peer)?.state;
  } else if (kind === "speaker") {
    const lab = await looks.speakerPeers(() => probe.speakerPeers());
    // By address, or by the peer's name in the CRDs: an unnumbered peer's address is a link-local
    // one the speaker learns at run time, so a lab file can only name it.
    const rows = lab.peersOf(check.node);
    const row = rows.find((p) => p.peerAddress === check.peer) ?? rows.find((p) => p.peerName === check.peer);
    state = row?.state;
    // The speaker says why a session is not up (a TCP-MD5 mismatch, a refused connect …).
    if (row?.reason !== undefined && state?.toLowerCase() !== check.state.toLowerCase())
      return { passed: false, expected, observed: `state ${row.state}: ${row.reason}` };
  } else {
    return { passed: false, expected, observed: `${check.node} does not run BGP` };
  }
  if (state === undefined) return { passed: false, expected, observed: `no BGP neighbor ${check.peer}` };
  return { passed: state.toLowerCase() === check.state.toLowerCase(), expected, observed: `state ${state}` };
}

function describePath(p: BgpPath): string {
  const parts = [`as-path [${p.asPath.join(" ")}]`];
  if (p.nextHop) parts.push(`next-hop ${p.nextHop}`);
  if (p.communities.length) parts.push(`communities ${p.communities.join(" ")}`);
  if (p.localPreference !== undefined) parts.push(`local-pref ${p.localPreference}`);
  return parts.join(", ");
}

async function bgpPrefix(
  check: Extract<CheckSpec, { type: "bgp-prefix" }>,
  probe: LabProbe,
  looks: StatusLooks,
): Promise<Attempt> {
  const wanted: string[] = [check.present ? `${check.prefix} present` : `${check.prefix} absent`];
  if (check.asPath) wanted.push(`as-path [${check.asPath.join(" ")}]`);
  if (check.nextHop) wanted.push(`next-hop ${check.nextHop}`);
  if (check.communities) wanted.push(`communities ${check.communities.join(" ")}`);
  if (check.localPreference !== undefined) wanted.push(`local-pref ${check.localPreference}`);
  const expected = wanted.join(", ");
  let path: BgpPath | undefined;
  const kind = probe.bgpKind(check.node);
  if (kind === "frr" && check.communities === undefined && check.localPreference === undefined) {
    // The whole table answers presence, AS path and next hop for every prefix at once.
    const afi = afiOf(check.prefix);
    const table = await looks.frrTable(check.node, afi, async () =>
      frrTableBestPaths(await vtysh(probe, check.node, `show bgp ${afi} unicast json`), check.node),
    );
    path = table.get(check.prefix);
  } else if (kind === "frr") {
    path = frrBestPath(
      await vtysh(probe, check.node, `show bgp ${afiOf(check.prefix)} unicast ${check.prefix} json`),
      check.node,
    );
  } else if (kind === "speaker") {
    const row = (await probe.speakerRoutes(check.node, afiOf(check.prefix))).find(
      (r) => r.prefix === check.prefix,
    );
    path = row && {
      asPath: row.asPath,
      nextHop: row.nextHop,
      communities: row.communities,
      ...(row.localPreference !== undefined ? { localPreference: row.localPreference } : {}),
    };
  } else {
    return { passed: false, expected, observed: `${check.node} does not run BGP` };
  }
  if (!path) return { passed: !check.present, expected, observed: `${check.prefix} not in the BGP table` };
  if (!check.present)
    return { passed: false, expected, observed: `${check.prefix} present: ${describePath(path)}` };
  const ok =
    (!check.asPath || check.asPath.join(" ") === path.asPath.join(" ")) &&
    (!check.nextHop || check.nextHop === path.nextHop) &&
    (!check.communities || check.communities.every((c) => path.communities.includes(c))) &&
    (check.localPreference === undefined || check.localPreference === path.localPreference);
  return { passed: ok, expected, observed: `${check.prefix} present: ${describePath(path)}` };
}

async function route(check: Extract<CheckSpec, { type: "route" }>, probe: LabProbe): Promise<Attempt> {
  const family = afiOf(check.prefix) === "ipv6" ? ["-6"] : [];
  const r = await probe.exec(check.node, ["ip", ...family, "-json", "route", "show", check.prefix]);
  const routes = kernelRoutes(r.stdout, check.node).filter(
    (x) => x.dst === check.prefix || (x.dst === "default" && check.prefix === "0.0.0.0/0"),
  );
  const expected = [
    check.present ? `route to ${check.prefix}` : `no route to ${check.prefix}`,
    check.via && `via ${check.via}`,
    check.dev && `dev ${check.dev}`,
    check.paths !== undefined && `over ${check.paths} path${check.paths === 1 ? "" : "s"}`,
  ]
    .filter(Boolean)
    .join(" ");
  const found = routes[0];
  if (!found) return { passed: !check.present, expected, observed: `no route to ${check.prefix}` };
  const hops = found.nextHops
    .map((h) => `${h.gateway ? ` via ${h.gateway}` : ""}${h.dev ? ` dev ${h.dev}` : ""}`)
    .join(",");
  const count = found.nextHops.length > 1 ? ` (${found.nextHops.length} paths)` : "";
  const observed = `route to ${found.dst}${hops}${found.protocol ? ` proto ${found.protocol}` : ""}${count}`;
  if (!check.present) return { passed: false, expected, observed };
  // A multipath route matches `via`/`dev` when any of its next hops does.
  const ok = routes.some(
    (x) =>
      x.nextHops.some(
        (h) => (!check.via || h.gateway === check.via) && (!check.dev || h.dev === check.dev),
      ) &&
      (check.paths === undefined || x.nextHops.length === check.paths),
  );
  return { passed: ok, expected, observed };
}

async function ping(check: Extract<CheckSpec, { type: "ping" }>, probe: LabProbe): Promise<Attempt> {
  const address = await probe.addressOf(check.to, check.family);
  const expected = `at most ${check.maxLossPercent}% loss to ${address}`;
  const r = await probe.exec(check.from, [
    "ping",
    "-n",
    "-c",
    String(check.count),
    "-i",
    "0.2",
    "-W",
    "1",
    address,
  ]);
  const stats = pingLoss(r.stdout);
  if (!stats)
    return {
      passed: false,
      expected,
      observed: (r.stderr || r.stdout).trim() || `ping exited ${r.exitCode}`,
    };
  return {
    passed: stats.lossPercent <= check.maxLossPercent,
    expected,
    observed: `${stats.received}/${stats.transmitted} replies, ${stats.lossPercent}% loss`,
  };
}

async function traceroute(
  check: Extract<CheckSpec, { type: "traceroute" }>,
  probe: LabProbe,
): Promise<Attempt> {
  const address = await probe.addressOf(check.to, check.family);
  const expected = `hops ${check.hops.join(" → ")}`;
  // One probe at a time (-N 1): parallel probes past the destination would each draw an ICMP
  // port-unreachable, and the destination's ICMP rate limit (1/s per peer) then silences the
  // hop that matters on the next retry. At most two hops more than expected: enough to show a
  // longer path, and a broken path costs seconds per attempt rather than sixteen.
  const maxHops = String(check.hops.length + 2);
  const r = await probe.exec(check.from, [
    "traceroute",
    "-n",
    "-N",
    "1",
    "-q",
    "1",
    "-w",
    "1",
    "-m",
    maxHops,
    address,
  ]);
  if (r.exitCode !== 0)
    return { passed: false, expected, observed: r.stderr.trim() || `traceroute exited ${r.exitCode}` };
  const seen = tracerouteHops(r.stdout);
  const observed = `hops ${seen.join(" → ")}`;
  if (seen.length !== check.hops.length) return { passed: false, expected, observed };
  for (const [i, hop] of check.hops.entries()) {
    if (hop === "*") continue;
    // traceroute and `ip addr` print canonical text; the lab file may not.
    const address = canonicalIp(hop);
    const addresses = address !== undefined ? [address] : await probe.addressesOf(hop);
    if (!addresses.includes(seen[i] ?? "")) {
      return { passed: false, expected, observed: `${observed} (hop ${i + 1} is not ${hop})` };
    }
  }
  return { passed: true, expected, observed };
}
