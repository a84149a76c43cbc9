/**
 * Our services as named plugins on the Fastify instance: the config, the stores (jobs, imports and
 * API keys, in SQLite or PostgreSQL: jobs/open-stores.ts) and their retention sweeps, the webhook
 * secrets, the solve pools and the work queue (the in-process runner, or BullMQ: jobs/open-queue.ts). Each owns its resource's life: created here, closed on
 * onClose.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import type { KeyStore } from '../auth/key-store.ts';
import { leaseOptions, openQueue } from '../jobs/open-queue.ts';
import { openStores } from '../jobs/open-stores.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { startRetention } from '../jobs/retention.ts';
import type { ImportStore, JobStore } from '../jobs/store.ts';
import { loadServiceSecret, perTenantSecrets, type WebhookSecrets } from '../jobs/webhook-secret.ts';
import { createSolvePool, warmedThreads, warmPool, type SolvePool } from '../workers/pool.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    store: JobStore;
    /** Stored imports (POST /v1/imports), beside the jobs. */
    imports: ImportStore;
    /** API keys, beside the jobs (plugins/auth.ts checks them). */
    keys: KeyStore;
    /** Threads for jobs; null when this process solves none (WORKERS=0). */
    pool: SolvePool | null;
    /** A separate thread for synchronous solves, so they never wait behind long jobs. */
    syncPool: SolvePool;
    /** The work queue: the in-process runner, or BullMQ with REDIS_URL (jobs/queue.ts). */
    queue: JobQueue;
    /** Which secret signs a job's webhook. */
    webhookSecrets: WebhookSecrets;
    /** False once shutdown has begun. */
    accepting: boolean;
  }
}

export const configPlugin = fp(async (app: FastifyInstance, opts: { config: Config }) => {
  app.decorate('config', opts.config);
  app.decorate('accepting', true);
}, { name: 'config' });

export const storePlugin = fp(async (app: FastifyInstance) => {
  const stores = await openStores(app.config, { log: app.log, pg: leaseOptions(app.config) });
  app.log.info({ ...stores.jobs.describe(), migrations: stores.jobs.migrations }, 'job store open');
  app.decorate('store', stores.jobs);
  app.decorate('imports', stores.imports);
  app.decorate('keys', stores.keys);
  app.addHook('onClose', async () => stores.close());
}, { name: 'store', dependencies: ['config'] });

/**
 * Before the pools: a bad secret file fails the start before any thread is spawned. Per-tenant
 * Each tenant signs with its own secret, derived from the service's (see jobs/webhook-secret.ts).
 */
export const webhookSecretsPlugin = fp(async (app: FastifyInstance) => {
  app.decorate('webhookSecrets', perTenantSecrets(loadServiceSecret(app.config, app.log)));
}, { name: 'webhook-secrets', dependencies: ['config'] });

/** Sweeps expired work once before the service is ready, then every hour (src/jobs/retention.ts). */
export const retentionPlugin = fp(async (app: FastifyInstance) => {
  let retention: ReturnType<typeof startRetention> | undefined;
  app.addHook('onReady', async () => {
    const tenants = Object.fromEntries(Object.entries(app.config.tenantLimits).flatMap(([tenant, l]) => (l.retentionDays === undefined ? [] : [[tenant, l.retentionDays]])));
    retention = startRetention(app.store, { days: app.config.retentionDays, tenants }, app.log, app.imports);
    await retention.first;
  });
  app.addHook('onClose', async () => retention?.stop());
}, { name: 'retention', dependencies: ['store'] });

export const poolPlugin = fp(async (app: FastifyInstance) => {
  const threads = app.config.workers;
  const pool = threads > 0 ? createSolvePool({ threads, modelPairBudget: app.config.modelPairBudget }) : null;
  const syncPool = createSolvePool({ threads: app.config.syncPoolSize, modelPairBudget: app.config.modelPairBudget });
  app.decorate('pool', pool);
  app.decorate('syncPool', syncPool);
  const destroy = () => Promise.all([pool?.destroy(), syncPool.destroy()]);
  app.addHook('onClose', async () => {
    await destroy();
  });
  // Every thread warms itself as it loads (the first HiGHS solve in a thread is 1-2 s slower);
  // the service is ready once the first ones have. Replacements of terminated threads are logged.
  for (const [name, p, count] of [['jobs', pool, threads], ['sync', syncPool, app.config.syncPoolSize]] as const) {
    p?.on('message', (message: { territoryWarmed?: { ms: number } }) => {
      if (message?.territoryWarmed && warmedThreads(p) > count) app.log.info({ pool: name, warmUpMs: message.territoryWarmed.ms, warmed: warmedThreads(p) }, 'replacement solve thread warm');
    });
  }
  try {
    await Promise.all([pool ? warmPool(pool, threads) : undefined, warmPool(syncPool, app.config.syncPoolSize)]);
  } catch (err) {
    await destroy();
    throw err;
  }
  app.log.info({ threads, syncThreads: app.config.syncPoolSize }, 'solve pools warm');
}, { name: 'pool', dependencies: ['config'] });

export const queuePlugin = fp(async (app: FastifyInstance) => {
  const queue = openQueue({ config: app.config, store: app.store, keys: app.keys, pool: app.pool, concurrency: app.config.workers, webhookSecrets: app.webhookSecrets, log: app.log });
  app.decorate('queue', queue);
  app.addHook('onReady', async () => queue.start());
  // preClose runs before Fastify waits for open connections, so the grace period starts at the
  // signal: running jobs get SHUTDOWN_GRACE_SECONDS, then go back to the queue; event streams end.
  app.addHook('preClose', async () => {
    app.accepting = false;
    await queue.stop(app.config.shutdownGraceSeconds * 1000);
  });
}, { name: 'queue', dependencies: ['store', 'pool', 'webhook-secrets', 'auth'] });
