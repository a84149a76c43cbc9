/**
 * `territory worker`: a solve worker for the BullMQ queue (REDIS_URL, with DATABASE_URL). It serves no
 * HTTP: it opens the shared PostgreSQL store, warms its own piscina pool (POOL_SIZE threads, one per
 * core by default), and takes BullMQ turns with as many at once as it has threads; each turn claims
 * the store's next job (fair between tenants, their caps counted across every process) and solves
 * it, writing progress and the result to the store (jobs/bull/queue.ts). Start as many as there are
 * machines to solve on; `territory serve` with WORKERS=0 then runs the API without solving.
 *
 * With METRICS_PORT it also serves GET /health and GET /metrics (worker-http.ts).
 *
 * SIGTERM or SIGINT: takes no new job, gives running ones SHUTDOWN_GRACE_SECONDS, then requeues the
 * rest (another worker runs them). A worker killed outright is recovered by the others: its jobs run
 * again elsewhere once its lease (LEASE_SECONDS) has passed, counted against MAX_ATTEMPTS.
 */
import { pino, type Logger } from 'pino';
import { ConfigError, type Config } from './config.ts';
import { describeRedis } from './jobs/bull/connection.ts';
import { leaseOptions, openQueue } from './jobs/open-queue.ts';
import { openStores } from './jobs/open-stores.ts';
import { loadServiceSecret, perTenantSecrets } from './jobs/webhook-secret.ts';
import { startWorkerHttp } from './worker-http.ts';
import { createSolvePool, warmPool } from './workers/pool.ts';

export const WORKER_USAGE = '  territory worker             solve jobs from the BullMQ queue (REDIS_URL, DATABASE_URL; POOL_SIZE threads)';

/** Runs until `stopped` resolves (a signal, by default); returns the exit code. */
export async function runWorker(config: Config, stopped: Promise<string> = signalled(), log: Logger = pino({ level: config.logLevel })): Promise<number> {
  if (config.redisUrl === null) throw new ConfigError('territory worker needs REDIS_URL (the BullMQ queue) and DATABASE_URL (the store of record); see docs/operations.md');
  const stores = await openStores(config, { log, pg: leaseOptions(config) });
  const threads = config.poolSize;
  const pool = createSolvePool({ threads, modelPairBudget: config.modelPairBudget });
  try {
    await warmPool(pool, threads);
    // The same per-tenant signing as the API's: set WEBHOOK_SECRET alike on every process.
    const webhookSecrets = perTenantSecrets(loadServiceSecret(config, log));
    const queue = openQueue({ config, store: stores.jobs, keys: stores.keys, pool, concurrency: threads, webhookSecrets, log });
    // Before the queue takes work: a port that is taken fails the start with nothing running.
    const http = config.metricsPort === null ? null : await startWorkerHttp(queue, pool, { port: config.metricsPort, host: config.host ?? '127.0.0.1', metricsKey: config.metricsKey });
    await queue.start();
    log.info({ threads, redis: describeRedis(config.redisUrl), store: stores.jobs.describe(), metricsPort: config.metricsPort }, 'territory worker ready');
    const signal = await stopped;
    log.info({ signal, graceSeconds: config.shutdownGraceSeconds }, 'worker shutting down');
    await queue.stop(config.shutdownGraceSeconds * 1000);
    await new Promise((resolve) => (http ? http.close(resolve) : resolve(undefined)));
    return 0;
  } finally {
    await pool.destroy();
    await stores.close();
  }
}

function signalled(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
}
