/**
 * The disruption frontier: each point is the optimum of the problem with its move budget (checked
 * against brute force on a 9-account problem), every plan passes the independent verifier and keeps
 * its budget, the least moves are proven, travel falls as moves rise, and a budget that gives a plan
 * no better than a smaller budget's is set apart as dominated.
 */
import { describe, expect, it } from 'vitest';
import { disruptionFrontier, plannedSolves, verify, type ProblemInput } from '../../solver/index.ts';
import { highsFactory } from '../../src/highs-runtime.ts';
import { bruteForce } from './support/brute-force.ts';
import { bavariaInput, closeTo, makeProblem } from './support/fixtures.ts';

function nineAccounts(): ProblemInput {
  const base = bavariaInput();
  const reps = base.reps;
  // Today's alignment is deliberately poor: each account with the rep after its nearest one.
  return {
    ...base,
    accounts: base.accounts.slice(0, 9).map((a, i) => ({ ...a, currentRepId: reps[(i + 1) % reps.length]!.id })),
    balance: { workloadTolerance: 0.6, valueTolerance: 1 },
    objective: { disruptionWeight: 0 },
  };
}

describe('disruptionFrontier', () => {
  it('gives each budget its optimum, verified, within the budget; fewest moves first, travel falling', async () => {
    const input = nineAccounts();
    const problem = makeProblem(input);
    const frontier = await disruptionFrontier(problem, { highs: highsFactory, points: 5, timeLimitSecondsPerPoint: 60 });
    expect(frontier.points.length).toBeGreaterThanOrEqual(2);
    for (const [k, point] of frontier.points.entries()) {
      expect(point.plan).toBe(true);
      const budgeted = makeProblem({ ...input, objective: { ...input.objective, ...(point.maxMoves === null ? {} : { maxMoves: point.maxMoves }) } });
      const check = verify(budgeted, point.result.assignments);
      expect(check.ok, check.violations.join('; ')).toBe(true);
      if (point.maxMoves !== null) expect(point.moves!).toBeLessThanOrEqual(point.maxMoves);
      const optimum = bruteForce(budgeted)!;
      expect(closeTo(point.objective!, optimum.objective), `budget ${point.maxMoves}: ${point.objective} vs brute force ${optimum.objective}`).toBe(true);
      if (k > 0) {
        expect(point.moves!).toBeGreaterThan(frontier.points[k - 1]!.moves!);
        expect(point.travel!).toBeLessThan(frontier.points[k - 1]!.travel!);
      }
    }
    // The last point is the plan without a budget.
    expect(frontier.points.at(-1)!.maxMoves).toBeNull();
    // The least moves: exact, and no plan exists with fewer (brute force with one move less).
    const least = frontier.leastMoves!;
    expect(least.exact).toBe(true);
    expect(frontier.points[0]!.moves).toBe(least.count);
    if (least.count > 0) expect(bruteForce(makeProblem({ ...input, objective: { ...input.objective, maxMoves: least.count - 1 } }))).toBeNull();
  });

  it('solves the budgets it is given, sets a dominated one apart, and says why a budget has no plan', async () => {
    // Everyone with Augsburg today: over its capacity, so some accounts must move.
    const input = { ...nineAccounts(), accounts: nineAccounts().accounts.map((a) => ({ ...a, currentRepId: 'rep-augsburg' })) };
    const problem = makeProblem(input);
    const free = await disruptionFrontier(problem, { highs: highsFactory, budgets: [], timeLimitSecondsPerPoint: 60 });
    const most = free.points[0]!.moves!;
    const frontier = await disruptionFrontier(problem, { highs: highsFactory, budgets: [0, most - 1, most + 5], timeLimitSecondsPerPoint: 60 });
    // A budget at or above the unconstrained plan's moves is that plan: not solved again.
    expect(frontier.points.map((p) => p.maxMoves)).toContain(null);
    expect([...frontier.points, ...frontier.setApart].some((p) => p.maxMoves === most + 5)).toBe(false);
    const zero = frontier.setApart.find((p) => p.maxMoves === 0)!;
    expect(zero.plan).toBe(false);
    expect(zero.note).toMatch(/at least \d+ moves? (is|are) needed/);
    expect(frontier.leastMoves!.count).toBeGreaterThan(0);
    for (const p of frontier.setApart.filter((q) => q.plan)) expect(p.note).toMatch(/^dominated: /);
  });

  it('starts no further budget once a stop is asked, and reports each point\'s solve as it goes', async () => {
    const problem = makeProblem(nineAccounts());
    const solved: Array<number | null> = [];
    let snapshots = 0;
    // The stop is asked once the first point (the plan without a budget) is in.
    const frontier = await disruptionFrontier(problem, {
      highs: highsFactory,
      budgets: [0, 2, 4],
      timeLimitSecondsPerPoint: 60,
      shouldStop: () => solved.length > 0,
      onPoint: (p) => solved.push(p.maxMoves),
      onProgress: () => snapshots++,
    });
    expect(solved).toEqual([null]);
    expect([...frontier.points, ...frontier.setApart].map((p) => p.maxMoves)).toEqual([null]);
    expect(snapshots).toBeGreaterThan(0);
    const points = await disruptionFrontier(problem, { highs: highsFactory, points: 4, timeLimitSecondsPerPoint: 60, shouldStop: () => true });
    expect(points.points.map((p) => p.maxMoves)).toEqual([null]);
    expect(points.leastMoves).toBeNull();
  });

  it('plans one solve per distinct whole budget plus the plan without one, or `points` (at least 2)', () => {
    expect(plannedSolves({ budgets: [0, 2, 2.5, 4] })).toBe(4);
    expect(plannedSolves({ budgets: [] })).toBe(1);
    expect(plannedSolves({ points: 5 })).toBe(5);
    expect(plannedSolves({ points: 1 })).toBe(2);
    expect(plannedSolves({})).toBe(6);
  });
});
