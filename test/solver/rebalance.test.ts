/**
 * objective.mode "rebalance" on tiny hand-made problems, against brute force (support/brute-force.ts
 * enumerates every plan: the least move cost, then the least objective among those plans), and the
 * `auto` switch between rebalance and the weighted objective.
 *
 * The fixture: R1 carries four accounts (14 h) on 10 h of capacity, so at least 4 h must leave it.
 * Moving the A account (4 h, move cost 4), the B account (4 h, cost 2) or C1 (4 h, cost 1) each fixes
 * it; C2 (2 h) alone does not. Travel would rather move A: it lies 40 km from R1 and 5 km from R2.
 */
import { describe, expect, it } from 'vitest';
import { objectiveMode } from '../../solver/objective-mode.ts';
import type { ProblemInput } from '../../solver/problem.ts';
import { bruteForce } from './support/brute-force.ts';
import { closeTo, makeProblem, repIdsOf, solveChecked } from './support/fixtures.ts';

const inPerson = (segment: string) => ({ segment, role: 'field', callsPerYear: 4, minutesPerCall: 60, channel: 'in_person' as const });

/** R1's four accounts; a test changes one with `withAccount`. */
const ACCOUNTS: ProblemInput['accounts'] = [
  { id: 'a', segment: 'A', workload: 4, value: 40, currentRepId: 'R1' },
  { id: 'b', segment: 'B', workload: 4, value: 20, currentRepId: 'R1' },
  { id: 'c1', segment: 'C', workload: 4, value: 5, currentRepId: 'R1' },
  { id: 'c2', segment: 'C', workload: 2, value: 5, currentRepId: 'R1' },
];

/** The accounts with `id`'s fields changed. */
const withAccount = (id: string, fields: Record<string, unknown>) => ACCOUNTS.map((a) => (a.id === id ? { ...a, ...fields } : a));

function overloaded(objective: Record<string, unknown> = {}, extra: Partial<ProblemInput> = {}): ProblemInput {
  return {
    accounts: ACCOUNTS,
    reps: [
      { id: 'R1', role: 'field', capacity: 10 },
      { id: 'R2', role: 'field', capacity: 10 },
    ],
    callPatterns: ['A', 'B', 'C'].map(inPerson),
    travel: { distanceKm: [[40, 10, 12, 10], [5, 30, 30, 30]] },
    // Bands wide enough never to bind (±100% of the fair share): capacity alone is what is broken.
    balance: { workloadTolerance: 1, valueTolerance: null },
    objective: { travel: 'distance', ...objective },
    options: { mipGap: 0 },
    ...extra,
  } as ProblemInput;
}

describe('rebalance: fewest moves weighted by segment, then travel', () => {
  it('moves the C account, not the A account travel prefers, and says the move cost is proven least', async () => {
    const problem = makeProblem(overloaded());
    expect(problem.objective.mode).toBe('rebalance');
    const result = await solveChecked(problem);
    const best = bruteForce(problem)!;
    expect(best.moveCost).toBe(1);
    expect(result.solver.status).toBe('optimal');
    expect(repIdsOf(problem, result)).toEqual(['R1', 'R1', 'R2', 'R1']);
    expect(repIdsOf(problem, result)).toEqual(best.repIds);
    expect(result.rebalance).toEqual({ moveCost: 1, moveCostBound: 1, accountsMoved: 1 });
    expect(result.moves.map((m) => [m.accountId, m.reason])).toEqual([['c1', 'capacity']]);
    expect(result.solver.strategy).toMatch(/^fewest-moves\(.+\)\+/);

    // The weighted objective (travel only) moves A instead: 35 km saved.
    const weighted = makeProblem(overloaded({ mode: 'weighted' }));
    const travelOnly = await solveChecked(weighted);
    expect(repIdsOf(weighted, travelOnly)[0]).toBe('R2');
    expect(travelOnly.rebalance).toBeUndefined();
    expect(travelOnly.objective!.total).toBeLessThan(result.objective!.total);
  });

  it('among plans of the least move cost, takes the least travel', async () => {
    // Two C accounts of 4 h each: either fixes R1 at cost 1; c2 is the one far from R1.
    const input = overloaded({}, {
      accounts: withAccount('c2', { workload: 4 }),
      reps: [
        { id: 'R1', role: 'field', capacity: 12 },
        { id: 'R2', role: 'field', capacity: 10 },
      ],
      travel: { distanceKm: [[40, 10, 12, 30], [5, 30, 30, 6]] },
    });
    const problem = makeProblem(input);
    const result = await solveChecked(problem);
    const best = bruteForce(problem)!;
    expect(best.moveCost).toBe(1);
    expect(repIdsOf(problem, result)).toEqual(['R1', 'R1', 'R1', 'R2']);
    expect(closeTo(result.objective!.total, best.objective)).toBe(true);
    expect(result.rebalance).toMatchObject({ moveCost: 1, moveCostBound: 1, accountsMoved: 1 });
  });

  it('weighs moves by moveCostBySegment: with A moves cheap, the A account goes (and travel agrees)', async () => {
    const problem = makeProblem(overloaded({ mode: 'rebalance', moveCostBySegment: { A: 0.5, B: 2, C: 1 } }));
    const result = await solveChecked(problem);
    const best = bruteForce(problem)!;
    expect(best.moveCost).toBe(0.5);
    expect(repIdsOf(problem, result)).toEqual(best.repIds);
    expect(repIdsOf(problem, result)).toEqual(['R2', 'R1', 'R1', 'R1']);
    expect(result.rebalance).toMatchObject({ moveCost: 0.5, accountsMoved: 1 });
  });

  it('counts the move an ineligible owner forces, and an account without an owner costs nothing', async () => {
    // c2's owner R1 may not serve it (excluded); n has no owner. Both go to R2 at no choice.
    const input = overloaded({}, {
      accounts: [...withAccount('c2', { excludedRepIds: ['R1'] }), { id: 'n', segment: 'C', workload: 1, value: 5 }],
      travel: { distanceKm: [[40, 10, 12, 10, 50], [5, 30, 30, 30, 60]] },
    });
    const problem = makeProblem(input);
    expect(problem.objective.mode).toBe('rebalance');
    const result = await solveChecked(problem);
    const best = bruteForce(problem)!;
    // c2 must move (1); then 12 h on 10 h: one more 4 h account, the cheapest is c1 (1).
    expect(best.moveCost).toBe(2);
    expect(repIdsOf(problem, result)).toEqual(best.repIds);
    expect(result.rebalance).toMatchObject({ moveCost: 2, moveCostBound: 2, accountsMoved: 2 });
  });

  it('an infeasible problem is diagnosed as in the weighted mode', async () => {
    const problem = makeProblem(overloaded({}, { reps: [{ id: 'R1', role: 'field', capacity: 10 }, { id: 'R2', role: 'field', capacity: 1 }] }));
    expect(bruteForce(problem)).toBeNull();
    const result = await solveChecked(problem);
    expect(result.solver.status).toBe('infeasible');
    expect(result.diagnosis?.map((d) => d.family)).toContain('capacity');
    expect(result.rebalance).toBeUndefined();
  });
});

describe('objective.mode auto', () => {
  it('rebalances when more than half of the accounts have an owner and no weight says how to weigh moves', () => {
    expect(makeProblem(overloaded()).objective.mode).toBe('rebalance');
    for (const weights of [{ travelWeight: 1 }, { disruptionWeight: 0 }, { maxMoves: 2 }]) {
      expect(makeProblem(overloaded(weights)).objective.mode, JSON.stringify(weights)).toBe('weighted');
    }
    // Half of the accounts owned is not more than half: weighted.
    const half = overloaded();
    half.accounts = half.accounts.map((a, i) => (i < 2 ? a : { ...a, currentRepId: undefined }));
    expect(makeProblem(half).objective.mode).toBe('weighted');
    // Given, the mode is kept.
    expect(makeProblem(overloaded({ mode: 'weighted' })).objective.mode).toBe('weighted');
    expect(makeProblem(overloaded({ mode: 'rebalance', travelWeight: 2 })).objective.mode).toBe('rebalance');
  });

  it('a problem built in code that still says auto is judged by its weights being at their defaults', () => {
    const parsed = makeProblem(overloaded());
    const built = { ...parsed, objective: { ...parsed.objective, mode: 'auto' as const } };
    expect(objectiveMode(built)).toBe('rebalance');
    expect(objectiveMode({ ...built, objective: { ...built.objective, disruptionWeight: 5 } })).toBe('weighted');
  });
});
