// Promise.all that waits for every task before failing: a deploy that fails rolls back, and the
// rollback must not race tasks still creating things (a pod still coming up, an exec line still
// running) that it would then miss or trip over.
export async function settleAll<T>(tasks: readonly Promise<T>[]): Promise<T[]> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
