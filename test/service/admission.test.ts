/**
 * Admission by model size: a problem whose model would have more eligible account-rep pairs than
 * MAX_MODEL_PAIRS is refused before anything is queued or solved, on every route that takes a
 * problem (413 TD_ERR_MODEL_TOO_LARGE naming the size, the limit and the fields), and nothing is
 * stored. The limit is set low here so that the example problem is over it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateModelPairs, parseProblem, type ProblemInput } from '../../solver/index.ts';
import { buildTestApp, readFixture, submit, submitOk, waitForEnd, type JobView, type ProblemBody, type TestApp } from './support/app.ts';

function pairs(input: ProblemInput): number {
  const parsed = parseProblem(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return estimateModelPairs(parsed.problem);
}

describe('admission by model size', () => {
  let t: TestApp;
  const tiny = readFixture('tiny.json');
  /** The example with its last six accounts: a model under the limit. */
  const half: ProblemInput = { ...tiny, accounts: tiny.accounts.slice(6) };
  const limit = pairs(half);

  const jobs = async () => (await t.app.inject({ url: '/v1/jobs' })).json<{ jobs: JobView[] }>().jobs;

  function tooLarge(res: { statusCode: number; body: string; headers: Record<string, unknown>; json: <T>() => T }, prefix: string): ProblemBody {
    expect(res.statusCode, res.body.slice(0, 500)).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<ProblemBody>();
    expect(body.code).toBe('TD_ERR_MODEL_TOO_LARGE');
    expect(body.detail).toContain(`${pairs(tiny)} eligible account-rep pairs`);
    expect(body.detail).toContain(`at most ${limit} (MAX_MODEL_PAIRS)`);
    expect(body.errors?.map((e) => e.path)).toEqual([`${prefix}.accounts`, `${prefix}.reps`]);
    expect(body.errors?.[0]?.message).toContain(`${tiny.accounts.length} accounts`);
    expect(body.errors?.[1]?.message).toContain(`${tiny.reps.length} reps`);
    return body;
  }

  beforeAll(async () => {
    expect(pairs(tiny)).toBeGreaterThan(limit);
    t = await buildTestApp({ POOL_SIZE: '1', MAX_MODEL_PAIRS: String(limit), SHUTDOWN_GRACE_SECONDS: '1' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('POST /v1/jobs: 413 above the limit, nothing stored; a model at the limit is queued and solved', async () => {
    tooLarge(await submit(t.app, { problem: tiny }), 'problem');
    tooLarge(await submit(t.app, { problem: tiny }, { 'idempotency-key': 'too-large' }), 'problem');
    expect(await jobs()).toEqual([]);

    const ok = await submitOk(t.app, { problem: half });
    expect((await waitForEnd(t.app, ok.id)).status).toBe('succeeded');
    // The refused key was not taken: the same key with the smaller problem is a new job.
    const keyed = await submitOk(t.app, { problem: half }, { 'idempotency-key': 'too-large' });
    expect(keyed.id).not.toBe(ok.id);
    expect((await jobs()).map((j) => j.id).sort()).toEqual([ok.id, keyed.id].sort());
    await waitForEnd(t.app, keyed.id);
  });

  it('POST /v1/solve: 413 above the limit, before any thread solves', async () => {
    const before = await jobs();
    tooLarge(await t.app.inject({ method: 'POST', url: '/v1/solve', payload: { problem: tiny } }), 'problem');
    expect(await jobs()).toEqual(before);
    const ok = await t.app.inject({ method: 'POST', url: '/v1/solve', payload: { problem: half } });
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(200);
  });

  it('POST /v1/scenarios: 413 for a base above the limit, and for a variant that grows past it, with its path; nothing stored', async () => {
    const before = await jobs();
    tooLarge(await t.app.inject({ method: 'POST', url: '/v1/scenarios', payload: { base: tiny, variants: [{ name: 'same' }] } }), 'base');
    // The variant's added accounts make the half-size base as large as the full example.
    const grow = { name: 'all-accounts', patch: { accounts: tiny.accounts } };
    const res = await t.app.inject({ method: 'POST', url: '/v1/scenarios', payload: { base: half, variants: [{ name: 'same' }, grow] } });
    tooLarge(res, 'variants[1].problem');
    expect(await jobs()).toEqual(before);
  });
});
