/**
 * Metamorphic tests on the named 12-account Bavarian fixture (three field reps, hard workload and
 * value bands, proven optimum with mipGap 0): transformations that must not change the optimum, or
 * change it by an amount known in advance. Every plan is re-checked by the independent verifier.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Problem, ProblemInput } from '../../solver/problem.ts';
import type { TerritoryResult } from '../../solver/result.ts';
import { verify } from '../../solver/verify.ts';
import { bavariaInput, closeTo, greatCircleKm, makeProblem, PLACES, repIdsOf, solveChecked } from './support/fixtures.ts';

/** A seeded permutation (mulberry32 + Fisher-Yates), so every run shuffles the same way. */
function permutation(n: number, seed: number): number[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const k = Math.floor(random() * (i + 1));
    [order[i], order[k]] = [order[k]!, order[i]!];
  }
  return order;
}

const input = bavariaInput();
type AccountInput = ProblemInput['accounts'][number];
type RepInput = ProblemInput['reps'][number];

let base: Problem;
let baseResult: TerritoryResult;

beforeAll(async () => {
  base = makeProblem(input);
  baseResult = await solveChecked(base);
});

describe('metamorphic: the 12-account Bavarian problem', () => {
  it('the base problem solves to a proven, verified optimum', () => {
    expect(baseResult.solver.status).toBe('optimal');
    expect(baseResult.solver.gap).toBeLessThanOrEqual(1e-9);
    expect(baseResult.assignments).toHaveLength(12);
    // Every rep gets a territory (the bands forbid an empty one).
    expect(baseResult.territories.every((t) => t.accounts > 0)).toBe(true);
  });

  it('relabelling and reordering the reps gives the same optimum (and the same plan, renamed)', async () => {
    const rename = (id: string) => `renamed-${id.split('').reverse().join('')}`;
    const reps = [...input.reps].reverse().map((r: RepInput) => ({ ...r, id: rename(r.id) }));
    const relabelled = makeProblem({ ...input, reps });
    const result = await solveChecked(relabelled);
    expect(result.solver.status).toBe('optimal');
    expect(closeTo(result.objective!.total, baseResult.objective!.total)).toBe(true);
    // The base plan, renamed, is valid in the relabelled problem at the same objective.
    const mapped = baseResult.assignments.map((a) => ({ accountId: a.accountId, repId: rename(a.repId) }));
    const check = verify(relabelled, mapped);
    expect(check.ok).toBe(true);
    expect(closeTo(check.objective.total, baseResult.objective!.total)).toBe(true);
  });

  it('shuffling the accounts gives the same optimum', async () => {
    const order = permutation(input.accounts.length, 7);
    expect(order).not.toEqual(order.map((_, i) => i));
    const shuffled = makeProblem({ ...input, accounts: order.map((i) => input.accounts[i]!) });
    const result = await solveChecked(shuffled);
    expect(result.solver.status).toBe('optimal');
    expect(closeTo(result.objective!.total, baseResult.objective!.total)).toBe(true);
    // The base plan (keyed by account id) is valid in the shuffled problem at the same objective,
    // and the segment mix is unchanged (values are distinct, so no position tie-breaks).
    const check = verify(shuffled, baseResult.assignments);
    expect(check.ok).toBe(true);
    expect(closeTo(check.objective.total, baseResult.objective!.total)).toBe(true);
    expect(result.capacity.segments).toEqual(baseResult.capacity.segments.map((s) => expect.objectContaining({ segment: s.segment, accounts: s.accounts })));
  });

  // A zero-value account with a fixed workload of 0 changes neither the value nor the workload of
  // any rep, nor anyone's 80/20 segment (it ranks last, and the total is unchanged). So it is
  // independent of the rest: the optimum grows by exactly its own cheapest travel cost. (With a
  // call-pattern workload it would shift the workload bands and no such identity would hold.)
  it('adding a zero-value, zero-workload account at a rep\'s home keeps the optimum', async () => {
    const extra: AccountInput = { id: 'acc-new-at-home', value: 0, workload: 0, ...PLACES.augsburg };
    const grown = makeProblem({ ...input, accounts: [...input.accounts, extra] });
    const result = await solveChecked(grown);
    expect(result.solver.status).toBe('optimal');
    expect(closeTo(result.objective!.total, baseResult.objective!.total)).toBe(true);
    expect(repIdsOf(grown, result).at(-1)).toBe('rep-augsburg');
  });

  it('adding a zero-value, zero-workload account elsewhere adds exactly its own cheapest travel', async () => {
    const town = PLACES.landshut;
    const extra: AccountInput = { id: 'acc-new-landshut', value: 0, workload: 0, ...town };
    const grown = makeProblem({ ...input, accounts: [...input.accounts, extra] });
    const result = await solveChecked(grown);
    expect(result.solver.status).toBe('optimal');
    // It is a C account (2 in-person calls/year): 2 x 2 x km x 1.3 x 0.5 = 2.6 x km per year.
    const own = Math.min(...input.reps.map((r) => 2.6 * greatCircleKm(r.lat!, r.lon!, town.lat, town.lon)));
    expect(own).toBeGreaterThan(100);
    expect(closeTo(result.objective!.total, baseResult.objective!.total + own)).toBe(true);
    expect(repIdsOf(grown, result).at(-1)).toBe('rep-munich');
  });

  it('scaling every value by 10 keeps the 80/20 segments, the value band and the optimum', async () => {
    const scaled = makeProblem({ ...input, accounts: input.accounts.map((a: AccountInput) => ({ ...a, value: a.value * 10 })) });
    const result = await solveChecked(scaled);
    expect(result.solver.status).toBe('optimal');
    expect(closeTo(result.objective!.total, baseResult.objective!.total)).toBe(true);
    const totalBySegment = (r: TerritoryResult) => r.capacity.segments.map((s) => [s.segment, s.accounts]);
    expect(totalBySegment(result)).toEqual(totalBySegment(baseResult));
    expect(result.territories.reduce((s, t) => s + t.value, 0)).toBeCloseTo(10 * baseResult.territories.reduce((s, t) => s + t.value, 0), 6);
  });

  it('doubling travelWeight doubles the optimum and keeps a plan that is optimal for both', async () => {
    const doubled = makeProblem({ ...input, objective: { travelWeight: 2 } });
    const result = await solveChecked(doubled);
    expect(result.solver.status).toBe('optimal');
    expect(closeTo(result.objective!.total, 2 * baseResult.objective!.total)).toBe(true);
    expect(closeTo(result.objective!.travel, baseResult.objective!.travel)).toBe(true);
  });

  it('the same input and seed give the same plan', async () => {
    const again = await solveChecked(makeProblem(input));
    expect(again.assignments).toEqual(baseResult.assignments);
    expect(again.objective).toEqual(baseResult.objective);
  });
});
