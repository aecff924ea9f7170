// The Service checks: requests to a Service address answered (and by whom), and which nodes a
// router learned a Service address from. One attempt each; run.ts retries until the wait is over.
import type { CheckSpec } from "../model/lab-file/checks/spec.js";
import { frrPathSources } from "../nodes/frr-json.js";
import { mustSucceed } from "../nodes/must-exec.js";
import type { Attempt } from "./evaluate.js";
import type { LabProbe } from "./probe.js";

/** Printed after each reply, with curl's exit status: splits the output of N requests. */
const END = "@@fabric-reply-end";
const REQUEST_TIMEOUT_S = 3;

/**
 * Each request is its own curl, so its own TCP connection, so the Service picks a backend afresh.
 * One exec runs them all (a shell loop with the count and the URL as arguments, never spliced
 * into the script). Replies are matched to pods by name: the lesson lab's backends answer with
 * their hostname, which is the pod's name.
 */
export async function serviceCheck(
  check: Extract<CheckSpec, { type: "service" }>,
  probe: LabProbe,
): Promise<Attempt> {
  const url = `http://${check.to}:${check.port}/`;
  const wanted = [`${check.requests} of ${check.requests} requests to ${url} answered`];
  if (check.expect !== undefined) wanted.push(`each containing "${check.expect}"`);
  if (check.backends) wanted.push(`by exactly ${check.backends.join(", ")}`);
  const expected = wanted.join(", ");
  const script = `for i in $(seq 1 "$1"); do curl -sS -m ${REQUEST_TIMEOUT_S} "$2"; echo; echo "${END} $?"; done`;
  const r = await probe.exec(check.from, ["sh", "-c", script, "sh", String(check.requests), url]);
  const replies = splitReplies(r.stdout);
  const failed = replies.filter((x) => x.status !== 0);
  const answered = replies.filter((x) => x.status === 0);
  if (failed.length > 0 || answered.length !== check.requests) {
    const why = r.stderr.trim().split("\n").pop() ?? "";
    return {
      passed: false,
      expected,
      observed: `${answered.length} of ${check.requests} answered${why ? ` (${why})` : ""}`,
    };
  }
  const expect = check.expect;
  if (expect !== undefined) {
    const wrong = answered.find((x) => !x.body.includes(expect));
    if (wrong)
      return { passed: false, expected, observed: `a reply without "${expect}": ${shorten(wrong.body)}` };
  }
  if (!check.backends) return { passed: true, expected, observed: `${answered.length} answered` };
  const podName = probe.podName?.bind(probe);
  if (!podName) return { passed: false, expected, observed: "this probe cannot name pods" };
  const pods = new Map(check.backends.map((ref) => [podName(ref), ref]));
  const counts = new Map<string, number>();
  for (const reply of answered) {
    const who = [...pods.keys()].find((name) => reply.body.includes(name)) ?? `other: ${shorten(reply.body)}`;
    counts.set(who, (counts.get(who) ?? 0) + 1);
  }
  const observed = [...counts].map(([who, n]) => `${pods.get(who) ?? who} ×${n}`).join(", ");
  const passed =
    [...pods.keys()].every((name) => counts.has(name)) && [...counts.keys()].every((k) => pods.has(k));
  return { passed, expected, observed: `answered by ${observed}` };
}

function splitReplies(stdout: string): { body: string; status: number }[] {
  const out: { body: string; status: number }[] = [];
  let body: string[] = [];
  for (const line of stdout.split("\n")) {
    if (line.startsWith(END)) {
      out.push({ body: body.join("\n").trim(), status: Number(line.slice(END.length).trim()) });
      body = [];
    } else body.push(line);
  }
  return out;
}

const shorten = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}…` : text);

/**
 * Every path the router holds for the prefix, each named by the node whose addresses include the
 * path's neighbor address or router ID; the set of names must be exactly `by`.
 */
export async function advertisedCheck(
  check: Extract<CheckSpec, { type: "advertised" }>,
  probe: LabProbe,
): Promise<Attempt> {
  const expected = `${check.prefix} from ${check.by.length > 0 ? check.by.join(", ") : "nobody"}`;
  if (probe.bgpKind(check.node) !== "frr")
    return { passed: false, expected, observed: `${check.node} is not an FRR router` };
  const afi = check.prefix.includes(":") ? "ipv6" : "ipv4";
  const argv = ["vtysh", "-c", `show bgp ${afi} unicast ${check.prefix} json`];
  const json = mustSucceed(check.node, argv, await probe.exec(check.node, argv), "vtysh-failed").stdout;
  const sources = frrPathSources(json, check.node);
  const known = await Promise.all(
    check.by.map(async (name) => ({ name, addresses: await probe.addressesOf(name) })),
  );
  const seen = sources.map(
    (s) =>
      known.find((k) => [s.peerId, s.routerId].some((a) => a !== undefined && k.addresses.includes(a)))
        ?.name ??
      s.hostname ??
      s.peerId ??
      "an unknown peer",
  );
  const names = [...new Set(seen)].sort();
  const observed =
    names.length > 0 ? `${check.prefix} from ${names.join(", ")}` : `${check.prefix} not in the BGP table`;
  const passed = names.length === check.by.length && [...check.by].sort().every((n, i) => names[i] === n);
  return { passed, expected, observed };
}
