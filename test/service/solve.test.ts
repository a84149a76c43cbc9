/**
 * POST /v1/solve: synchronous solves of small problems on their own thread; larger problems are
 * sent to /v1/jobs with a 413.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProblem } from '../../benchmarks/generate-problem.ts';
import { parseProblem, verify, type ProblemInput, type TerritoryResult } from '../../solver/index.ts';
import { buildTestApp, readFixture, SAMPLE, submitOk, waitForEnd, waitForStatus, type JobView, type ProblemBody, type TestApp } from './support/app.ts';

describe('POST /v1/solve', () => {
  let t: TestApp;
  const problem = generateProblem({ accounts: 20, reps: 3, seed: 1 });

  const solve = (body: unknown) => t.app.inject({ method: 'POST', url: '/v1/solve', payload: body as object });

  function expectVerified(input: ProblemInput, result: TerritoryResult) {
    const parsed = parseProblem(input);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(result.assignments).toHaveLength(input.accounts.length);
    const check = verify(parsed.problem, result.assignments);
    expect(check.violations).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.objective.total).toBeCloseTo(result.solver.objective!, 6);
  }

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '1', SYNC_MAX_ACCOUNTS: '20', SYNC_TIME_LIMIT_SECONDS: '8', SHUTDOWN_GRACE_SECONDS: '1' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('returns the result of a 20-account x 3-rep problem at once, and the plan verifies', async () => {
    expect(problem.accounts).toHaveLength(20);
    expect(problem.reps).toHaveLength(3);
    const res = await solve({ problem });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const result = res.json<TerritoryResult>();
    expect(['optimal', 'feasible']).toContain(result.solver.status);
    expectVerified(problem, result);
    // The sync time limit caps the problem's own (the generator leaves the default 30 s).
    expect(result.solver.timeLimitSeconds).toBeLessThanOrEqual(8);
    // A synchronous solve leaves no job behind.
    expect((await t.app.inject({ url: '/v1/jobs' })).json<{ jobs: JobView[] }>().jobs).toEqual([]);
  });

  it('caps options.timeLimitSeconds at SYNC_TIME_LIMIT_SECONDS', async () => {
    const res = await solve({ problem: readFixture('tiny.json'), options: { timeLimitSeconds: 600 } });
    expect(res.statusCode).toBe(200);
    const result = res.json<TerritoryResult>();
    expect(result.solver.timeLimitSeconds).toBe(8);
    expectVerified(readFixture('tiny.json'), result);
  });

  it('answers above SYNC_MAX_ACCOUNTS with 413 TD_ERR_PROBLEM_TOO_LARGE_FOR_SYNC pointing to /v1/jobs', async () => {
    const bigger = { ...problem, accounts: [...problem.accounts, { id: 'one-more', lat: 50.1, lon: 8.7, value: 10 }] };
    const res = await solve({ problem: bigger });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<ProblemBody>();
    expect(body.code).toBe('TD_ERR_PROBLEM_TOO_LARGE_FOR_SYNC');
    expect(body.detail).toContain('21 accounts');
    expect(body.detail).toContain('at most 20');
    expect(body.detail).toContain('/v1/jobs');

    // The sample (357 accounts) too; the same document is accepted as a job.
    const sample = readFixture(SAMPLE);
    const big = await solve({ problem: sample });
    expect(big.statusCode).toBe(413);
    expect(big.json<ProblemBody>().detail).toContain(`${sample.accounts.length} accounts`);
  });

  it('does not wait behind a long job: the sync solve has a thread of its own', async () => {
    const long = await submitOk(t.app, { problem: readFixture(SAMPLE), options: { timeLimitSeconds: 600 } });
    await waitForStatus(t.app, long.id, 'running');
    try {
      const started = Date.now();
      const res = await solve({ problem });
      expect(res.statusCode).toBe(200);
      expectVerified(problem, res.json<TerritoryResult>());
      // Well inside the long job's 600 s: it did not queue behind it (8 s limit, plus slack for a loaded machine).
      expect(Date.now() - started).toBeLessThan(30_000);
      expect((await t.app.inject({ url: `/v1/jobs/${long.id}` })).json<JobView>().status).toBe('running');
    } finally {
      await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${long.id}` });
    }
    expect((await waitForEnd(t.app, long.id, 10_000)).status).toBe('cancelled');
  });
});
