#!/usr/bin/env node
// Deploy and destroy times of one topology on the netns and the docker runtime: median of N runs.
//
//   node scripts/bench-runtimes.mjs [TOPOLOGY] [--runs 5] [--router router0] [--image fabric-frr:bookworm]
//
// "Deployed" is measured until every BGP session of the given router shows Established in FRR
// (for topologies/leaf-spine.clab.yaml: router0's eBGP sessions to both ToRs). On docker every
// node runs from --image (a copy of the topology with each node's `image` set to it); the image
// must already be in dockerd (scripts/build-images.sh), so no pull is timed, and dockerd must be
// running. Needs root and a built dist/ (npm run build). Prints figures; asserts nothing.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseDocument } from "yaml";
import { describeMachine, median } from "./machine.mjs";
import { openRuntime } from "../dist/cli/runtime-choice.js";
import { nodeHandle } from "../dist/state/deployed.js";
import { StateStore } from "../dist/state/state-store.js";
import { dockerodeApi } from "../dist/runtime/docker/dockerode-api.js";
import { loadLab } from "../dist/model/lab-file/load-lab.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: "string", default: "5" },
    router: { type: "string", default: "router0" },
    image: { type: "string", default: "fabric-frr:bookworm" },
  },
});
const topology = positionals[0] ?? "topologies/leaf-spine.clab.yaml";
const runs = Number(values.runs);
const lab = loadLab(topology).lab;
if (!lab) throw new Error(`${topology} does not validate: run fabric validate ${topology}`);

const fabric = (...args) =>
  execFileSync(process.execPath, ["bin/fabric.js", ...args], { stdio: ["ignore", "ignore", "pipe"] });
// A deploy that waits for every session itself would never return for labs whose servers run
// no BGP; the timing below does its own waiting, on the router asked for.
const noWait = execFileSync(process.execPath, ["bin/fabric.js", "deploy", "--help"], {
  encoding: "utf8",
}).includes("--no-wait")
  ? ["--no-wait"]
  : [];

/** A copy of the topology with every node's image set, for the docker runtime. */
function withImage(image) {
  const doc = parseDocument(readFileSync(topology, "utf8"));
  for (const name of Object.keys(doc.getIn(["topology", "nodes"])?.toJSON() ?? {})) {
    doc.setIn(["topology", "nodes", name, "image"], image);
  }
  const dir = mkdtempSync(join(tmpdir(), "fabric-bench-"));
  const file = join(dir, "topo.clab.yaml");
  writeFileSync(file, doc.toString());
  return { file, dir };
}

async function established(runtime, router) {
  const state = new StateStore().read(lab.name);
  const { record } = nodeHandle(state, router);
  const r = await runtime.exec(record, ["vtysh", "-c", "show bgp summary json"]);
  if (r.exitCode !== 0) return false;
  const peers = Object.values(JSON.parse(r.stdout).ipv4Unicast?.peers ?? {});
  return peers.length > 0 && peers.every((p) => p.state === "Established");
}

async function bench(runtimeName, file) {
  const runtime = await openRuntime(runtimeName);
  const deploys = [];
  const destroys = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fabric("deploy", file, "--runtime", runtimeName, ...noWait);
    const deployed = performance.now();
    while (!(await established(runtime, values.router))) await new Promise((r) => setTimeout(r, 50));
    const converged = performance.now();
    fabric("destroy", lab.name);
    const t2 = performance.now();
    deploys.push(converged - t0);
    destroys.push(t2 - converged);
    console.log(
      `${runtimeName} run ${i + 1}: deploy command ${s(deployed - t0)}, until ${values.router}'s sessions Established ${s(converged - t0)}, destroy ${s(t2 - converged)}`,
    );
  }
  return { deploy: median(deploys), destroy: median(destroys) };
}

const s = (ms) => `${(ms / 1000).toFixed(2)} s`;

const api = dockerodeApi();
await api.ping().catch((err) => {
  throw new Error(`dockerd does not answer (${err.message}): start it first (e.g. systemctl start docker)`);
});
if (!(await api.inspectImage(values.image))) {
  throw new Error(
    `dockerd has no image ${values.image}: build it first with scripts/build-images.sh ${values.image}`,
  );
}
const copy = withImage(values.image);
try {
  const netns = await bench("netns", topology);
  const docker = await bench("docker", copy.file);
  console.log(`machine: ${describeMachine()}`);
  console.log(
    `topology: ${topology} (${lab.topology.nodes.length} nodes, ${lab.topology.links.length} links); docker image ${values.image}`,
  );
  console.log(`median over ${runs} runs        deploy until ${values.router} Established   destroy`);
  for (const [name, r] of [
    ["netns", netns],
    ["docker", docker],
  ]) {
    console.log(`  ${name.padEnd(28)}${s(r.deploy).padEnd(36)}${s(r.destroy)}`);
  }
} finally {
  rmSync(copy.dir, { recursive: true, force: true });
}
