/**
 * Liveness, readiness, Prometheus metrics and the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, readFixture, submitOk, waitForStatus, type JobView, type ProblemBody, type TestApp } from './support/app.ts';

/** The value of one sample line (`name{labels} value`) in a Prometheus text exposition. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('health, readiness, metrics, docs', () => {
  let t: TestApp;
  let job: JobView;

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '2' });
    job = await submitOk(t.app, { problem: readFixture('tiny.json') });
    job = await waitForStatus(t.app, job.id, 'succeeded');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('GET /health answers 200 {status: ok}', async () => {
    const res = await t.app.inject({ url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('GET /ready reports the threads, the queue and the running jobs', async () => {
    const res = await t.app.inject({ url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', threads: 2, queued: 0, running: 0 });
  });

  it('GET /ready answers 503 TD_ERR_NOT_READY with Retry-After once the app stops accepting work, and submissions get 503 too', async () => {
    t.app.accepting = false;
    try {
      const res = await t.app.inject({ url: '/ready' });
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json<ProblemBody>().code).toBe('TD_ERR_NOT_READY');
      expect(res.headers['retry-after']).toBeDefined();
      const submit = await t.app.inject({ method: 'POST', url: '/v1/jobs', payload: { problem: readFixture('tiny.json') } });
      expect(submit.statusCode).toBe(503);
      expect(submit.json<ProblemBody>().code).toBe('TD_ERR_SHUTTING_DOWN');
      // Liveness does not depend on readiness.
      expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);
    } finally {
      t.app.accepting = true;
    }
    expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(200);
  });

  it('GET /metrics exposes jobs by status, queue depth, solve seconds and pool utilisation', async () => {
    const res = await t.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    const text = res.body;
    for (const name of ['territory_jobs', 'territory_queue_depth', 'territory_solve_seconds', 'territory_pool_utilization']) {
      expect(text).toContain(`# HELP ${name} `);
      expect(text).toMatch(new RegExp(`# TYPE ${name} (gauge|histogram)`));
    }
    expect(sample(text, 'territory_jobs{status="succeeded"}')).toBe(1);
    for (const status of ['queued', 'running', 'failed', 'cancelled']) expect(sample(text, `territory_jobs{status="${status}"}`)).toBe(0);
    expect(sample(text, 'territory_queue_depth')).toBe(0);
    expect(sample(text, 'territory_solve_seconds_count{status="succeeded"}')).toBe(1);
    const seconds = sample(text, 'territory_solve_seconds_sum{status="succeeded"}')!;
    expect(seconds).toBeCloseTo((Date.parse(job.finishedAt!) - Date.parse(job.startedAt!)) / 1000, 3);
    expect(sample(text, 'territory_solve_seconds_bucket{le="+Inf",status="succeeded"}')).toBe(1);
    const utilization = sample(text, 'territory_pool_utilization')!;
    expect(utilization).toBeGreaterThanOrEqual(0);
    expect(utilization).toBeLessThanOrEqual(1);
    // The one job submitted went through one group commit.
    expect(sample(text, 'territory_store_group_commits_total')).toBe(1);
    expect(sample(text, 'territory_store_group_commit_writes_total')).toBe(1);
  });

  it('GET /docs/json is an OpenAPI document listing the /v1 paths', async () => {
    const res = await t.app.inject({ url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; info: { title: string }; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> } }>> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBeTruthy();
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).sort();
    expect(methods('/v1/jobs')).toEqual(['get', 'post']);
    expect(methods('/v1/jobs/{id}')).toEqual(['delete', 'get']);
    expect(methods('/v1/jobs/{id}/result')).toEqual(['get']);
    expect(methods('/v1/jobs/{id}/events')).toEqual(['get']);
    expect(methods('/v1/solve')).toEqual(['post']);
    expect(methods('/v1/scenarios')).toEqual(['post']);
    expect(methods('/v1/scenarios/{id}')).toEqual(['get']);
    for (const p of ['/health', '/ready', '/metrics']) expect(methods(p)).toEqual(['get']);
    // Request bodies come from the same zod schemas that validate them.
    const body = doc.paths['/v1/jobs']!.post!.requestBody!.content['application/json']!.schema;
    expect(Object.keys(body.properties ?? {}).sort()).toEqual(['options', 'problem', 'webhookUrl']);

    const ui = await t.app.inject({ url: '/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });
});
