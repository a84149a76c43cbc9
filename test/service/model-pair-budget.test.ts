/**
 * MODEL_PAIR_BUDGET reaches the solve threads: a job whose model has more eligible pairs than the
 * budget is solved without building it whole (the strategy starts with `stream`), through the real
 * server and worker pool, and its plan passes the independent verifier. The budget is set low here so
 * that a model of a few seconds' solve is over it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProblem } from '../../benchmarks/generate-problem.ts';
import { estimateModelPairs, parseProblem, verify, type TerritoryResult } from '../../solver/index.ts';
import { buildTestApp, submitOk, waitForEnd, type TestApp } from './support/app.ts';

describe('MODEL_PAIR_BUDGET', () => {
  let t: TestApp;
  const input = { ...generateProblem({ accounts: 2000, reps: 40, seed: 3 }), options: { timeLimitSeconds: 60, mipGap: 0.02 } };
  const parsed = parseProblem(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const budget = 20_000;

  beforeAll(async () => {
    expect(estimateModelPairs(parsed.problem)).toBeGreaterThan(budget);
    t = await buildTestApp({ POOL_SIZE: '1', MODEL_PAIR_BUDGET: String(budget), SHUTDOWN_GRACE_SECONDS: '1' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('streams a model above the budget in the solve thread, and its plan verifies', async () => {
    const job = await submitOk(t.app, { problem: input });
    const ended = await waitForEnd(t.app, job.id, 300_000);
    expect(ended.status).toBe('succeeded');
    const result = (await t.app.inject({ url: `/v1/jobs/${job.id}/result` })).json<TerritoryResult>();
    expect(result.solver.strategy).toMatch(/^stream\+candidates\(k=10\)/);
    const check = verify(parsed.problem, result.assignments);
    expect(check.violations).toEqual([]);
    expect(check.objective.total).toBeCloseTo(result.solver.objective!, 6);
    expect(result.territories).toHaveLength(parsed.problem.reps.length);
    expect(result.compactness).toBeDefined();
  }, 320_000);
});
