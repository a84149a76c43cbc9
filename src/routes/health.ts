/**
 * Liveness, readiness and Prometheus metrics.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { Errors } from '../errors.ts';
import { internalError, json, media, problemDetails } from '../http/responses.ts';
import { healthSchema, metricsSchema, readySchema } from '../http/schemas.ts';
import { JOB_STATUSES } from '../jobs/store.ts';

// These routes read no input, so the only errors they can answer are the service's own (5xx).
export default async function healthRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/health', {
    schema: { summary: 'Liveness', tags: ['health'], security: [], response: { 200: json('The process is up (readiness is /ready).', healthSchema), 500: internalError } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/ready', {
    schema: {
      summary: 'Readiness: store open, pool up, accepting work',
      tags: ['health'],
      security: [],
      response: {
        200: json('Ready for work: threads, queue depth and running jobs.', readySchema),
        500: internalError,
        503: problemDetails('TD_ERR_NOT_READY: shutting down, the job store is closed or its database (DATABASE_URL) cannot be reached, the queue\'s Redis (REDIS_URL) cannot be reached, or no solve thread is up (Retry-After: 5).'),
      },
    },
  }, async () => {
    if (!app.accepting) throw new Errors.NotReady('shutting down');
    if (!app.store.isOpen) throw new Errors.NotReady('job store closed');
    // WORKERS=0: this process serves the API only, and has no job threads to wait for.
    const threads = app.pool?.threads.length ?? 0;
    if (app.config.workers > 0 && threads === 0) throw new Errors.NotReady('no solve threads');
    let queued: number;
    try {
      await app.store.ping();
      queued = await app.store.queuedCount();
    } catch {
      throw new Errors.NotReady(`the job store's database (${app.store.backend}) cannot be reached`);
    }
    try {
      await app.queue.ping();
    } catch {
      throw new Errors.NotReady('the queue\'s Redis (REDIS_URL) cannot be reached');
    }
    return { status: 'ready' as const, threads, queued, running: app.queue.running };
  });

  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'territory_process_' });
  new Gauge({
    name: 'territory_jobs', help: 'Jobs in the store by status', labelNames: ['status'], registers: [registry],
    async collect() {
      // A store that cannot answer leaves the last figures: /metrics itself must not fail (/ready says why).
      const counts = await app.store.countByStatus().catch(() => undefined);
      if (counts) for (const s of JOB_STATUSES) this.set({ status: s }, counts[s]);
    },
  });
  // In-process: the store's queued jobs; with BullMQ: its waiting turns (jobs/bull/queue.ts).
  new Gauge({ name: 'territory_queue_depth', help: 'Jobs waiting for a thread (with REDIS_URL: BullMQ\'s waiting jobs)', registers: [registry], async collect() { const n = await app.queue.depth().catch(() => undefined); if (n !== undefined) this.set(n); } });
  new Gauge({ name: 'territory_jobs_running', help: 'Jobs on this process\'s threads now', registers: [registry], collect() { this.set(app.queue.running); } });
  new Gauge({ name: 'territory_pool_utilization', help: 'Share of the job pool\'s capacity in use (piscina)', registers: [registry], collect() { this.set(app.pool?.utilization ?? 0); } });
  new Gauge({ name: 'territory_pool_threads', help: 'Threads in the job pool', registers: [registry], collect() { this.set(app.pool?.threads.length ?? 0); } });
  // Counters read from the store (it counts them): the average batch is writes / commits.
  new Gauge({ name: 'territory_store_group_commits_total', help: 'Group commits of submissions (each one fsync)', registers: [registry], collect() { this.set(app.store.commitStats().batches); } });
  new Gauge({ name: 'territory_store_group_commit_writes_total', help: 'Submissions stored by group commits', registers: [registry], collect() { this.set(app.store.commitStats().writes); } });
  const solveSeconds = new Histogram({
    name: 'territory_solve_seconds', help: 'Wall time of finished jobs', labelNames: ['status'], registers: [registry],
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800],
  });
  app.queue.on('end', (job, elsewhere) => {
    if (elsewhere) return;
    if (job.startedAt && job.finishedAt) solveSeconds.observe({ status: job.status }, (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000);
  });

  app.get('/metrics', {
    schema: {
      summary: 'Prometheus metrics',
      tags: ['health'],
      response: { 200: media('Metrics in the Prometheus text format.', { 'text/plain': { schema: metricsSchema } }), 500: internalError },
    },
  }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
}
