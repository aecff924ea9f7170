// A speaker that exits after its Ceases waits until each peer has closed its end (it read the
// NOTIFICATION) rather than a fixed time, and no longer than the cap for a peer that never does.
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { BgpConnection, closedByPeers } from "../../../../src/bgp/session/connection.js";
import { encodeMessage, INITIAL_CONTEXT } from "../../../../src/bgp/wire/index.js";

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

/** Our end (wrapped as the speaker wraps it) and the peer's, over loopback. */
async function pair(): Promise<{ ours: BgpConnection; theirs: net.Socket }> {
  let accepted: net.Socket | undefined;
  const server = net.createServer((s) => (accepted = s));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanup.push(() => server.close());
  const port = (server.address() as net.AddressInfo).port;
  const theirs = await new Promise<net.Socket>((r) => {
    const c = net.connect({ port, host: "127.0.0.1", allowHalfOpen: true }, () => r(c));
  });
  while (!accepted) await new Promise((r) => setTimeout(r, 5));
  const socket = accepted;
  cleanup.push(
    () => socket.destroy(),
    () => theirs.destroy(),
  );
  const ours = new BgpConnection(socket, "incoming");
  ours.attach({ onMessage: () => {}, onDecodeError: () => {}, onClose: () => {} });
  return { ours, theirs };
}

const cease = encodeMessage(
  { type: "notification", code: 6, subcode: 2, data: new Uint8Array() },
  INITIAL_CONTEXT,
);

describe("waiting for peers to close after a Cease", () => {
  it("returns at once when nothing was closed", async () => {
    const t0 = performance.now();
    await closedByPeers(5_000);
    expect(performance.now() - t0).toBeLessThan(50);
  });

  it("returns once the peer has read the NOTIFICATION and closed, long before the cap", async () => {
    const { ours, theirs } = await pair();
    let received = 0;
    // The peer closes when our end arrives, as FRR does after reading a Cease.
    theirs.on("data", (d: Buffer) => (received += d.length));
    theirs.on("end", () => theirs.end());
    ours.send({ type: "notification", code: 6, subcode: 2, data: new Uint8Array() });
    const t0 = performance.now();
    ours.close();
    await closedByPeers(5_000);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(received).toBe(cease.length);
  });

  it("gives up at the cap on a peer that never closes", async () => {
    const { ours } = await pair(); // the peer neither reads to the end nor closes
    const t0 = performance.now();
    ours.close();
    await closedByPeers(150);
    const waited = performance.now() - t0;
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(waited).toBeLessThan(1_000);
  });
});
