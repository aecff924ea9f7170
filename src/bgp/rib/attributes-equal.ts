// Structural equality of path attributes: the Adj-RIB-Out re-announces a prefix only when
// what the peer would receive actually changed.

import type { PathAttributes } from "../model.js";

function arraysEqual<T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!eq(a[i] as T, b[i] as T)) return false;
  return true;
}

const same = <T>(x: T, y: T) => x === y;

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return arraysEqual(Array.from(a), Array.from(b), same);
}

export function attributesEqual(a: PathAttributes, b: PathAttributes): boolean {
  if (a === b) return true;
  return (
    a.origin === b.origin &&
    a.nextHop === b.nextHop &&
    a.linkLocalNextHop === b.linkLocalNextHop &&
    a.med === b.med &&
    a.localPref === b.localPref &&
    a.atomicAggregate === b.atomicAggregate &&
    a.originatorId === b.originatorId &&
    a.aggregator?.asn === b.aggregator?.asn &&
    a.aggregator?.address === b.aggregator?.address &&
    arraysEqual(a.asPath, b.asPath, (x, y) => x.type === y.type && arraysEqual(x.asns, y.asns, same)) &&
    arraysEqual(a.communities, b.communities, same) &&
    arraysEqual(
      a.largeCommunities,
      b.largeCommunities,
      (x, y) =>
        x.globalAdmin === y.globalAdmin && x.localData1 === y.localData1 && x.localData2 === y.localData2,
    ) &&
    arraysEqual(a.clusterList ?? [], b.clusterList ?? [], same) &&
    (a.clusterList === undefined) === (b.clusterList === undefined) &&
    arraysEqual(
      a.unknown,
      b.unknown,
      (x, y) => x.flags === y.flags && x.typeCode === y.typeCode && bytesEqual(x.value, y.value),
    )
  );
}
