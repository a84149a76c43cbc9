/**
 * The run context: one budget per solve, child budgets for its steps (a share of what is left, ended
 * by the parent's time and by the caller's stop), the stop request and its reason reaching every
 * step, and the seed, HiGHS factory and progress carried along.
 */
import { describe, expect, it } from 'vitest';
import { generateProblem } from '../../benchmarks/generate-problem.ts';
import { compileProblem, runContext, solveAssignment, type SolveProgress, type StopReason } from '../../solver/index.ts';
import { DEFAULT_WORK_SHARE } from '../../solver/run-context.ts';
import { highsFactory } from '../../src/highs-runtime.ts';
import { makeProblem } from './support/fixtures.ts';

/** A caller's stop flag, counting how often the engine asks. */
function stopFlag(reason?: StopReason) {
  const flag = { stop: false, polls: 0 };
  const options = {
    shouldStop: () => {
      flag.polls++;
      return flag.stop;
    },
    ...(reason ? { stopReason: () => (flag.stop ? reason : undefined) } : {}),
  };
  return { flag, options };
}

describe('the run context', () => {
  it('starts one root budget with the time limit, seed and factory it was given', () => {
    // On the wall clock the budget is the time limit.
    const run = runContext({ timeLimitSeconds: 10, seed: 7, highs: highsFactory, clock: 'wall' });
    expect(run.budget.clock.counted).toBe(false);
    expect(run.budget.limitMs).toBe(10_000);
    expect(run.seed).toBe(7);
    expect(run.highs).toBe(highsFactory);
    expect(run.budget.remainingMs()).toBeLessThanOrEqual(10_000);
    expect(run.budget.remainingMs()).toBeGreaterThan(9_000);
    // By default it counts work: DEFAULT_WORK_SHARE of the time limit, or the work limit given; no
    // work done, none of it is used, however long the test takes.
    const counted = runContext({ timeLimitSeconds: 10 });
    expect(counted.budget.clock.counted).toBe(true);
    expect(counted.budget.limitMs).toBe(10_000 * DEFAULT_WORK_SHARE);
    expect(counted.budget.remainingMs()).toBe(10_000 * DEFAULT_WORK_SHARE);
    expect(runContext({ timeLimitSeconds: 10, workLimitSeconds: 3 }).budget.limitMs).toBe(3_000);
    // Without a limit the budget never ends on time.
    const open = runContext();
    expect(open.budget.limitMs).toBe(Infinity);
    expect(open.budget.over()).toBe(false);
    expect(open.seed).toBe(1);
  });

  it('on counted work, ends a budget after the work it was given, and on its wall-clock safety net', () => {
    const run = runContext({ timeLimitSeconds: 60, workLimitSeconds: 1 });
    const step = run.child(400);
    // 399 ms of work in 1 ms steps: not over; the next one is.
    for (let k = 0; k < 399; k++) expect(step.budget.check(1e6)).toBe(false);
    expect(step.budget.remainingMs()).toBeCloseTo(1, 9);
    expect(step.budget.check(1e6)).toBe(true);
    expect(run.budget.elapsedMs()).toBeCloseTo(400, 9);
    expect(run.budget.usedShare()).toBeCloseTo(0.4, 9);
    expect(run.budget.clock.wallStopped).toBe(false);
    // A safety net already passed (no time at all) ends the budget without any work, and is noted.
    const late = runContext({ timeLimitSeconds: 0, workLimitSeconds: 100 });
    expect(late.budget.over()).toBe(true);
    expect(late.budget.clock.wallStopped).toBe(true);
  });

  it('gives a step a share of what is left, and a child budget of its own length', () => {
    const run = runContext({ timeLimitSeconds: 10, clock: 'wall' });
    const quarter = run.share(0.25);
    expect(quarter.budget.limitMs).toBeLessThanOrEqual(2_500);
    expect(quarter.budget.limitMs).toBeGreaterThan(2_400);
    // A share of a share: of what the child has left.
    expect(quarter.share(0.5).budget.limitMs).toBeLessThanOrEqual(1_250);
    expect(run.child(300).budget.limitMs).toBe(300);
    // The step keeps the run's seed, factory and progress; a reseeded one only changes the seed.
    expect(quarter.seed).toBe(run.seed);
    expect(quarter.highs).toBe(run.highs);
    const other = quarter.reseeded(42);
    expect(other.seed).toBe(42);
    expect(other.budget).toBe(quarter.budget);
  });

  it('ends a child when its parent\'s time is up, though the child has time of its own', () => {
    const run = runContext({ timeLimitSeconds: 0 });
    const step = run.child(60_000);
    expect(step.budget.timeUp()).toBe(false);
    expect(step.budget.over()).toBe(true);
    expect(step.budget.check()).toBe(true);
    // Once expired, a child says so and has no time left.
    expect(step.budget.remainingMs()).toBe(0);
    // A detached budget has an allowance of its own: the parent's clock does not end it.
    const own = run.budget.detached(60_000);
    expect(own.over()).toBe(false);
    expect(own.remainingMs()).toBeGreaterThan(59_000);
  });

  it('carries the stop request and its reason to every step, asking the caller once per check', () => {
    const { flag, options } = stopFlag('cancel');
    const run = runContext({ timeLimitSeconds: 60, ...options });
    const step = run.share(0.5).child(10_000);
    const own = run.budget.detached(10_000);
    expect(step.budget.check()).toBe(false);
    expect(flag.polls).toBe(1);
    expect(step.budget.stopReason()).toBeUndefined();
    flag.stop = true;
    expect(step.budget.stopRequested()).toBe(true);
    expect(step.budget.stopReason()).toBe('cancel');
    expect(step.budget.over()).toBe(true);
    expect(own.over()).toBe(true);
    expect(own.stopReason()).toBe('cancel');
    // The stop is time only for the steps: the root's own clock is not up.
    expect(run.budget.timeUp()).toBe(false);
    // A check that saw the stop stays expired.
    expect(step.budget.check()).toBe(true);
    flag.stop = false;
    expect(step.budget.check()).toBe(true);
    expect(step.budget.remainingMs()).toBe(0);
  });

  it('reports progress to the caller from any step, and nowhere without a listener', () => {
    const seen: SolveProgress[] = [];
    const run = runContext({ onProgress: (p) => seen.push(p) });
    run.child(100).reseeded(3).progress({ phase: 'lp', seconds: 1, incumbent: null, bound: 5, gap: null });
    // The context adds how much of the whole budget is used (none: no work was counted).
    expect(seen).toEqual([{ phase: 'lp', seconds: 1, incumbent: null, bound: 5, gap: null, used: 0 }]);
    expect(() => runContext().progress({ phase: 'lp', seconds: 1, incumbent: null, bound: null, gap: null })).not.toThrow();
  });

  it('ends a direct solveAssignment on the stop request and says why', async () => {
    // Large enough for the large-model strategy, stopped before its LP: no plan, and the reason.
    const model = compileProblem(makeProblem(generateProblem({ accounts: 1500, reps: 30, seed: 8 }))).model;
    const out = await solveAssignment(model, { timeLimitSeconds: 30, mipGap: 0.005, seed: 1, highs: highsFactory, shouldStop: () => true, stopReason: () => 'shutdown' });
    expect(out.assignment).toBeNull();
    expect(out.status).toBe('timedout');
    expect(out.message).toMatch(/^stopped because the service is shutting down/);
  });
});
