// Rules about links: endpoint count and names, interface names, MTU, and interfaces that two
// endpoints would create twice in one network namespace.
import type { Diagnostic } from "../../../errors.js";
import { namespaceOwner } from "../network-mode.js";
import type { RawEndpoint, RawLink } from "../raw.js";
import { didYouMean } from "../../suggest.js";
import type { RuleContext } from "./context.js";

export function linkHasTwoEndpoints({ raw, report }: RuleContext): Diagnostic[] {
  return raw.links
    .filter((l) => l.written !== 2)
    .map((l) =>
      report.error(
        "link-endpoint-count",
        `a link needs exactly two endpoints, this one has ${l.written}`,
        l.endpointsPath,
        {
          suggestion: "a veth link joins two interfaces; write one link per pair",
        },
      ),
    );
}

/** containerlab's brief form names these pseudo-nodes for its host, mgmt-net and macvlan links. */
const PSEUDO_NODES = ["host", "mgmt-net", "macvlan"] as const;

export function linkNodesExist({ raw, byName, report }: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const link of raw.links) {
    for (const e of link.endpoints) {
      if (byName.has(e.node)) continue;
      if ((PSEUDO_NODES as readonly string[]).includes(e.node)) {
        out.push(
          report.error(
            "link-type-unsupported",
            `"${e.node}:" endpoints make a ${e.node} link, which fabric does not support yet; only veth links between nodes are`,
            e.path,
          ),
        );
        continue;
      }
      out.push(
        report.error(
          "link-unknown-node",
          `link endpoint refers to node "${e.node}", which is not defined`,
          e.path,
          {
            suggestion: didYouMean(e.node, byName.keys()) ?? "define the node under topology.nodes",
          },
        ),
      );
    }
  }
  return out;
}

/** Linux IFNAMSIZ is 16 bytes with the terminating NUL; the kernel refuses `/`, `:` and spaces. */
const IFNAMSIZ = 16;

export function interfaceNamesValid({ raw, report }: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of raw.links.flatMap((l) => l.endpoints)) {
    const bytes = Buffer.byteLength(e.iface, "utf8");
    if (bytes > IFNAMSIZ - 1) {
      out.push(
        report.error(
          "interface-name-too-long",
          `interface name "${e.iface}" is ${bytes} bytes; Linux allows at most 15`,
          e.path,
          {
            suggestion: "use a shorter name such as eth1 or net0",
          },
        ),
      );
    } else if (/[/:\s]/.test(e.iface) || e.iface === "." || e.iface === "..") {
      out.push(
        report.error(
          "interface-name-invalid",
          `interface name "${e.iface}" may not contain "/", ":" or whitespace`,
          e.path,
        ),
      );
    }
  }
  return out;
}

export function linkMtuValid({ raw, report }: RuleContext): Diagnostic[] {
  return raw.links
    .filter((l) => l.mtu && !(Number.isInteger(l.mtu.value) && l.mtu.value >= 68 && l.mtu.value <= 65535))
    .map((l) =>
      // 68 is the IPv4 minimum (RFC 791); 65535 the largest MTU the kernel accepts on a veth.
      report.error(
        "link-mtu-invalid",
        `mtu ${l.mtu?.value} is not an integer between 68 and 65535`,
        l.mtu?.path ?? l.path,
      ),
    );
}

/** A k8s-kind node stands for a whole cluster; links go to its nodes via network-mode instead. */
export function noLinksOnKindClusters({ raw, byName, report }: RuleContext): Diagnostic[] {
  return raw.links
    .flatMap((l) => l.endpoints)
    .filter((e) => byName.get(e.node)?.kind?.value === "k8s-kind")
    .map((e) =>
      report.error(
        "link-on-k8s-kind",
        `node "${e.node}" is a k8s-kind cluster and cannot have links itself`,
        e.path,
        {
          suggestion: "add a linux node with `network-mode: container:<kubernetes node>` and link that node",
        },
      ),
    );
}

export function noSelfLinkOnOneInterface({ raw, report }: RuleContext): Diagnostic[] {
  return raw.links
    .filter((l) => isSelfSameInterface(l))
    .map((l) =>
      report.error(
        "link-self-same-interface",
        `link joins ${l.endpoints[0]?.node}:${l.endpoints[0]?.iface} to itself`,
        l.endpointsPath,
        {
          suggestion: "a loop on one node needs two different interfaces",
        },
      ),
    );
}

function isSelfSameInterface(l: RawLink): boolean {
  const [a, b] = l.endpoints;
  return (
    l.endpoints.length === 2 && a !== undefined && b !== undefined && a.node === b.node && a.iface === b.iface
  );
}

/**
 * Each endpoint creates an interface in its node's network namespace, which for a node with
 * `network-mode: container:X` is X's (followed to the end of the chain). Two endpoints that
 * name the same interface in the same namespace would collide.
 */
export function interfacesUsedOnce({ raw, byName, report }: RuleContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  const used = new Map<string, RawEndpoint>();
  for (const link of raw.links) {
    if (isSelfSameInterface(link)) continue; // reported by its own rule
    for (const e of link.endpoints) {
      const owner = namespaceOwner(e.node, byName);
      const key = `${owner}\u0000${e.iface}`;
      const first = used.get(key);
      if (!first) {
        used.set(key, e);
        continue;
      }
      const shared = first.node !== e.node || owner !== e.node;
      const why = shared
        ? ` (${[first.node, e.node].filter((n, i, a) => a.indexOf(n) === i).join(" and ")} share the network namespace of ${owner})`
        : "";
      out.push(
        report.error(
          "interface-used-twice",
          `interface ${e.iface} of ${owner} is used by two links${why}`,
          e.path,
          {
            suggestion: `give this endpoint another interface name than ${e.iface}`,
          },
        ),
      );
    }
  }
  return out;
}
