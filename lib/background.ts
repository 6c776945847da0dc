// Work a request starts and does not wait for (the exam sweep): kept track of, so that whoever closes the database
// (a test's afterAll, a shutdown) can first let it finish. Closing a PostgreSQL pool while such work holds a
// transaction open waits forever: the pool ends only once every connection is handed back, and the transaction,
// whose next statement never comes, never hands its connection back.

const gl = globalThis as unknown as { __kubeclassBackground?: Set<Promise<unknown>> };
const running = (gl.__kubeclassBackground ??= new Set());

/** Runs `work` without making the caller wait; its failure is swallowed (`onError` sees it). */
export function inBackground(work: () => Promise<unknown>, onError: (e: unknown) => void = () => undefined): void {
  const p: Promise<unknown> = Promise.resolve()
    .then(work)
    .catch(onError)
    .finally(() => running.delete(p));
  running.add(p);
}

/** Resolves once no background work is running (work started meanwhile is waited for as well). */
export async function backgroundIdle(): Promise<void> {
  while (running.size) await Promise.allSettled([...running]);
}
