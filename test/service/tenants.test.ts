/**
 * Tenants: everything stored belongs to one. Tenant A never sees, cancels, purges or replays tenant
 * B's jobs, scenarios or idempotency keys (another tenant's id is 404, as if it never existed); each
 * tenant's share of the queue is capped, and a scenario's variants count against it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, readFixture, waitForEnd, type JobView, type ProblemBody, type TestApp } from './support/app.ts';

const A = 'td_tenant_a_0123456789abcdefghijklmnop';
const B = 'td_tenant_b_0123456789abcdefghijklmnop';
const C = 'td_tenant_c_0123456789abcdefghijklmnop';
const tiny = readFixture('tiny.json');

describe('tenant isolation', () => {
  let t: TestApp;
  let jobOfA: JobView;
  let scenarioOfA: string;

  beforeAll(async () => {
    t = await buildTestApp({ API_KEYS: `a:${A},b:${B},c:${C}`, POOL_SIZE: '1', TENANT_LIMITS: '{"b": {"maxTimeLimitSeconds": 5}, "c": {"maxQueued": 2}}' });
  });

  afterAll(async () => {
    await t?.close();
  });

  const as = (key: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${key}`, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('tenant A submits a job and a scenario; A sees them', async () => {
    const res = await as(A, 'POST', '/v1/jobs', { problem: tiny }, { 'idempotency-key': 'nightly-1' });
    expect(res.statusCode).toBe(202);
    jobOfA = res.json<JobView>();
    const scenario = await as(A, 'POST', '/v1/scenarios', { base: tiny, variants: [{ name: 'no-clara', removeReps: ['clara'] }], includeBase: false });
    expect(scenario.statusCode, scenario.body.slice(0, 300)).toBe(202);
    scenarioOfA = scenario.json<{ id: string }>().id;
    expect((await as(A, 'GET', `/v1/jobs/${jobOfA.id}`)).statusCode).toBe(200);
    expect((await as(A, 'GET', `/v1/scenarios/${scenarioOfA}`)).statusCode).toBe(200);
    expect((await as(A, 'GET', '/v1/jobs')).json<{ jobs: JobView[] }>().jobs.map((j) => j.id)).toContain(jobOfA.id);
  });

  it('tenant B gets 404 for A\'s job, result, events, cancel, purge and scenario, and an empty list', async () => {
    for (const url of [`/v1/jobs/${jobOfA.id}`, `/v1/jobs/${jobOfA.id}/result`, `/v1/jobs/${jobOfA.id}/events`]) {
      const res = await as(B, 'GET', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json<ProblemBody>().code).toBe('TD_ERR_JOB_NOT_FOUND');
    }
    expect((await as(B, 'DELETE', `/v1/jobs/${jobOfA.id}`)).statusCode).toBe(404);
    expect((await as(B, 'DELETE', `/v1/jobs/${jobOfA.id}?purge=true`)).statusCode).toBe(404);
    const scenario = await as(B, 'GET', `/v1/scenarios/${scenarioOfA}`);
    expect(scenario.statusCode).toBe(404);
    expect(scenario.json<ProblemBody>().code).toBe('TD_ERR_SCENARIO_NOT_FOUND');
    expect((await as(B, 'GET', '/v1/jobs')).json<{ jobs: JobView[] }>().jobs).toEqual([]);
    // A's job was not touched by B's cancel.
    expect((await as(A, 'GET', `/v1/jobs/${jobOfA.id}`)).json<JobView>().status).not.toBe('cancelled');
  });

  it('cuts a time limit to the tenant\'s own cap', async () => {
    const res = await as(B, 'POST', '/v1/jobs', { problem: tiny, options: { timeLimitSeconds: 3600 } });
    expect(res.json<JobView>().timeLimitSeconds).toBe(5);
    expect((await as(A, 'POST', '/v1/jobs', { problem: tiny, options: { timeLimitSeconds: 3600 } })).json<JobView>().timeLimitSeconds).toBe(3600);
  });

  it('the same idempotency key from B is B\'s own: a new job, not a replay of A\'s', async () => {
    const res = await as(B, 'POST', '/v1/jobs', { problem: { ...tiny, name: 'B\'s problem' } }, { 'idempotency-key': 'nightly-1' });
    expect(res.statusCode).toBe(202);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
    expect(res.json<JobView>().id).not.toBe(jobOfA.id);
    const replay = await as(A, 'POST', '/v1/jobs', { problem: tiny }, { 'idempotency-key': 'nightly-1' });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json<JobView>().id).toBe(jobOfA.id);
  });

  it('caps a tenant\'s queued jobs, counting every scenario variant, without holding up another tenant', async () => {
    // Tenant c may have 2 jobs waiting: a scenario of 3 variants cannot fit, whatever runs meanwhile.
    const variants = [0, 1, 2].map((k) => ({ name: `v${k}`, patch: { name: `v${k}` } }));
    const tooMany = await as(C, 'POST', '/v1/scenarios', { base: tiny, variants, includeBase: false });
    expect(tooMany.statusCode).toBe(429);
    expect(tooMany.headers['retry-after']).toBeDefined();
    expect(tooMany.json<ProblemBody>().code).toBe('TD_ERR_TENANT_QUEUE_FULL');
    expect((await as(C, 'GET', '/v1/jobs')).json<{ jobs: JobView[] }>().jobs).toEqual([]);
    expect((await as(B, 'POST', '/v1/jobs', { problem: tiny })).statusCode).toBe(202);
  });

  it('A\'s job ends with a plan that only A can read', async () => {
    const ended = await waitForEnd(t.app, jobOfA.id, 60_000, { authorization: `Bearer ${A}` });
    expect(ended.status).toBe('succeeded');
    expect((await as(A, 'GET', `/v1/jobs/${jobOfA.id}/result`)).statusCode).toBe(200);
    expect((await as(B, 'GET', `/v1/jobs/${jobOfA.id}/result`)).statusCode).toBe(404);
  });
});
