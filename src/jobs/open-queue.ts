/**
 * Picks the work queue from the configuration, for the API process (plugins/services.ts) and for
 * `territory worker` (worker.ts) alike: the in-process runner, or with REDIS_URL BullMQ with the
 * runner solving the jobs this process's BullMQ worker claims. Either way the runner does the
 * solving, the webhooks and crash recovery (runner.ts, recovery.ts).
 */
import type { FastifyBaseLogger as Logger } from 'fastify';
import type { KeyStore } from '../auth/key-store.ts';
import { runningCapOf } from '../auth/tenant-limits.ts';
import type { Config } from '../config.ts';
import type { SolvePool } from '../workers/pool.ts';
import { BullJobQueue } from './bull/queue.ts';
import type { OpenOptions } from './open-stores.ts';
import type { JobQueue } from './queue.ts';
import { JobRunner } from './runner.ts';
import type { JobStore } from './store.ts';
import type { WebhookSecrets } from './webhook-secret.ts';

export interface QueueParts {
  readonly config: Config;
  readonly store: JobStore;
  readonly keys: KeyStore;
  /** Null when this process solves nothing (WORKERS=0). */
  readonly pool: SolvePool | null;
  /** Jobs this process solves at once. */
  readonly concurrency: number;
  readonly webhookSecrets: WebhookSecrets;
  readonly log: Logger;
}

export function openQueue(parts: QueueParts): JobQueue {
  const { config, store, keys, log } = parts;
  const runningCaps = async () => {
    const secured = (await keys.activeCount()) > 0;
    return (tenant: string) => runningCapOf(config, tenant, secured, config.redisUrl !== null);
  };
  const leaseMs = config.leaseSeconds * 1000;
  const runner = new JobRunner(store, parts.pool, {
    threads: parts.concurrency,
    hardDeadlineGraceSeconds: config.hardDeadlineGraceSeconds,
    webhookAttempts: config.webhookAttempts,
    webhookBackoffMs: config.webhookBackoffMs,
    webhookAllow: config.webhookAllowHosts,
    webhookSecrets: parts.webhookSecrets,
    maxAttempts: config.maxAttempts,
    maxJobRssBytes: config.maxJobRssBytes,
    runningCaps,
    claims: config.redisUrl === null ? 'self' : 'external',
    // Half a lease: a job whose process died is requeued within 1.5 leases of its last heartbeat.
    recoverEveryMs: Math.min(15_000, leaseMs / 2),
  }, log);
  if (config.redisUrl === null) return runner;
  return new BullJobQueue(store, runner, { redisUrl: config.redisUrl, prefix: config.redisPrefix, concurrency: parts.concurrency, leaseMs, runningCaps }, log);
}

/** The PostgreSQL store's heartbeat and lease from LEASE_SECONDS (six beats to a lease). */
export function leaseOptions(config: Pick<Config, 'leaseSeconds'>): NonNullable<OpenOptions['pg']> {
  return { leaseMs: config.leaseSeconds * 1000, heartbeatMs: Math.max(200, (config.leaseSeconds * 1000) / 6) };
}
