// Building rows from the speaker's state: RIB views in, Cilium-shaped rows out. Pure, so the
// same code serves the control socket and the tests.

import type { FsmState } from "../fsm/index.js";
import type { RouteView } from "../rib/index.js";
import type { RouteRow, SessionStateName } from "./types.js";

export function sessionStateName(state: FsmState["name"]): SessionStateName {
  return state.toLowerCase() as SessionStateName;
}

export function routeRow(node: string, vrouter: number, view: RouteView, peer?: string): RouteRow {
  return {
    node,
    vrouter,
    ...(peer === undefined ? {} : { peer }),
    afi: view.afi,
    prefix: view.prefix,
    nextHop: view.nextHop,
    ageMs: view.ageMs,
    best: view.best,
    from: view.from,
    origin: view.origin,
    asPath: view.asPath,
    ...(view.localPref === undefined ? {} : { localPref: view.localPref }),
    ...(view.med === undefined ? {} : { med: view.med }),
    communities: view.communities,
    largeCommunities: view.largeCommunities,
    stale: view.stale,
  };
}
