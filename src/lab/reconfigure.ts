// `fabric deploy --reconfigure` without tearing the lab down, when only its BGP policy changed:
// every node's speaker gets its new configuration and reloads it in place, so a changed
// advertisement or community goes out as UPDATEs and withdrawals on the sessions as they are,
// and only a change the session negotiated or was opened with (ASN, address, timers, families,
// password …, bgp/config/session-diff.ts) resets that one session. What each peer got, and why,
// is the result. Anything else that changed (topology, cluster, workloads, Services) still needs
// the full destroy-and-deploy, and the caller says why.
import { createHash } from "node:crypto";
import type { SpeakerConfig } from "../bgp/config/speaker-config.js";
import { speakerChanges, type PeerChange } from "../bgp/config/session-diff.js";
import { readConfigFile } from "../bgp/speaker/config-file.js";
import { FabricError } from "../errors.js";
import type { ClusterProviderName } from "../k8s/cluster-provider.js";
import { findHostRecord, hostedInstances } from "../k8s/speaker/host.js";
import type { SpeakerHostControl } from "../k8s/speaker/host-process.js";
import { speakerConfigText } from "../k8s/speaker/sidecar.js";
import type { Lab } from "../model/model.js";
import type { LabState } from "../state/state-store.js";

/** The lab record's meta key for deployInputsDigest. */
export const INPUTS_DIGEST_KEY = "inputsDigest";

/**
 * A digest of everything deploy builds from except the BGP policy (and the checks, which build
 * nothing): equal digests mean a redeploy would make the same nodes, links, cluster and pods.
 */
export function deployInputsDigest(lab: Lab): string {
  const { topology, cluster, workloads, services } = lab;
  const text = JSON.stringify({ topology, cluster, workloads, services }, (_k, v: unknown) =>
    v instanceof Map ? [...(v as Map<unknown, unknown>).entries()] : v,
  );
  return createHash("sha256").update(text).digest("hex");
}

export interface NodeReconfigured {
  readonly node: string;
  readonly changes: readonly PeerChange[];
}

export type InPlace =
  | { readonly done: true; readonly nodes: readonly NodeReconfigured[] }
  | { readonly done: false; readonly why: string };

export async function reconfigureInPlace(
  lab: Lab,
  existing: LabState,
  host: SpeakerHostControl,
  provider: ClusterProviderName,
): Promise<InPlace> {
  const notHere = (why: string): InPlace => ({ done: false, why });
  if (existing.phase !== "running") return notHere(`lab ${lab.name} is ${existing.phase}, not running`);
  // kind chooses its nodes' PodCIDRs: its speakers' configs are resolved again at deploy.
  if (provider !== "emulated") return notHere(`the ${provider} cluster provider reconfigures by redeploying`);
  const recorded = existing.meta[INPUTS_DIGEST_KEY];
  if (recorded === undefined) return notHere("the running lab did not record what it was deployed from");
  if (recorded !== deployInputsDigest(lab))
    return notHere("the topology, cluster, workloads or Services changed, not only the BGP policy");
  const hostRecord = findHostRecord(existing);
  if (!hostRecord) return notHere("the lab runs no speaker host (--no-speakers or --speaker-mode process)");
  const instances = hostedInstances(existing);
  const running = new Set(instances.map((i) => i.spec.name));
  const wanted = new Set(lab.speakers.keys());
  if (running.size !== wanted.size || [...wanted].some((n) => !running.has(n)))
    return notHere("the set of nodes that run a BGP speaker changed");
  const before = new Map<string, SpeakerConfig>();
  for (const i of instances) {
    try {
      before.set(i.spec.name, readConfigFile(i.spec.config).speaker);
    } catch (err) {
      return notHere(`node ${i.spec.name}'s speaker config cannot be read (${(err as Error).message})`);
    }
  }

  const nodes: NodeReconfigured[] = [];
  for (const i of instances) {
    const node = i.spec.name;
    const next = lab.speakers.get(node);
    const old = before.get(node);
    if (!next || !old) continue;
    const changes = speakerChanges(old, next);
    nodes.push({ node, changes });
    if (changes.every((c) => c.change.kind === "unchanged")) continue;
    host.writeConfig(i.spec.config, speakerConfigText(next));
    // A speaker stopped on purpose (`fabric bgp stop`) reads the new file when it starts.
    if (!i.running) continue;
    const r = await host.ask(hostRecord.files.socket, { op: "reload", name: node });
    if (!r.ok) {
      throw new FabricError(
        "speaker-failed",
        `node ${node}: the speaker host refused the reload: ${r.error}`,
        {
          suggestion: `see ${i.spec.log}`,
        },
      );
    }
  }
  return { done: true, nodes };
}
