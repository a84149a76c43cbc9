/**
 * A solve that ends early says what ended it: the time limit, a cancel, a client that went away or a
 * shutdown. "stopped on request" is only ever said when somebody asked and did not say why.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateProblem } from '../../benchmarks/generate-problem.ts';
import { finish, type Outcome } from '../../solver/engine-outcome.ts';
import type { ProblemInput, StopReason } from '../../solver/index.ts';
import { solve } from '../../solver/solve.ts';
import { highsFactory } from '../../src/highs-runtime.ts';
import { makeProblem } from './support/fixtures.ts';

const tiny = JSON.parse(readFileSync(new URL('../../data/tiny.json', import.meta.url), 'utf8')) as ProblemInput;

/** What a search that found nothing looks like when HiGHS was interrupted (by whoever). */
function noPlan(over: Partial<Outcome>): Outcome {
  return {
    best: null,
    bound: 100,
    highs: { status: 'timedout', assignment: null, objective: null, bound: 100, seconds: 1, message: 'interrupted', x: null },
    steps: ['highs-mip'],
    seconds: 1,
    stopped: false,
    timeUp: false,
    boundSource: 'highs-mip',
    ...over,
  };
}

describe('the message of a solve without a plan', () => {
  it('names the time limit when the time ran out and nobody asked to stop', () => {
    const out = finish(noPlan({ timeUp: true }));
    expect(out.status).toBe('timedout');
    expect(out.message).toBe('no plan within the time limit: give it more time');
  });

  it('names the time limit when HiGHS timed out on the engine\'s own interrupt', () => {
    // The engine interrupts HiGHS at its own end of budget: HiGHS only knows it was interrupted.
    expect(finish(noPlan({})).message).toBe('no plan within the time limit: give it more time');
  });

  it.each<[StopReason | undefined, string]>([
    ['cancel', 'cancelled on request before any plan was found'],
    ['client-gone', 'stopped because the client went away before any plan was found'],
    ['shutdown', 'stopped because the service is shutting down before any plan was found'],
    [undefined, 'stopped on request before any plan was found'],
  ])('says who asked to stop (%s)', (stopReason, message) => {
    const out = finish(noPlan({ stopped: true, timeUp: true, ...(stopReason ? { stopReason } : {}) }));
    expect(out.message).toBe(message);
  });
});

describe('the message of a solve stopped with a plan', () => {
  it('says the client went away, through the whole pipeline', async () => {
    const problem = makeProblem(tiny);
    let polls = 0;
    // Stop at the first poll after the heuristics have had a chance to find a plan.
    const result = await solve(problem, { highs: highsFactory, timeLimitSeconds: 20, shouldStop: () => ++polls > 1, stopReason: () => 'client-gone' });
    expect(result.solver.message ?? '').not.toMatch(/time limit/);
    if (result.solver.status !== 'optimal') expect(result.solver.message).toMatch(/^stopped because the client went away/);
  });

  it('a large model stopped on a cancel says it was cancelled, not that its time ran out', async () => {
    const problem = makeProblem(generateProblem({ accounts: 1500, reps: 30, seed: 3 }));
    const result = await solve(problem, { highs: highsFactory, timeLimitSeconds: 300, shouldStop: () => true, stopReason: () => 'cancel' });
    expect(result.solver.strategy).toMatch(/^candidates/);
    expect(result.solver.message).toMatch(/^cancelled on request/);
    expect(result.solver.message).not.toMatch(/time limit/);
  });
});
