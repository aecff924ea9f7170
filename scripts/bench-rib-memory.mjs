#!/usr/bin/env node --expose-gc
// Heap bytes per route kept in the RIB (Adj-RIB-In + Loc-RIB), against dist/ (npm run build).
// Run: node --expose-gc scripts/bench-rib-memory.mjs [prefixes=300000] [prefixes-per-update=800]
// Routes arrive as the codec hands them over: one attributes object per UPDATE, shared by its
// NLRI, a fresh one for every UPDATE although the peer sends the same attributes each time.
// Then the session drops and the heap should come back to where it started.
import path from "node:path";
import { fileURLToPath } from "node:url";

if (typeof globalThis.gc !== "function") {
  console.error("run with node --expose-gc");
  process.exit(2);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { Rib } = await import(path.join(root, "dist/bgp/rib/index.js"));
const N = Number(process.argv[2] ?? 300_000);
const PER = Number(process.argv[3] ?? 800);
const PEER = "10.99.0.3";

function heap() {
  for (let i = 0; i < 4; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** What decodeMessage returns for one UPDATE's attributes: a new object each time. */
function attributes() {
  return {
    origin: 0,
    asPath: [{ type: 2, asns: [65020] }],
    nextHop: "10.99.0.3",
    atomicAggregate: false,
    communities: [],
    largeCommunities: [],
    unknown: [],
  };
}

function prefix(i) {
  return { afi: "ipv4", address: `${11 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0`, length: 24 };
}

const rib = new Rib({ localAsn: 65001 });
const before = heap();
rib.peerUp({ address: PEER, bgpId: PEER, asn: 65020, ebgp: true }, { mode: "import", maxPrefixes: N });
const t0 = performance.now();
let now = Date.now();
for (let i = 0; i < N; i += PER) {
  const attrs = attributes();
  const announced = [];
  for (let j = i; j < Math.min(N, i + PER); j++) announced.push({ prefix: prefix(j), attributes: attrs });
  const result = rib.receive(PEER, { announced, withdrawn: [] }, now++);
  if (result.overLimit) throw new Error("limit hit");
}
const ingestMs = performance.now() - t0;
const full = heap();
const t1 = performance.now();
rib.peerDown(PEER, false);
const dropMs = performance.now() - t1;
const after = heap();
const kept = rib.locRib.size;
console.log(
  `${N} prefixes (${PER} per UPDATE): ${((full - before) / N).toFixed(0)} heap bytes/route, ` +
    `ingest ${ingestMs.toFixed(0)} ms, session drop ${dropMs.toFixed(0)} ms; ` +
    `heap ${(before / 2 ** 20).toFixed(1)} MiB -> ${(full / 2 ** 20).toFixed(1)} MiB -> ${(after / 2 ** 20).toFixed(1)} MiB after the drop (Loc-RIB ${kept} prefixes)`,
);
