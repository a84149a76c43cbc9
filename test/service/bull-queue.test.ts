/**
 * The BullMQ queue (jobs/bull/queue.ts) without solving: two queues as two processes would open them
 * (each its own PostgreSQL pool and Redis connections, no solve threads), on the file's own
 * PostgreSQL database and a redis-server of its own:
 *
 * - enqueueing an id BullMQ holds already is a no-op (BullMQ's job id is ours), and the refill adds
 *   only what is missing, so a job never gets two turns from the store's side;
 * - Redis restarted empty: the refill puts every queued job back, from the store;
 * - a cancel of a queued job on one process ends it at once, and the other process hears the end.
 */
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BullJobQueue } from '../../src/jobs/bull/queue.ts';
import { leaseOptions } from '../../src/jobs/open-queue.ts';
import { JobRunner } from '../../src/jobs/runner.ts';
import type { Job } from '../../src/jobs/store.ts';
import { perTenantSecrets } from '../../src/jobs/webhook-secret.ts';
import { pollUntil } from './support/app.ts';
import { startRedis, type TestRedis } from './support/redis.ts';
import { storeHarness, type OpenedStores } from './support/stores.ts';

const log = pino({ level: 'silent' });
let redis: TestRedis;
const harness = storeHarness('postgres');
const queues: BullJobQueue[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  for (const q of queues.splice(0)) await q.stop(0);
});
afterAll(async () => {
  await redis?.stop();
});

/** One process's queue on the shared store, solving nothing (concurrency 0). */
async function processQueue(prefix: string): Promise<{ stores: OpenedStores; queue: BullJobQueue }> {
  const stores = await harness.open({ pg: leaseOptions({ leaseSeconds: 30 }) });
  const runner = new JobRunner(stores.jobs, null, {
    threads: 0, hardDeadlineGraceSeconds: 1, webhookAttempts: 1, webhookBackoffMs: 1, webhookAllow: [],
    webhookSecrets: perTenantSecrets(`whsec_${Buffer.alloc(32, 1).toString('base64')}`), maxAttempts: 3, maxJobRssBytes: 2 ** 40, claims: 'external',
  }, log);
  const queue = new BullJobQueue(stores.jobs, runner, { redisUrl: redis.url, prefix, concurrency: 0, leaseMs: 30_000, refillMs: 200 }, log);
  queues.push(queue);
  return { stores, queue };
}

const newJob = (n: number) => ({ tenant: 't', problem: { n }, timeLimitSeconds: 1 });

describe('BullMQ queue on the store of record', () => {
  it('enqueues each id once however often it is enqueued, and refills from PostgreSQL after Redis restarts empty', async () => {
    const { stores, queue } = await processQueue('idem');
    const ids = [];
    for (let n = 0; n < 3; n++) ids.push((await stores.jobs.create(newJob(n))).job.id);
    await queue.start();
    // The start's refill found three queued jobs and no turns.
    expect(await queue.depth()).toBe(3);
    queue.enqueue([ids[0]!, ids[0]!, ids[1]!]);
    queue.enqueue(ids);
    // A new job enqueued after them: once it is counted, the adds before it (one connection, in order) are done.
    const fourth = (await stores.jobs.create(newJob(4))).job.id;
    queue.enqueue([fourth]);
    await pollUntil(() => queue.depth(), (n) => n >= 4, { what: 'the fourth job to be enqueued' });
    expect(await queue.depth()).toBe(4);

    await redis.restart();
    // The refill runs every 200 ms here: once the connections are back, the four are back, once each.
    await pollUntil(() => queue.depth().catch(() => -1), (n) => n === 4, { timeoutMs: 30_000, what: 'the refill after the restart' });
    expect(await queue.depth()).toBe(4);
  });

  it('a cancel on one process ends a queued job at once, and the other process hears the end', async () => {
    const a = await processQueue('cancel');
    const b = await processQueue('cancel');
    const job = (await a.stores.jobs.create(newJob(1))).job;
    await a.queue.start();
    await b.queue.start();
    const heard = new Promise<Job>((resolve) => b.queue.on('end', (ended) => {
      if (ended.id === job.id) resolve(ended);
    }));
    const cancelled = await a.queue.cancel(job.id);
    expect(cancelled?.status).toBe('cancelled');
    expect((await heard).status).toBe('cancelled');
  });
});
