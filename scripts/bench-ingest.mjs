#!/usr/bin/env node
// Event-loop delay while one peer floods a speaker, against dist/ (npm run build). No privileges:
// the speaker and a raw BGP peer run in this process over loopback (peer on 127.0.0.2); a second
// peer (on ::1) keeps a 3 s hold-time session that must stay up. Reports, for routes rejected
// (Cilium's default) and imported, the time to take the flood and the event-loop delay p99/max
// measured with perf_hooks.monitorEventLoopDelay (10 ms resolution), plus the longest GC pause.
// Run: node scripts/bench-ingest.mjs [prefixes=1000000]
import net from "node:net";
import path from "node:path";
import { PerformanceObserver, monitorEventLoopDelay } from "node:perf_hooks";
import { clearInterval, setImmediate, setInterval } from "node:timers";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { Speaker, MemoryLogger } = await import(path.join(root, "dist/bgp/speaker/index.js"));
const { Framer, MODERN_CONTEXT, decodeMessage, encodeMessage } = await import(
  path.join(root, "dist/bgp/wire/index.js")
);
const N = Number(process.argv[2] ?? 1_000_000);
const PER_UPDATE = 1000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function open(asn, bgpId) {
  return encodeMessage(
    {
      type: "open",
      version: 4,
      myAs: asn,
      holdTime: 3,
      bgpId,
      capabilities: [
        { type: "multiprotocol", afiSafi: { afi: 1, safi: 1 } },
        { type: "four-octet-as", asn },
      ],
    },
    MODERN_CONTEXT,
  );
}
const KEEPALIVE = encodeMessage({ type: "keepalive" }, MODERN_CONTEXT);

/** A peer that answers the speaker's OPEN and KEEPALIVEs, counting what it gets. */
async function rawPeer(host, asn, bgpId) {
  const state = { socket: undefined, keepalives: 0, notifications: 0, established: false };
  const server = net.createServer((socket) => {
    state.socket = socket;
    const framer = new Framer();
    socket.on("data", (chunk) => {
      for (const f of framer.push(chunk)) {
        const m = decodeMessage(f, MODERN_CONTEXT);
        if (m.type === "open") socket.write(open(asn, bgpId));
        if (m.type === "keepalive") {
          if (!state.established) {
            socket.write(KEEPALIVE);
            // Our side of the 3 s hold time: a KEEPALIVE every second.
            state.timer = setInterval(() => socket.write(KEEPALIVE), 1000);
          }
          state.established = true;
          state.keepalives++;
        }
        if (m.type === "notification") state.notifications++;
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise((r) => server.listen({ host, port: 0 }, r));
  state.port = server.address().port;
  state.close = () =>
    new Promise((r) => {
      clearInterval(state.timer);
      state.socket?.destroy();
      server.close(() => r());
    });
  return state;
}

function floodMessages() {
  const attributes = {
    origin: 0,
    asPath: [{ type: 2, asns: [65002] }],
    nextHop: "192.0.2.1",
    atomicAggregate: false,
    communities: [],
    largeCommunities: [],
    unknown: [],
  };
  const out = [];
  for (let i = 0; i < N; i += PER_UPDATE) {
    const nlri = [];
    for (let j = i; j < Math.min(N, i + PER_UPDATE); j++)
      nlri.push({ afi: "ipv4", address: `${11 + (j >> 16)}.${(j >> 8) & 255}.${j & 255}.0`, length: 24 });
    out.push(encodeMessage({ type: "update", withdrawnRoutes: [], attributes, nlri }, MODERN_CONTEXT));
  }
  // Writes of 16 whole UPDATEs (~64 KiB): the KEEPALIVEs this peer sends every second go in
  // between messages, never inside one.
  const writes = [];
  for (let i = 0; i < out.length; i += 16) writes.push(Buffer.concat(out.slice(i, i + 16)));
  return writes;
}

async function run(inbound, flood) {
  const steady = await rawPeer("::1", 65003, "10.0.0.3");
  const flooder = await rawPeer("127.0.0.2", 65002, "10.0.0.2");
  const timers = { connectRetryTimeSeconds: 1, holdTimeSeconds: 3, keepAliveTimeSeconds: 1 };
  const peer = (name, address, peerASN, peerPort, extra = {}) => ({
    name,
    address,
    peerASN,
    peerPort,
    timers,
    ebgpMultihop: 1,
    families: [{ afi: "ipv4", safi: "unicast", advertisements: [] }],
    ...extra,
  });
  const peers = [
    peer("steady", "::1", 65003, steady.port),
    peer("flooder", "127.0.0.2", 65002, flooder.port, inbound ? { inbound } : {}),
  ];
  const speaker = new Speaker(
    { node: "bench", instances: [{ name: "i", localASN: 65001, routerId: "10.0.0.1", peers }] },
    { log: new MemoryLogger(), addresses: () => [] },
  );
  await speaker.start();
  while (!(steady.established && flooder.established)) await sleep(10);
  const received = () => speaker.peerRows().find((p) => p.peerName === "flooder")?.received ?? 0;
  let gcMax = 0;
  const gcs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMax = Math.max(gcMax, e.duration);
  });
  gcs.observe({ entryTypes: ["gc"] });
  const heapBefore = process.memoryUsage().heapUsed;
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const t0 = performance.now();
  // Yielding between writes, as bytes from another process arrive: one 4 MiB write would be
  // this script's own stall (the loopback copies it within the call).
  for (const chunk of flood) {
    if (!flooder.socket.write(chunk)) await new Promise((r) => flooder.socket.once("drain", r));
    else await new Promise((r) => setImmediate(r));
  }
  while (received() < N) await sleep(20);
  const ms = performance.now() - t0;
  delay.disable();
  gcs.disconnect();
  const heapAfter = process.memoryUsage().heapUsed;
  const state = speaker.peerRows().find((p) => p.peerName === "steady")?.state;
  await speaker.shutdown();
  await steady.close();
  await flooder.close();
  return {
    mode: inbound ? `imported (limit ${inbound.maxPrefixes})` : "rejected (default)",
    ms,
    p99: delay.percentile(99) / 1e6,
    max: delay.max / 1e6,
    gcMax,
    heapMiB: (heapAfter - heapBefore) / 2 ** 20,
    steady: state,
  };
}

const flood = floodMessages();
const bytes = flood.reduce((n, b) => n + b.length, 0);
console.log(
  `flood: ${N} IPv4 prefixes in ${Math.ceil(N / PER_UPDATE)} UPDATEs (${(bytes / 2 ** 20).toFixed(1)} MiB)`,
);
for (const inbound of [undefined, { mode: "import", maxPrefixes: N }]) {
  const r = await run(inbound, flood);
  console.log(
    `${r.mode}: taken in ${r.ms.toFixed(0)} ms; event-loop delay p99 ${r.p99.toFixed(1)} ms, max ${r.max.toFixed(1)} ms; ` +
      `longest GC pause ${r.gcMax.toFixed(1)} ms; heap +${r.heapMiB.toFixed(0)} MiB; other session: ${r.steady}`,
  );
}
