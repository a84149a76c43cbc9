/**
 * The independent verifier catches each kind of violation on hand-made bad plans, and accepts a
 * good plan with a hand-computed objective. Each bad plan is the good plan with one change (swaps
 * keep the bands intact), so that only the family under test is violated.
 */
import { describe, expect, it } from 'vitest';
import type { ProblemInput } from '../../solver/problem.ts';
import { verify } from '../../solver/verify.ts';
import { makeProblem } from './support/fixtures.ts';

/**
 * Fixed workloads (h) and values: a1..a4, a7, a8 are 5 h / 20 each, a5 2 h / 0, a6 0 h / 0.
 * a1 needs skill "ent" (only R1 has it); a2 excludes R2; a3 is locked to R2; a4 is a B account
 * with R2 today and B is frozen; a5 is C (only the inside role has a C pattern); a6 is with R1
 * today and maxMoves is 0.
 */
function baseInput(): ProblemInput {
  const a = (id: string, segment: string, workload: number, value: number, extra: Record<string, unknown> = {}) => ({ id, segment, workload, value, ...extra });
  return {
    accounts: [
      a('a1', 'A', 5, 20, { skills: ['ent'] }),
      a('a2', 'A', 5, 20, { excludedRepIds: ['R2'] }),
      a('a3', 'A', 5, 20, { lockedRepId: 'R2' }),
      a('a4', 'B', 5, 20, { currentRepId: 'R2' }),
      a('a5', 'C', 2, 0),
      a('a6', 'A', 0, 0, { currentRepId: 'R1' }),
      a('a7', 'A', 5, 20),
      a('a8', 'A', 5, 20),
    ],
    reps: [
      { id: 'R1', role: 'field', capacity: 20, skills: ['ent'], maxAccounts: 4 },
      { id: 'R2', role: 'field', capacity: 20 },
      { id: 'I1', role: 'inside', capacity: 10 },
    ],
    callPatterns: [
      { segment: 'A', role: 'field', callsPerYear: 6, minutesPerCall: 60, channel: 'in_person' },
      { segment: 'B', role: 'field', callsPerYear: 3, minutesPerCall: 60, channel: 'in_person' },
      { segment: 'C', role: 'inside', callsPerYear: 4, minutesPerCall: 15, channel: 'phone' },
    ],
    travel: {
      distanceKm: [
        [1, 2, 3, 4, 5, 6, 7, 8],
        [10, 20, 30, 40, 50, 60, 70, 80],
        [9, 9, 9, 9, 9, 9, 9, 9],
      ],
    },
    balance: { workloadTolerance: 0.1, valueTolerance: 0.1 },
    objective: { travel: 'distance', frozenSegments: ['B'], maxMoves: 0 },
  };
}

/** R1 {a1, a2, a6, a8} 15 h / 60, R2 {a3, a4, a7} 15 h / 60, I1 {a5}. */
const GOOD: Record<string, string> = { a1: 'R1', a2: 'R1', a3: 'R2', a4: 'R2', a5: 'I1', a6: 'R1', a7: 'R2', a8: 'R1' };

const plan = (owners: Record<string, string>) => Object.entries(owners).map(([accountId, repId]) => ({ accountId, repId }));
const withChanges = (changes: Record<string, string>) => plan({ ...GOOD, ...changes });
const problem = makeProblem(baseInput());

describe('verify', () => {
  it('accepts the good plan and recomputes its objective and workloads', () => {
    const check = verify(problem, plan(GOOD));
    expect(check.violations).toEqual([]);
    expect(check.ok).toBe(true);
    // distance: R1 1 + 2 + 6 + 8, R2 30 + 40 + 70, I1 9.
    expect(check.objective.travel).toBe(166);
    expect(check.objective.disruption).toBe(0);
    expect(check.objective.balancePenalty).toBe(0);
    expect(check.objective.total).toBe(166);
    expect(check.workload).toEqual([15, 15, 2]);
  });

  it('catches an unassigned account', () => {
    const { a5: _dropped, ...rest } = GOOD;
    expect(verify(problem, plan(rest)).violations).toEqual(['account a5 is not assigned']);
  });

  it('catches a double assignment', () => {
    const check = verify(problem, [...plan(GOOD), { accountId: 'a5', repId: 'I1' }]);
    expect(check.ok).toBe(false);
    expect(check.violations).toEqual(['account a5 is assigned more than once']);
  });

  it('catches an unknown rep and an unknown account', () => {
    const check = verify(problem, [...withChanges({ a5: 'ghost' }), { accountId: 'zz', repId: 'R1' }]);
    expect(check.ok).toBe(false);
    expect(check.violations).toContain('account a5 is given to unknown rep ghost');
    expect(check.violations).toContain('account a5 is not assigned');
    expect(check.violations).toContain('assignment names unknown account zz');
  });

  it('catches an account given to a role without a call pattern for its segment', () => {
    // a5 (C) to the field rep R2: C has no field pattern.
    expect(verify(problem, withChanges({ a5: 'R2' })).violations).toEqual(["account a5 (segment C) has no call pattern for R2's role field"]);
  });

  it('catches a missing skill', () => {
    expect(verify(problem, withChanges({ a1: 'R2', a7: 'R1' })).violations).toEqual(['account a1 needs skill ent, which R2 lacks']);
  });

  it('catches an excluded rep', () => {
    expect(verify(problem, withChanges({ a2: 'R2', a7: 'R1' })).violations).toEqual(['account a2 excludes R2']);
  });

  it('catches a broken lock', () => {
    expect(verify(problem, withChanges({ a3: 'R1', a8: 'R2' })).violations).toEqual(['account a3 is locked to R2 but given to R1']);
  });

  it('catches a move out of a frozen segment (which is also a move beyond maxMoves 0)', () => {
    const violations = verify(problem, withChanges({ a4: 'R1', a8: 'R2' })).violations;
    expect(violations).toEqual(['account a4 is in frozen segment B but moved from R2 to R1', '1 accounts move, above maxMoves 0']);
  });

  it('catches too many moves', () => {
    // a6 (0 h, value 0) leaves R1: the bands do not notice, maxMoves 0 does.
    expect(verify(problem, withChanges({ a6: 'R2' })).violations).toEqual(['1 accounts move, above maxMoves 0']);
    const relaxed = makeProblem({ ...baseInput(), objective: { travel: 'distance', frozenSegments: ['B'], maxMoves: 1 } });
    expect(verify(relaxed, withChanges({ a6: 'R2' })).ok).toBe(true);
  });

  it('catches capacity', () => {
    const tight = baseInput();
    tight.reps = tight.reps.map((r) => (r.role === 'field' ? { ...r, capacity: 14 } : r));
    expect(verify(makeProblem(tight), plan(GOOD)).violations).toEqual([
      'rep R1 carries 15.00 h, above its capacity 14 h',
      'rep R2 carries 15.00 h, above its capacity 14 h',
    ]);
  });

  it('catches maxAccounts', () => {
    const tight = baseInput();
    tight.reps = tight.reps.map((r) => (r.id === 'R1' ? { ...r, maxAccounts: 3 } : r));
    expect(verify(makeProblem(tight), plan(GOOD)).violations).toEqual(['rep R1 has 4 accounts, above its maximum 3']);
  });
});

describe('verify: bands within a role around the capacity-proportional share', () => {
  // p1, p2 carry 10 h and no value; q1, q2 carry value 10 and no workload. Two field reps of 100 h.
  const bandInput = (balance: ProblemInput['balance']): ProblemInput => ({
    accounts: [
      { id: 'p1', segment: 'A', workload: 10, value: 0 },
      { id: 'p2', segment: 'A', workload: 10, value: 0 },
      { id: 'q1', segment: 'A', workload: 0, value: 10 },
      { id: 'q2', segment: 'A', workload: 0, value: 10 },
    ],
    reps: [
      { id: 'R1', role: 'field', capacity: 100 },
      { id: 'R2', role: 'field', capacity: 100 },
    ],
    callPatterns: [{ segment: 'A', role: 'field', callsPerYear: 1, minutesPerCall: 60, channel: 'phone' }],
    travel: { distanceKm: [[0, 0, 0, 0], [0, 0, 0, 0]] },
    balance,
  });
  const hard = makeProblem(bandInput({ workloadTolerance: 0.1, valueTolerance: 0.2 }));
  const balanced = plan({ p1: 'R1', q1: 'R1', p2: 'R2', q2: 'R2' });
  const workloadOff = plan({ p1: 'R1', p2: 'R1', q1: 'R1', q2: 'R2' });
  const valueOff = plan({ p1: 'R1', q1: 'R1', q2: 'R1', p2: 'R2' });

  it('accepts a balanced plan', () => {
    expect(verify(hard, balanced).violations).toEqual([]);
  });

  it('catches the workload band (20 h and 0 h around a 10 h share)', () => {
    expect(verify(hard, workloadOff).violations).toEqual([
      'workload of rep R1 is 20.00, outside ±0.1 of its share 10.00',
      'workload of rep R2 is 0.00, outside ±0.1 of its share 10.00',
    ]);
  });

  it('catches the value band (20 and 0 around a share of 10); valueTolerance null turns it off', () => {
    expect(verify(hard, valueOff).violations).toEqual([
      'value of rep R1 is 20.00, outside ±0.2 of its share 10.00',
      'value of rep R2 is 0.00, outside ±0.2 of its share 10.00',
    ]);
    expect(verify(makeProblem(bandInput({ workloadTolerance: 0.1, valueTolerance: null })), valueOff).ok).toBe(true);
  });

  it('shares are capacity-proportional: 2:1 capacities make 20 h + 10 h balanced', () => {
    const unequal = bandInput({ workloadTolerance: 0.1, valueTolerance: null });
    unequal.reps = [
      { id: 'R1', role: 'field', capacity: 200 },
      { id: 'R2', role: 'field', capacity: 100 },
    ];
    unequal.accounts = [...unequal.accounts, { id: 'p3', segment: 'A', workload: 10, value: 0 }];
    unequal.travel = { distanceKm: [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0]] };
    const check = verify(makeProblem(unequal), plan({ p1: 'R1', p2: 'R1', p3: 'R2', q1: 'R1', q2: 'R2' }));
    expect(check.violations).toEqual([]);
  });

  it('bands are within a role: a lone inside rep is always at its share', () => {
    const twoRoles = bandInput({ workloadTolerance: 0, valueTolerance: 0 });
    twoRoles.reps = [...twoRoles.reps, { id: 'I1', role: 'inside', capacity: 1000 }];
    twoRoles.callPatterns = [...(twoRoles.callPatterns ?? []), { segment: 'A', role: 'inside', callsPerYear: 1, minutesPerCall: 60, channel: 'phone' }];
    twoRoles.travel = { distanceKm: [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]] };
    expect(verify(makeProblem(twoRoles), plan({ p1: 'R1', q1: 'R1', p2: 'R2', q2: 'I1' })).violations).toEqual([
      'value of rep R1 is 10.00, outside ±0 of its share 5.00',
      'value of rep R2 is 0.00, outside ±0 of its share 5.00',
    ]);
  });

  it('soft bands are no violations but a penalty per unit outside, per 1% of a typical share', () => {
    const soft = makeProblem(bandInput({ workloadTolerance: 0.1, valueTolerance: 0.2, mode: 'soft', softPenalty: 1000 }));
    // Workload 20 / 0 around 10 +-1: 9 + 9 h outside; 1% of the mean capacity is 1 h -> 18 x 1000.
    const w = verify(soft, workloadOff);
    expect(w.ok).toBe(true);
    expect(w.objective.balancePenalty).toBeCloseTo(18_000, 6);
    // Value 20 / 0 around 10 +-2: 8 + 8 outside; 1% of the mean value per rep (10) is 0.1 -> 160 x 1000.
    const v = verify(soft, valueOff);
    expect(v.ok).toBe(true);
    expect(v.objective.balancePenalty).toBeCloseTo(160_000, 6);
    expect(v.objective.total).toBeCloseTo(160_000, 6);
    expect(verify(soft, balanced).objective.balancePenalty).toBe(0);
  });
});
