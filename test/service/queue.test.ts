/**
 * Backpressure: with QUEUE_MAX=1 and one thread, one long job runs, one waits, and the next
 * submission is refused with 503, Retry-After and TD_ERR_QUEUE_FULL, until the queue has room again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, getJob, readFixture, SAMPLE, submit, submitOk, waitForEnd, waitForStatus, type JobView, type ProblemBody, type TestApp } from './support/app.ts';

describe('queue full', () => {
  let t: TestApp;
  let running: JobView;
  let waiting: JobView;
  const tiny = readFixture('tiny.json');
  const sample = readFixture(SAMPLE);
  const idempotencyKey = 'queue-test-waiting';

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '1', QUEUE_MAX: '1', SHUTDOWN_GRACE_SECONDS: '1' });
    expect(t.config.queueMax).toBe(1);
    running = await submitOk(t.app, { problem: sample, options: { timeLimitSeconds: 600 } });
    await waitForStatus(t.app, running.id, 'running');
    waiting = await submitOk(t.app, { problem: tiny }, { 'idempotency-key': idempotencyKey });
  });

  afterAll(async () => {
    for (const id of [running?.id, waiting?.id]) if (id) await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${id}` });
    await t?.close();
  });

  it('holds one running and one queued job', async () => {
    expect((await getJob(t.app, running.id)).status).toBe('running');
    expect((await getJob(t.app, waiting.id)).status).toBe('queued');
    const ready = (await t.app.inject({ url: '/ready' })).json<{ queued: number; running: number }>();
    expect(ready).toMatchObject({ queued: 1, running: 1 });
  });

  it('refuses the next submission with 503, Retry-After and TD_ERR_QUEUE_FULL, and stores nothing', async () => {
    const res = await submit(t.app, { problem: tiny });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const body = res.json<ProblemBody>();
    expect(body.code).toBe('TD_ERR_QUEUE_FULL');
    expect(body.status).toBe(503);
    expect(res.headers.location).toBeUndefined();
    const jobs = (await t.app.inject({ url: '/v1/jobs' })).json<{ jobs: JobView[] }>().jobs;
    expect(jobs.map((j) => j.id)).toEqual([waiting.id, running.id]);
  });

  it('refuses a scenario too, with the same 503', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/scenarios', payload: { base: tiny, variants: [{ name: 'same' }] } });
    expect(res.statusCode).toBe(503);
    expect(res.json<ProblemBody>().code).toBe('TD_ERR_QUEUE_FULL');
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('still answers a bad body with 400 naming the field, not 503', async () => {
    const res = await submit(t.app, { problem: { ...tiny, reps: [] } });
    expect(res.statusCode).toBe(400);
    expect(res.json<ProblemBody>().errors?.map((e) => e.path)).toEqual(['problem.reps']);
  });

  it('replays an accepted Idempotency-Key with its job even while the queue is full', async () => {
    // A client retrying a submission that was accepted must learn its job, not be told to retry later.
    const res = await submit(t.app, { problem: tiny }, { 'idempotency-key': idempotencyKey });
    expect(res.statusCode).toBe(202);
    expect(res.json<JobView>().id).toBe(waiting.id);
    expect(res.headers['idempotent-replayed']).toBe('true');
  });

  it('accepts submissions again once the queue has room', async () => {
    const del = await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${waiting.id}` });
    expect(del.statusCode).toBe(202);
    expect((await getJob(t.app, waiting.id)).status).toBe('cancelled');
    const res = await submit(t.app, { problem: tiny });
    expect(res.statusCode).toBe(202);
    const next = res.json<JobView>();
    expect(next.status).toBe('queued');
    // Freeing the thread lets it run to the end.
    await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${running.id}` });
    expect((await waitForEnd(t.app, running.id, 10_000)).status).toBe('cancelled');
    expect((await waitForEnd(t.app, next.id, 30_000)).status).toBe('succeeded');
  });
});
