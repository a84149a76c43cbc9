/**
 * Reproducible plans: on counted work (the default budget) a search that its budget ends, not a
 * proof, gives the same plan for the same input and seed however busy the machine is. Each problem
 * is solved once, then again while another thread keeps a core busy; the plans must be identical,
 * and both must say the work budget ended them. The time limit (the safety net) is set far beyond
 * what the work takes on any machine that runs the suite, so it never decides here.
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { generateProblem } from '../../benchmarks/generate-problem.ts';
import { solve, verify, type Problem, type TerritoryResult } from '../../solver/index.ts';
import { highsFactory } from '../../src/highs-runtime.ts';
import { makeProblem } from './support/fixtures.ts';

/** A thread that spins until stopped: one core busy. */
function busyCore(): { stop: () => Promise<number> } {
  const worker = new Worker('const f = new Int32Array(new SharedArrayBuffer(4)); for (;;) { for (let i = 0; i < 1e6; i++) Atomics.add(f, 0, 1); }', { eval: true });
  return { stop: () => worker.terminate() };
}

let burner: { stop: () => Promise<number> } | null = null;
afterEach(async () => {
  await burner?.stop();
  burner = null;
});

/** The problem on counted work: `workLimitSeconds` of work, a time limit no run reaches, no gap to stop at. */
function onWork(problem: Problem, workLimitSeconds: number): Problem {
  return { ...problem, options: { ...problem.options, budget: 'work', workLimitSeconds, timeLimitSeconds: 600, mipGap: 0 } };
}

async function solveTwice(problem: Problem): Promise<[TerritoryResult, TerritoryResult]> {
  const quiet = await solve(problem, { highs: highsFactory });
  burner = busyCore();
  const busy = await solve(problem, { highs: highsFactory });
  return [quiet, busy];
}

function expectSamePlan(problem: Problem, [a, b]: [TerritoryResult, TerritoryResult]): void {
  for (const r of [a, b]) {
    // The budget ended it, not a proof: otherwise this would test nothing about the budget.
    expect(r.solver.status).toBe('timedout');
    expect(r.solver.endedBy).toBe('work');
    expect(r.solver.message).toMatch(/^work budget reached/);
    expect(verify(problem, r.assignments).ok).toBe(true);
  }
  expect(b.assignments).toEqual(a.assignments);
  expect(b.objective).toEqual(a.objective);
  expect(b.solver.bound).toBe(a.solver.bound);
  expect(b.solver.strategy).toBe(a.solver.strategy);
}

describe('the same input and seed, stopped by the work budget', () => {
  it('the sample (exact path: heuristics, HiGHS, polish): the same plan with a core busy', async () => {
    const sample = makeProblem(JSON.parse(readFileSync(new URL('../../data/sample-bavaria-bw.json', import.meta.url), 'utf8')));
    const problem = onWork(sample, 2);
    expectSamePlan(problem, await solveTwice(problem));
  }, 300_000);

  it('2,000 accounts x 40 reps (large-model strategy: candidates, priced LP, rounding, local search): the same plan with a core busy', async () => {
    const problem = onWork(makeProblem(generateProblem({ accounts: 2000, reps: 40, seed: 3 })), 2);
    expectSamePlan(problem, await solveTwice(problem));
  }, 300_000);

  it('the time limit is the safety net: reached before the work budget, the result says so', async () => {
    const sample = makeProblem(JSON.parse(readFileSync(new URL('../../data/sample-bavaria-bw.json', import.meta.url), 'utf8')));
    // Work no machine does in a second: the safety net must end it.
    const result = await solve({ ...sample, options: { ...sample.options, budget: 'work', workLimitSeconds: 1000, timeLimitSeconds: 1, mipGap: 0 } }, { highs: highsFactory });
    expect(result.solver.status).toBe('timedout');
    expect(result.solver.endedBy).toBe('time');
    expect(result.solver.workLimitSeconds).toBe(1000);
    expect(result.solver.message).toBe('time limit reached before the work budget (a slow or busy machine): another run may give another plan');
    expect(verify(sample, result.assignments).ok).toBe(true);
  }, 120_000);

  it('on the wall clock the time limit ends the search and says so (the plan may differ between runs)', async () => {
    const sample = makeProblem(JSON.parse(readFileSync(new URL('../../data/sample-bavaria-bw.json', import.meta.url), 'utf8')));
    const result = await solve({ ...sample, options: { ...sample.options, budget: 'wall', timeLimitSeconds: 1, mipGap: 0 } }, { highs: highsFactory });
    expect(result.solver.status).toBe('timedout');
    expect(result.solver.endedBy).toBe('time');
    expect(result.solver.workLimitSeconds).toBeNull();
    // With a plan, "time limit reached"; on a machine too busy to build one in 1 s, "no plan within
    // the time limit: ...". Either way the time limit is what the message names.
    expect(result.solver.message).toMatch(/time limit/);
  }, 120_000);
});
