/**
 * Retention: ended work is deleted RETENTION_DAYS after it ended, so the store does not grow for
 * ever and nothing is kept longer than promised: ended jobs with their problems, results and
 * idempotency keys (a replay after that is a new job), and scenarios once every variant has ended
 * that long ago (a comparison needs all of them, so they go together). Queued and running jobs are
 * never swept. The sweep runs at start and every hour, in batches so that requests are served in
 * between, then gives the freed pages back to the file system (`incremental_vacuum`).
 *
 * Large documents kept as files (staged-bodies.ts) go with their rows; files no row names go an hour
 * after they were written.
 * Stored imports (POST /v1/imports) go RETENTION_DAYS after they were made, like ended jobs.
 *
 * A tenant may have its own retention (TENANT_LIMITS `retentionDays`): it gets a sweep of its own
 * with its cutoff, and the default sweep skips it.
 */
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { ImportStore, JobStore, SweepScope } from './store.ts';

export interface RetentionPolicy {
  /** Days ended work is kept (RETENTION_DAYS). */
  readonly days: number;
  /** Tenants that keep ended work for another number of days. */
  readonly tenants?: Readonly<Record<string, number>>;
}

/** Retention is in days: an hour's lag costs nothing, and a sweep of a large store takes a moment. */
export const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** Rows per delete, so that one sweep does not hold the event loop for long. */
const BATCH = 200;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes what has expired by the store's clock; returns how many jobs and scenarios (and imports, when given) went. */
export async function sweepExpired(store: JobStore, policy: RetentionPolicy, imports?: ImportStore): Promise<{ jobs: number; scenarios: number; imports?: number }> {
  const own = Object.entries(policy.tenants ?? {});
  const swept = { jobs: 0, scenarios: 0, ...(imports ? { imports: 0 } : {}) };
  const sweeps: Array<[number, SweepScope]> = [[policy.days, { except: own.map(([tenant]) => tenant) }], ...own.map(([tenant, days]): [number, SweepScope] => [days, { only: tenant }])];
  for (const [days, scope] of sweeps) {
    const cutoff = new Date(store.now().getTime() - days * DAY_MS).toISOString();
    for (let n = await store.sweepScenarios(cutoff, BATCH, scope); n > 0; n = await store.sweepScenarios(cutoff, BATCH, scope)) {
      swept.scenarios += n;
      await yieldToRequests();
    }
    for (let n = await store.sweepJobs(cutoff, BATCH, scope); n > 0; n = await store.sweepJobs(cutoff, BATCH, scope)) {
      swept.jobs += n;
      await yieldToRequests();
    }
    for (let n = (await imports?.sweep(cutoff, BATCH, scope)) ?? 0; n > 0; n = await imports!.sweep(cutoff, BATCH, scope)) {
      swept.imports! += n;
      await yieldToRequests();
    }
  }
  if (swept.jobs + swept.scenarios + (swept.imports ?? 0) > 0) await store.vacuum();
  return swept;
}

/**
 * Large-document files no row names (a request that died between the parse thread's write and its
 * commit) go once they are this old: a younger one may belong to a request still in flight.
 */
export const ORPHAN_BODY_AGE_MS = 60 * 60 * 1000;

/** Sweeps now and every SWEEP_INTERVAL_MS (unref'd: it never keeps the process alive); `stop` ends it. */
export function startRetention(store: JobStore, policy: RetentionPolicy, log: Logger, imports?: ImportStore): { first: Promise<void>; stop: () => void } {
  const sweep = async () => {
    try {
      const swept = await sweepExpired(store, policy, imports);
      if (swept.jobs + swept.scenarios + (swept.imports ?? 0) > 0) log.info({ ...swept, retentionDays: policy.days }, 'expired jobs and scenarios deleted');
      const orphans = await store.sweepOrphanBodies(ORPHAN_BODY_AGE_MS);
      if (orphans > 0) log.info({ orphans }, 'large-document files no job names deleted');
    } catch (err) {
      // A sweep that fails (the store closing under it, its database unreachable) is retried at the next interval.
      if (store.isOpen) log.error({ err }, 'retention sweep failed');
    }
  };
  const timer = setInterval(() => void sweep(), SWEEP_INTERVAL_MS);
  timer.unref();
  return { first: sweep(), stop: () => clearInterval(timer) };
}

function yieldToRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
