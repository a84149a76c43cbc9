/**
 * Retention: ended work is deleted RETENTION_DAYS after it ended, so the store does not grow for
 * ever and nothing is kept longer than promised: ended jobs with their problems, results and
 * idempotency keys (a replay after that is a new job), and scenarios once every variant has ended
 * that long ago (a comparison needs all of them, so they go together). Queued and running jobs are
 * never swept. The sweep runs at start and every hour, in batches so that requests are served in
 * between, then gives the freed pages back to the file system (`incremental_vacuum`).
 *
 * Tenants are being built separately; when jobs carry one, a per-tenant retention is a policy with
 * overrides: one sweep per overriding tenant with its own cutoff, and the default sweep skipping
 * those tenants (a tenant condition in JobStore.sweepJobs/sweepScenarios). The cutoff is computed
 * here, from the store's clock, in one place for that reason.
 */
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { JobStore } from './store.ts';

export interface RetentionPolicy {
  /** Days ended work is kept (RETENTION_DAYS). */
  readonly days: number;
}

/** Retention is in days: an hour's lag costs nothing, and a sweep of a large store takes a moment. */
export const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
/** Rows per delete, so that one sweep does not hold the event loop for long. */
const BATCH = 200;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes what has expired by the store's clock; returns how many jobs and scenarios went. */
export async function sweepExpired(store: JobStore, policy: RetentionPolicy): Promise<{ jobs: number; scenarios: number }> {
  const cutoff = new Date(store.now().getTime() - policy.days * DAY_MS).toISOString();
  const swept = { jobs: 0, scenarios: 0 };
  for (let n = store.sweepScenarios(cutoff, BATCH); n > 0; n = store.sweepScenarios(cutoff, BATCH)) {
    swept.scenarios += n;
    await yieldToRequests();
  }
  for (let n = store.sweepJobs(cutoff, BATCH); n > 0; n = store.sweepJobs(cutoff, BATCH)) {
    swept.jobs += n;
    await yieldToRequests();
  }
  if (swept.jobs + swept.scenarios > 0) store.vacuum();
  return swept;
}

/** Sweeps now and every SWEEP_INTERVAL_MS (unref'd: it never keeps the process alive); `stop` ends it. */
export function startRetention(store: JobStore, policy: RetentionPolicy, log: Logger): { first: Promise<void>; stop: () => void } {
  const sweep = async () => {
    try {
      const swept = await sweepExpired(store, policy);
      if (swept.jobs + swept.scenarios > 0) log.info({ ...swept, retentionDays: policy.days }, 'expired jobs and scenarios deleted');
    } catch (err) {
      // A sweep that fails (the store closing under it) is retried at the next interval.
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
