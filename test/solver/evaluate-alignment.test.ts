/**
 * evaluateAlignment: territory metrics for any alignment. Today's alignment of a hand-computed case
 * (an owner the lock rules out, an unknown owner, an account without one), and the solver's own plan,
 * whose metrics must equal the result's territories.
 *
 *   Distances: F1-a1 30, F2-a1 99, F2-a2 20, F1-a3 10 km (matrix); per visit 2 x km x 1.3 / 60 x 0.5 h.
 *   Today: a1 -> F2 (99 km): 12 x (1 + 2.145) = 37.74 h, 12 x 2 x 99 x 1.3 x 0.5 = 1544.4 road km
 *          a2 -> F2 (20 km): 12 x (1 + 0.4333) = 17.2 h, 312 road km
 *          a3 -> F1 (10 km):  6 x (0.5 + 0.2167) = 4.3 h, 78 road km
 *          a4 -> "ghost" (no rep), a5 no owner: both unassigned.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { currentAlignment, evaluateAlignment } from '../../solver/evaluate-alignment.ts';
import type { Problem, ProblemInput } from '../../solver/problem.ts';
import type { TerritoryResult } from '../../solver/result.ts';
import { makeProblem, solveChecked } from './support/fixtures.ts';

const input: ProblemInput = {
  accounts: [
    { id: 'a1', value: 500, segment: 'A', lockedRepId: 'F1', currentRepId: 'F2', lat: 48, lon: 11 },
    { id: 'a2', value: 300, segment: 'A', currentRepId: 'F2', lat: 50, lon: 10 },
    { id: 'a3', value: 100, segment: 'B', currentRepId: 'F1', lat: 49, lon: 12 },
    { id: 'a4', value: 60, segment: 'C', currentRepId: 'ghost' },
    { id: 'a5', value: 40, segment: 'C' },
  ],
  reps: [
    { id: 'F1', role: 'field', capacity: 40, name: 'Fran' },
    { id: 'F2', role: 'field', capacity: 20 },
    { id: 'I1', role: 'inside', capacity: 4 },
  ],
  callPatterns: [
    { segment: 'A', role: 'field', callsPerYear: 12, minutesPerCall: 60, channel: 'in_person' },
    { segment: 'B', role: 'field', callsPerYear: 6, minutesPerCall: 30, channel: 'in_person' },
    { segment: 'C', role: 'inside', callsPerYear: 4, minutesPerCall: 15, channel: 'phone' },
  ],
  travel: { distanceKm: [[30, 99, 10, 99, 99], [99, 20, 99, 99, 99], [99, 99, 99, 50, 50]] },
  balance: { workloadTolerance: 1, valueTolerance: null },
};

describe('evaluateAlignment: today', () => {
  const problem = makeProblem(input);
  const today = evaluateAlignment(problem, currentAlignment(problem));

  it('counts each owned account at its owner with the workload formula', () => {
    const [f1, f2, i1] = today.territories;
    expect(f2).toMatchObject({ repId: 'F2', role: 'field', accounts: 2, accountsBySegment: { A: 2 }, value: 800, callsPerYear: 24, capacity: 20 });
    expect(f2!.workload.total).toBeCloseTo(37.74 + 17.2, 9);
    expect(f2!.workload.calls).toBeCloseTo(24, 9);
    expect(f2!.utilization).toBeCloseTo((37.74 + 17.2) / 20, 9);
    expect(f2!.travelKm).toBeCloseTo(1544.4 + 312, 9);
    expect(f2!.distanceKm).toBe(119);
    expect(f1).toMatchObject({ repId: 'F1', repName: 'Fran', accounts: 1, accountsBySegment: { B: 1 }, value: 100 });
    expect(f1!.workload.total).toBeCloseTo(4.3, 9);
    expect(i1).toMatchObject({ accounts: 0, accountsBySegment: {}, value: 0, centroid: null, workloadIndex: 1, valueIndex: 1 });
    // Index against the capacity share of the role: F2 has 20 of the field's 60 h.
    expect(f2!.workloadIndex).toBeCloseTo((37.74 + 17.2) / ((20 / 60) * (37.74 + 17.2 + 4.3)), 9);
    expect(f1!.valueIndex).toBeCloseTo(100 / ((40 / 60) * 900), 9);
  });

  it('lists accounts without a known owner as unassigned, and an owner the lock rules out as ineligible', () => {
    expect(today.unassigned).toEqual(['a4', 'a5']);
    expect(today.ineligible).toEqual([{ accountId: 'a1', repId: 'F2', why: 'the account is locked to F1' }]);
    expect(today.accounts.map((a) => [a.accountId, a.repId, a.km])).toEqual([['a1', 'F2', 99], ['a2', 'F2', 20], ['a3', 'F1', 10], ['a4', null, null], ['a5', null, null]]);
    expect(today.accounts[0]!.workload).toBeCloseTo(37.74, 9);
  });

  it('ignores entries that name no account or rep, or an account twice', () => {
    const e = evaluateAlignment(problem, [{ accountId: 'a2', repId: 'F1' }, { accountId: 'a2', repId: 'F2' }, { accountId: 'zz', repId: 'F1' }, { accountId: 'a3', repId: 'nobody' }]);
    expect(e.ignored.map((x) => x.why)).toEqual(['the account already has an owner in this alignment', 'no such account', 'no such rep']);
    expect(e.accounts[1]!.repId).toBe('F1');
    expect(e.unassigned).toEqual(['a1', 'a3', 'a4', 'a5']);
  });

  it('names a call-pattern gap as ineligible and counts the account at 0 h', () => {
    const e = evaluateAlignment(problem, [{ accountId: 'a4', repId: 'F1' }]);
    expect(e.ineligible).toEqual([{ accountId: 'a4', repId: 'F1', why: 'role field has no call pattern for segment C' }]);
    expect(e.territories[0]).toMatchObject({ accounts: 1, value: 60, workload: { calls: 0, travel: 0, total: 0 } });
  });
});

describe('evaluateAlignment: the solver\'s plan', () => {
  let problem: Problem;
  let result: TerritoryResult;
  beforeAll(async () => {
    problem = makeProblem(JSON.parse(readFileSync(new URL('../../data/tiny.json', import.meta.url), 'utf8')) as ProblemInput);
    result = await solveChecked(problem);
  });

  it('gives the result\'s territories for the result\'s assignments', () => {
    const plan = evaluateAlignment(problem, result.assignments);
    expect(plan.unassigned).toEqual([]);
    expect(plan.ineligible).toEqual([]);
    expect(plan.territories.length).toBe(result.territories.length);
    plan.territories.forEach((t, j) => {
      const r = result.territories[j]!;
      expect({ ...t, workload: null, utilization: null, workloadIndex: null, valueIndex: null, travelKm: null, distanceKm: null, centroid: null })
        .toEqual({ ...r, workload: null, utilization: null, workloadIndex: null, valueIndex: null, travelKm: null, distanceKm: null, centroid: null });
      expect(t.workload.total).toBeCloseTo(r.workload.total, 9);
      expect(t.workload.travel).toBeCloseTo(r.workload.travel, 9);
      expect(t.utilization).toBeCloseTo(r.utilization, 9);
      expect(t.workloadIndex).toBeCloseTo(r.workloadIndex, 9);
      expect(t.valueIndex).toBeCloseTo(r.valueIndex, 9);
      expect(t.travelKm).toBeCloseTo(r.travelKm, 9);
      expect(t.distanceKm).toBeCloseTo(r.distanceKm, 9);
      expect(t.centroid?.lat).toBeCloseTo(r.centroid!.lat, 9);
    });
  });

  it('today leaves the new account out (Ettlingen has no current rep)', () => {
    const today = evaluateAlignment(problem, currentAlignment(problem));
    expect(today.unassigned).toEqual(['ettlingen']);
    expect(today.territories.reduce((s, t) => s + t.accounts, 0)).toBe(problem.accounts.length - 1);
  });
});
