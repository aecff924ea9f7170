// fabric deploy: files → model → plan → running lab. Every resource is written to the lab state
// record before it is created (state/ledger.ts), so a failure (or a kill) at any point can be
// undone by destroy.
//
// The order: refuse what cannot be deployed → images → the plan (plan/plan-deploy.ts: its stages
// and what each creates, as a value) → the executor walks it (execute/) → on failure, roll back.
import type { ClusterProvider } from "../k8s/cluster-provider.js";
import { emulatedProvider } from "../k8s/emulated/provider.js";
import { KindClusterProvider, noClusterForKind } from "../k8s/kind/cluster.js";
import { hostKind, type KindHost } from "../k8s/kind/host.js";
import { KindProvider } from "../k8s/kind/provider.js";
import type { Runtime } from "../runtime/types.js";
import type { Lab } from "../model/model.js";
import { checkDeployable } from "./deployable.js";
import { checkTaskBudget, estimateLabTasks } from "./task-budget.js";
import { readTaskLimits, type TaskLimit } from "../host/task-limits.js";
import { destroyLab, type DestroyOptions } from "./destroy.js";
import { executeDeploy, StageSkipped } from "./execute/execute.js";
import { interrupted, interruptedBy } from "../util/interrupt.js";
import { planDeploy } from "./plan/plan-deploy.js";
import type { RuntimeCapabilities } from "./plan/types.js";
import { labInfo, type DeployedNode } from "../state/lab-info.js";
import type { ProcessControl } from "../state/processes.js";
import type { Progress } from "../state/progress.js";
import { keepFailedDeployLogs, pointAtKeptLogs } from "../state/failed-deploy-logs.js";
import { LabRecord, type StateStore } from "../state/state-store.js";
import { hostWiring, type Wiring } from "../state/wiring.js";
import { FabricError } from "../errors.js";
import { hostSpeakerHost, type SpeakerHostControl } from "../k8s/speaker/host-process.js";
import type { SpeakerMode } from "../k8s/speaker/start-speakers.js";
import {
  deployInputsDigest,
  INPUTS_DIGEST_KEY,
  reconfigureInPlace,
  type NodeReconfigured,
} from "./reconfigure.js";

export interface DeployOptions {
  readonly runtime: Runtime;
  readonly store: StateStore;
  readonly progress: Progress;
  /** Destroy an existing lab of the same name first. */
  readonly reconfigure?: boolean;
  /** Host networking; replaced in unit tests. */
  readonly wiring?: Wiring;
  /** Stops recorded processes on rollback; replaced in unit tests. */
  readonly processes?: ProcessControl;
  /** Start the Kubernetes nodes' BGP speakers (default true); without, the cluster has no BGP. */
  readonly speakers?: boolean;
  /** One speaker host for the lab (default) or one speaker process per node. */
  readonly speakerMode?: SpeakerMode;
  /** The host's process and thread limits; read from /proc unless a test gives them. */
  readonly taskLimits?: () => Promise<readonly TaskLimit[]>;
  /** Starts and stops the speaker host; replaced in unit tests. */
  readonly speakerHost?: SpeakerHostControl;
  /** Who makes the lab's Kubernetes nodes; emulated unless told. */
  readonly cluster?: ClusterProvider;
  /** SIGINT/SIGTERM (util/interrupt.ts): the deploy stops between stages and rolls back. */
  readonly signal?: AbortSignal;
}

export interface DeployResult {
  readonly lab: string;
  readonly nodes: readonly DeployedNode[];
  readonly durationMs: number;
  /** --reconfigure applied only BGP policy changes to the running lab: what each session got. */
  readonly reconfigured?: readonly NodeReconfigured[];
}

export async function deployLab(lab: Lab, opts: DeployOptions): Promise<DeployResult> {
  const started = Date.now();
  const { runtime, progress } = opts;
  const provider = opts.cluster ?? emulatedProvider;
  const handlers = checkDeployable(lab);
  await provider.check(lab);
  if (opts.reconfigure) {
    const existing = opts.store.read(lab.name);
    if (existing) {
      const host = opts.speakerHost ?? hostSpeakerHost;
      const inPlace = await reconfigureInPlace(lab, existing, host, provider.name);
      if (inPlace.done) {
        progress.phase(`reconfigured the BGP speakers of lab ${lab.name} in place`);
        const durationMs = Date.now() - started;
        return { lab: lab.name, nodes: labInfo(existing).nodes, durationMs, reconfigured: inPlace.nodes };
      }
      progress.note(`--reconfigure: ${inPlace.why}: the lab is destroyed and deployed again`);
    }
  }
  // A runtime with images checks (or pulls) them all before anything is recorded or created.
  await runtime.prepare?.(
    [
      ...lab.topology.nodes.flatMap((n) => handlers.get(n.name)?.nodeSpec(lab.name, n) ?? []),
      ...(provider.imageSpecs?.(lab) ?? []),
    ],
    progress,
  );
  await handleExisting(lab.name, opts);
  const plan = planDeploy(
    lab,
    {
      provider: provider.name,
      speakers: opts.speakers ?? true,
      mgmtSubnetsInUse: mgmtSubnetsInUse(opts.store),
      hostRoutes: (await (opts.wiring ?? hostWiring).hostRoutes?.()) ?? [],
    },
    runtimeCapabilities(runtime),
  );
  // Before anything exists: a lab whose processes the host cannot hold would fail with EAGAIN
  // minutes in (task-budget.ts). Only on this host's runtime: docker's daemon forks for us too, but
  // its containers count against the same pid_max, so the check holds there as well.
  checkTaskBudget(
    lab.name,
    estimateLabTasks(lab, plan, opts.speakerMode ?? "host"),
    await (opts.taskLimits ?? readTaskLimits)(),
  );
  // Before anything exists: a lab past the host's shared neighbor tables would leave sessions in Connect.
  for (const note of (await (opts.wiring ?? hostWiring).neighborCapacity?.(plan.neighborEntries)) ?? []) {
    progress.note(note);
  }
  const record = LabRecord.begin(opts.store, {
    lab: lab.name,
    source: lab.source,
    runtime: runtime.name,
    // The inputs' digest lets a later --reconfigure tell a BGP-only change (reconfigure.ts).
    meta: { ...plan.info, [INPUTS_DIGEST_KEY]: deployInputsDigest(lab) },
  });
  opts.store.noteMgmtSubnet(lab.name, plan.mgmtSubnet);
  try {
    if (!runtime.prepare)
      progress.note(`runtime ${runtime.name}: nodes run this host's binaries; images are not pulled`);
    await executeDeploy(lab, plan, record, {
      runtime,
      wiring: opts.wiring ?? hostWiring,
      progress,
      provider,
      handlers,
      speakerMode: opts.speakerMode ?? "host",
      speakerHost: opts.speakerHost ?? hostSpeakerHost,
      ...(opts.signal && { signal: opts.signal }),
    });
    const by = interruptedBy(opts.signal);
    if (by) throw new StageSkipped("(none left)");
    record.setPhase("running");
  } catch (err) {
    record.setPhase("failed");
    const by = interruptedBy(opts.signal);
    progress.phase(by ? `${by}: rolling back the deploy` : "deploy failed; rolling back");
    // The rollback removes the lab's directory, and with it the logs the error points at.
    const kept = keepFailedDeployLogs(opts.store.root, lab.name);
    const rolledBack = await destroyLab(lab.name, destroyOptions(opts)).then(
      () => true,
      // The record stays; `fabric destroy NAME` can finish the job and will say what is left.
      () => false,
    );
    // Kept logs are named only when the lab's own directory is gone; otherwise the paths stand.
    const keptLogs = rolledBack ? kept : undefined;
    if (keptLogs)
      progress.note(`this deploy's logs are kept in ${keptLogs.dir} (until the next deploy that fails)`);
    // Interrupted: whatever a stage made of the signal (a child killed by it, a skipped stage),
    // the reason is the signal, and the answer is what is left of the lab.
    if (by) {
      throw rolledBack
        ? interrupted(by, `deploy of lab ${lab.name} interrupted; rolled back, nothing of it is left running`)
        : interrupted(
            by,
            `deploy of lab ${lab.name} interrupted; the rollback did not finish, so what its record lists is still there`,
            `run \`fabric destroy ${lab.name}\``,
          );
    }
    throw keptLogs ? pointAtKeptLogs(err, opts.store.labDir(lab.name), keptLogs) : err;
  }
  return { lab: lab.name, nodes: plan.nodes, durationMs: Date.now() - started };
}

export function runtimeCapabilities(runtime: Runtime): RuntimeCapabilities {
  return { ownManagementNetwork: runtime.managementNetwork !== undefined };
}

/**
 * Management subnets of every lab with a record, running or left over: as each deploy noted it
 * (a file of one line), or from the record of a lab deployed before deploys noted it.
 */
function mgmtSubnetsInUse(store: StateStore): Set<string> {
  return new Set(
    store
      .list()
      .map((name) => {
        const noted = store.notedMgmtSubnet(name);
        if (noted !== undefined) return noted;
        const state = store.read(name);
        return state && labInfo(state).mgmtSubnet;
      })
      .filter((s): s is string => s !== undefined),
  );
}

/**
 * The kind cluster provider for a lab, checked as soon as it is made: the CLI makes it before it
 * opens the docker runtime, so kind's missing tools are named rather than hidden behind an
 * unreachable dockerd. deployLab checks again (provider.check), for callers that made their own.
 */
export async function kindProvider(lab: Lab, host: KindHost = hostKind): Promise<ClusterProvider> {
  if (!lab.cluster) throw noClusterForKind(lab);
  const provider = new KindClusterProvider(new KindProvider({ cluster: lab.cluster }), host);
  await provider.check(lab);
  return provider;
}

/** Rollback and --reconfigure remove a kind cluster through the same host seam deploy used. */
function destroyOptions(opts: DeployOptions): DestroyOptions {
  const removal = opts.cluster?.removal;
  return { ...opts, ...(removal && { kind: removal }) };
}

async function handleExisting(name: string, opts: DeployOptions): Promise<void> {
  const existing = opts.store.read(name);
  if (!existing) return;
  if (!opts.reconfigure) {
    throw new FabricError("lab-exists", `lab ${name} is already deployed (${existing.phase})`, {
      suggestion: `run \`fabric destroy ${name}\` first, or deploy with --reconfigure`,
    });
  }
  opts.progress.phase(`destroying the existing lab ${name} (--reconfigure)`);
  await destroyLab(name, destroyOptions(opts));
}
