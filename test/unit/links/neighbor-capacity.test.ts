// The host's shared neighbor tables: raised to fit a lab, never lowered, in the kernel's shape.
import { describe, expect, it } from "vitest";
import { neighborEntriesFor, raisedThresholds } from "../../../src/links/neighbor-capacity.js";

describe("neighbor table thresholds", () => {
  const defaults = { gcThresh2: 512, gcThresh3: 1024 };

  it("leave a table that already fits alone", () => {
    expect(raisedThresholds(defaults, 1024)).toBeUndefined();
    expect(raisedThresholds({ gcThresh2: 100_000, gcThresh3: 200_000 }, 50_000)).toBeUndefined();
  });

  it("raise the ceiling to the next power of two and the soft limit to half of it", () => {
    expect(raisedThresholds(defaults, 1025)).toEqual({ gcThresh3: 2048, gcThresh2: 1024 });
    // 4,096 nodes: about 16,600 veth pairs (links, eth0s, cilium_host pairs, pods).
    expect(raisedThresholds(defaults, neighborEntriesFor(16_600))).toEqual({
      gcThresh3: 65536,
      gcThresh2: 32768,
    });
  });

  it("never lower a soft limit someone set higher", () => {
    expect(raisedThresholds({ gcThresh2: 3000, gcThresh3: 1024 }, 2000)).toEqual({
      gcThresh3: 2048,
      gcThresh2: 3000,
    });
  });

  it("count two entries per veth pair: the 640-node lab that stalled needs more than the default", () => {
    // 680 fabric links + 662 eth0s + 640 cilium_host pairs + 640 pods; 1,373 ARP entries were in use.
    expect(neighborEntriesFor(680 + 662 + 640 + 640)).toBeGreaterThan(1373);
    expect(raisedThresholds(defaults, neighborEntriesFor(2622))?.gcThresh3).toBe(8192);
  });
});
