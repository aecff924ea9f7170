// The orchestrator's one door to host networking, so unit tests can replace it (as they replace
// the runtime) and check what deploy would wire, in which order, without root.
import { createWiring } from "../links/create.js";
import { removeWiring } from "../links/teardown.js";
import { hostRoutes, type HostRoute } from "../links/host-routes.js";
import { ensureNeighborCapacity } from "../links/neighbor-capacity.js";
import type { WiringRecord } from "../links/types.js";

export interface Wiring {
  create(record: WiringRecord): Promise<void>;
  remove(record: WiringRecord): Promise<void>;
  /** What the host already routes, which a management subnet must not overlap (none in fakes). */
  hostRoutes?(): Promise<readonly HostRoute[]>;
  /** Makes the host's neighbor tables hold this many entries; what it changed (none in fakes). */
  neighborCapacity?(entries: number): Promise<readonly string[]>;
}

export const hostWiring: Wiring = {
  create: createWiring,
  remove: removeWiring,
  hostRoutes,
  neighborCapacity: ensureNeighborCapacity,
};
