// What the topology says about a node's routing, read from the lines that set it up: the FRR
// configuration it is given (the -c commands of its `vtysh` exec lines, its startup-config, an
// frr.conf bound into /etc/frr) and the addresses its `ip addr add` lines give it, each with
// the file:line it came from. Only what can be read without running anything: a configuration
// built by a script, or pulled from elsewhere, is "not readable" and the caller says so.
import { existsSync, readFileSync } from "node:fs";
import type { Location } from "../../errors.js";
import { formatIp, parseCidr, parseIp, type Cidr, type IpAddress } from "../../net/index.js";
import type { TopologyNode } from "../model.js";
import { readYamlFile, type YamlDoc } from "../source.js";
import type { ConfigLine } from "./frr-bgp.js";

export interface ExecLine {
  readonly text: string;
  readonly location: Location;
}

export interface InterfaceAddress {
  readonly address: IpAddress;
  /** The connected network the address sits on. */
  readonly network: Cidr;
  readonly dev: string;
  readonly location: Location;
}

/** The topology file as parsed, read once for every node's exec lines. */
export function readTopologyDoc(topologyFile: string, shownAs: string): YamlDoc | undefined {
  try {
    return readYamlFile(topologyFile, shownAs).docs[0];
  } catch {
    return undefined; // unreadable now (it was read a moment ago): nodes' own locations will do
  }
}

/**
 * The node's exec lines with where each is written (the node's own location when not found).
 * Without a document, every line gets the node's location: locating is a linear walk of the
 * topology's node map, so it is done only for the few nodes whose lines can appear in a message
 * (routers), not for every Kubernetes node of a large lab.
 */
export function execLines(node: TopologyNode, doc: YamlDoc | undefined): ExecLine[] {
  const exec = (doc?.value as { topology?: { nodes?: Record<string, { exec?: unknown }> } } | undefined)
    ?.topology?.nodes?.[node.name]?.exec;
  return node.exec.map((text) => {
    const i = Array.isArray(exec) ? exec.indexOf(text) : -1;
    const location = doc && i >= 0 ? doc.locate(["topology", "nodes", node.name, "exec", i]) : node.location;
    return { text, location };
  });
}

/** Words of a shell command line: blanks split, quotes group, a backslash escapes one character. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && i + 1 < line.length) word += line[++i] as string;
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      word ??= "";
    } else if (c === "\\" && i + 1 < line.length) {
      word = (word ?? "") + (line[++i] as string);
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word = (word ?? "") + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The FRR configuration lines of the node, in the order FRR would read them. */
export function frrConfigLines(
  node: TopologyNode,
  exec: readonly ExecLine[],
  shownAs: (p: string) => string,
): ConfigLine[] {
  const lines: ConfigLine[] = [];
  const files = [
    node.startupConfig,
    ...node.binds.filter((b) => /^\/etc\/frr\/(frr|bgpd)\.conf$/.test(b.target)).map((b) => b.source),
  ];
  for (const file of files) {
    if (file === undefined || !existsSync(file)) continue;
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    text
      .split("\n")
      .forEach((t, i) => lines.push({ text: t, location: { file: shownAs(file), line: i + 1, col: 1 } }));
  }
  for (const line of exec) {
    const words = shellWords(line.text);
    const at = words.findIndex((w) => w === "vtysh" || w.endsWith("/vtysh"));
    if (at < 0) continue;
    for (let i = at + 1; i < words.length - 1; i++)
      if (words[i] === "-c") lines.push({ text: words[i + 1] as string, location: line.location });
  }
  return lines;
}

/** Addresses from `ip [-4|-6] addr|address|a add CIDR dev DEV` exec lines. */
export function execAddresses(exec: readonly ExecLine[]): InterfaceAddress[] {
  const found: InterfaceAddress[] = [];
  for (const line of exec) {
    const words = shellWords(line.text).filter((w) => !/^-[46]$/.test(w));
    const at = words.indexOf("ip");
    if (at < 0 || !["addr", "address", "a"].includes(words[at + 1] ?? "") || words[at + 2] !== "add")
      continue;
    const cidrText = words[at + 3] ?? "";
    const devAt = words.indexOf("dev");
    const slash = cidrText.indexOf("/");
    const address = parseIp(slash < 0 ? cidrText : cidrText.slice(0, slash));
    const parsed = parseCidr(slash < 0 ? `${cidrText}/${address?.family === 6 ? 128 : 32}` : cidrText, {
      strict: false,
    });
    if (!address || !parsed.ok) continue;
    found.push({
      address,
      network: parsed.cidr,
      dev: devAt > 0 ? (words[devAt + 1] ?? "") : "",
      location: line.location,
    });
  }
  return found;
}

/** The default gateway an `ip [-4|-6] route add|replace default via X` exec line sets, per family. */
export function execDefaultGateways(exec: readonly ExecLine[]): Map<4 | 6, string> {
  const found = new Map<4 | 6, string>();
  for (const line of exec) {
    const words = shellWords(line.text).filter((w) => !/^-[46]$/.test(w));
    const at = words.indexOf("ip");
    if (at < 0 || !["route", "r", "ro"].includes(words[at + 1] ?? "")) continue;
    if (!["add", "replace", "append"].includes(words[at + 2] ?? "") || words[at + 3] !== "default") continue;
    const via = words.indexOf("via");
    const gateway = via > 0 ? parseIp(words[via + 1] ?? "") : undefined;
    if (gateway) found.set(gateway.family, formatIp(gateway));
  }
  return found;
}
