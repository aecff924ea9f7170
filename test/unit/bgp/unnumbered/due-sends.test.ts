import { describe, expect, it } from "vitest";
import { RA_INTERVAL_MS, dueSends } from "../../../../src/bgp/speaker/router-adverts.js";

describe("what a link sends on a poll", () => {
  it("sends its solicitation and an RA at first, then an RA every interval", () => {
    expect(dueSends({ solicited: false }, 0)).toEqual({ solicit: true, advertise: true });
    const sent = { solicited: true, advertisedAt: 1_000 };
    expect(dueSends(sent, 2_000)).toEqual({ solicit: false, advertise: false });
    expect(dueSends(sent, 1_000 + RA_INTERVAL_MS)).toEqual({ solicit: false, advertise: true });
  });

  it("tries a failed send again on the next poll, not an interval later", () => {
    // The link-local address was still tentative: neither send went out.
    expect(dueSends({ solicited: false }, 1_000)).toEqual({ solicit: true, advertise: true });
    // The solicitation went out, the RA did not.
    expect(dueSends({ solicited: true }, 2_000)).toEqual({ solicit: false, advertise: true });
  });
});
