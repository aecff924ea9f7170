#!/usr/bin/env node
// Deploy and destroy times of a topology on the netns runtime: median of N runs.
//
//   node scripts/bench-deploy.mjs [TOPOLOGY] [--runs 5] [--router router0]
//
// "Deployed" is measured until every BGP session of the given router shows Established in FRR
// (for topologies/leaf-spine.clab.yaml: router0's eBGP sessions to both ToRs). Needs root and a
// built dist/ (npm run build). Prints figures; asserts nothing.
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { describeMachine, median } from "./machine.mjs";
import { StateStore } from "../dist/state/state-store.js";
import { nodeHandle } from "../dist/state/deployed.js";
import { NetnsRuntime } from "../dist/runtime/netns/runtime.js";
import { loadLab } from "../dist/model/lab-file/load-lab.js";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { runs: { type: "string", default: "5" }, router: { type: "string", default: "router0" } },
});
const topology = positionals[0] ?? "topologies/leaf-spine.clab.yaml";
const runs = Number(values.runs);
const lab = loadLab(topology).lab;
if (!lab) throw new Error(`${topology} does not validate: run fabric validate ${topology}`);
const fabric = (...args) =>
  execFileSync(process.execPath, ["bin/fabric.js", ...args], { stdio: ["ignore", "ignore", "pipe"] });
const runtime = new NetnsRuntime();

async function established(router) {
  const state = new StateStore().read(lab.name);
  const { record } = nodeHandle(state, router);
  const r = await runtime.exec(record, ["vtysh", "-c", "show bgp summary json"]);
  if (r.exitCode !== 0) return false;
  const peers = Object.values(JSON.parse(r.stdout).ipv4Unicast?.peers ?? {});
  return peers.length > 0 && peers.every((p) => p.state === "Established");
}

const deploys = [];
const destroys = [];
for (let i = 0; i < runs; i++) {
  const t0 = performance.now();
  // --no-wait: this script measures convergence itself, for the one router it is told to watch.
  fabric("deploy", topology, "--no-wait");
  const deployed = performance.now();
  while (!(await established(values.router))) await new Promise((r) => setTimeout(r, 50));
  const converged = performance.now();
  const t1 = performance.now();
  fabric("destroy", lab.name);
  const t2 = performance.now();
  deploys.push(converged - t0);
  destroys.push(t2 - t1);
  console.log(
    `run ${i + 1}: deploy command ${((deployed - t0) / 1000).toFixed(2)} s, until ${values.router}'s sessions Established ${((converged - t0) / 1000).toFixed(2)} s, destroy ${((t2 - t1) / 1000).toFixed(2)} s`,
  );
}
console.log(`machine: ${describeMachine()}`);
console.log(`topology: ${topology} (${lab.topology.nodes.length} nodes, ${lab.topology.links.length} links)`);
console.log(
  `deploy until ${values.router}'s BGP sessions are Established: median ${(median(deploys) / 1000).toFixed(2)} s over ${runs} runs`,
);
console.log(`destroy: median ${(median(destroys) / 1000).toFixed(2)} s over ${runs} runs`);
