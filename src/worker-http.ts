/**
 * `territory worker`'s own HTTP, when METRICS_PORT is set: GET /health (liveness, as the API's: the
 * container image's HEALTHCHECK asks it) and GET /metrics (Prometheus, behind METRICS_KEY when that is
 * set): this worker's running jobs, its pool's threads and utilisation, and BullMQ's queue depth.
 * Nothing else: a worker takes no requests. node:http, not Fastify: two fixed routes and no body.
 */
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { bearerToken, sameSecret } from './auth/api-keys.ts';
import { Errors } from './errors.ts';
import type { JobQueue } from './jobs/queue.ts';
import { problemBody } from './plugins/error-handler.ts';
import type { SolvePool } from './workers/pool.ts';

export interface WorkerHttpOptions {
  readonly port: number;
  /** HOST, or loopback: the metrics are for a scraper on the machine unless HOST says otherwise. */
  readonly host: string;
  readonly metricsKey: string | undefined;
}

export async function startWorkerHttp(queue: JobQueue, pool: SolvePool, options: WorkerHttpOptions): Promise<Server> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'territory_process_' });
  new Gauge({ name: 'territory_jobs_running', help: 'Jobs on this worker\'s threads now', registers: [registry], collect() { this.set(queue.running); } });
  new Gauge({ name: 'territory_pool_utilization', help: 'Share of the job pool\'s capacity in use (piscina)', registers: [registry], collect() { this.set(pool.utilization); } });
  new Gauge({ name: 'territory_pool_threads', help: 'Threads in the job pool', registers: [registry], collect() { this.set(pool.threads.length); } });
  // Redis away: the last figure stays, and /metrics still answers.
  new Gauge({ name: 'territory_queue_depth', help: 'BullMQ\'s jobs waiting for a worker', registers: [registry], async collect() { const n = await queue.depth().catch(() => undefined); if (n !== undefined) this.set(n); } });

  const server = createServer((req, res) => {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    const problem = (err: { statusCode: number; code: string; message: string }) =>
      send(err.statusCode, 'application/problem+json', JSON.stringify(problemBody(err.statusCode, err.code, err.message, req.url)));
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET') return problem(new Errors.RouteNotFound(req.method ?? '', path));
    if (path === '/health') return send(200, 'application/json', '{"status":"ok"}');
    if (path !== '/metrics') return problem(new Errors.RouteNotFound('GET', path));
    if (options.metricsKey !== undefined && !sameSecret(bearerToken(req.headers.authorization) ?? '', options.metricsKey)) {
      return problem(new Errors.Unauthorized('/metrics needs Authorization: Bearer <METRICS_KEY>'));
    }
    registry.metrics().then((text) => send(200, registry.contentType, text), () => problem(new Errors.Internal()));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}
