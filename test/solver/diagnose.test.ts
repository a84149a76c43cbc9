/**
 * Infeasible problems return status "infeasible" with a diagnosis naming the constraint family and
 * the amount, in a sales leader's words. Where the diagnosis proposes a fix, applying it solves.
 */
import { describe, expect, it } from 'vitest';
import type { ProblemInput } from '../../solver/problem.ts';
import { bruteForce } from './support/brute-force.ts';
import { diagnosisOf, fieldA, insideC, problemAt } from './support/diagnosis.ts';
import { makeProblem, solveChecked } from './support/fixtures.ts';

describe('diagnosis of infeasible problems', () => {
  // Ten A accounts of 250 h (field only) against field reps of 1000 h and 800 h; the inside rep's
  // 5000 h cannot help. Demand 2500 h vs 1800 h: 700 h short. At 85%, 2500 / (900 x 0.85) = 3.268
  // reps are needed: 1.3 more.
  const fieldShort = (target?: number): ProblemInput =>
    problemAt({
      accounts: [...Array.from({ length: 10 }, () => ({ segment: 'A', workload: 250 })), { segment: 'C' }],
      reps: [
        { id: 'F1', role: 'field', capacity: 1000 },
        { id: 'F2', role: 'field', capacity: 800 },
        { id: 'I1', role: 'inside', capacity: 5000 },
      ],
      callPatterns: [fieldA, insideC],
      ...(target !== undefined ? { capacityReport: { targetUtilization: target } } : {}),
    });

  it('field demand above field capacity: the hours short and the extra field reps needed', async () => {
    const result = await solveChecked(makeProblem(fieldShort()));
    const d = diagnosisOf(result, 'capacity');
    expect(result.solver.strategy).toBe('structural-checks');
    expect(d.message).toBe('field demand 2,500 h vs field capacity 1,800 h: 1.3 more field reps at 85% utilisation');
    expect(d.shortfall).toBeCloseTo(700, 9);
    expect(d.unit).toBe('hours');
    expect(d.ids).toEqual(['field']);
    // Only the field role is short.
    expect(result.diagnosis!.filter((x) => x.family === 'capacity')).toHaveLength(1);

    // The estimated capacity report says the same in numbers.
    const field = result.capacity.roles.find((r) => r.role === 'field')!;
    expect(result.capacity.estimated).toBe(true);
    expect(field.demandHours).toBeCloseTo(2500, 9);
    expect(field.coverage).toBeCloseTo(1800 / 2500, 9);
    expect(field.headcountNeeded).toBeCloseTo(2500 / 765, 9);
    expect(field.surplusFte).toBeCloseTo(2 - 2500 / 765, 9);
  });

  it('the extra reps are counted at the configured target utilisation', async () => {
    const result = await solveChecked(makeProblem(fieldShort(0.9)));
    // 2500 / (900 x 0.9) - 2 = 1.086.
    expect(diagnosisOf(result, 'capacity').message).toBe('field demand 2,500 h vs field capacity 1,800 h: 1.1 more field reps at 90% utilisation');
  });

  it('a lock that overloads a rep: the hours too many on that rep', async () => {
    const result = await solveChecked(
      makeProblem(
        problemAt({
          accounts: [
            { segment: 'A', workload: 60, lockedRepId: 'F1' },
            { segment: 'A', workload: 70, lockedRepId: 'F1' },
            { segment: 'A', workload: 10 },
          ],
          reps: [
            { id: 'F1', role: 'field', capacity: 100 },
            { id: 'F2', role: 'field', capacity: 200 },
          ],
          callPatterns: [fieldA],
          balance: { workloadTolerance: 1, valueTolerance: null },
        }),
      ),
    );
    const d = diagnosisOf(result, 'locks');
    expect(d.message).toBe('accounts that can only go to F1 need 130 h, capacity 100 h: 30 h too many (2 locked to F1: 130 h)');
    expect(d.shortfall).toBeCloseTo(30, 9);
    expect(d.ids).toEqual(['F1']);
    expect(result.diagnosis).toHaveLength(1);
  });

  it('locks and a single eligible rep are told apart on the rep they overload', async () => {
    const result = await solveChecked(
      makeProblem(
        problemAt({
          accounts: [
            { segment: 'A', workload: 60, lockedRepId: 'F1' },
            { segment: 'A', workload: 50, skills: ['oncology'] },
            { segment: 'A', workload: 10 },
          ],
          reps: [
            { id: 'F1', name: 'Stuttgart', role: 'field', capacity: 100, skills: ['oncology'] },
            { id: 'F2', role: 'field', capacity: 200 },
          ],
          callPatterns: [fieldA],
          balance: { workloadTolerance: 1, valueTolerance: null },
        }),
      ),
    );
    const d = diagnosisOf(result, 'locks');
    expect(d.message).toBe('accounts that can only go to Stuttgart (F1) need 110 h, capacity 100 h: 10 h too many (1 locked to F1: 60 h; 1 with no other eligible rep: 50 h)');
    expect(d).toMatchObject({ unit: 'hours', ids: ['F1'] });
    expect(result.diagnosis).toHaveLength(1);
  });

  // Stuttgart holds four frozen A accounts of 700 h (2,800 h) on 1,720 h; its B account may move.
  // Two A accounts must go: 2,100 h is still too much, 1,400 h fits.
  const frozenStuttgart = (objective: ProblemInput['objective']): ProblemInput =>
    problemAt({
      accounts: [
        ...Array.from({ length: 4 }, () => ({ segment: 'A', workload: 700, currentRepId: 'S' })),
        { segment: 'B', workload: 100, currentRepId: 'S' },
        { segment: 'B', workload: 100, currentRepId: 'M' },
      ],
      reps: [
        { id: 'S', name: 'Stuttgart', role: 'field', capacity: 1720 },
        { id: 'M', name: 'Munich', role: 'field', capacity: 3000 },
      ],
      callPatterns: [fieldA, { ...fieldA, segment: 'B' }],
      balance: { workloadTolerance: 1, valueTolerance: null },
      objective,
      options: { mipGap: 0 },
    });

  it('a frozen segment that overloads a rep: names the segment, the rep and how many must move', async () => {
    const result = await solveChecked(makeProblem(frozenStuttgart({ frozenSegments: ['A'] })));
    const d = diagnosisOf(result, 'frozen-segments');
    expect(result.solver.strategy).toBe('structural-checks');
    expect(d.message).toBe(
      'segment A is frozen (A accounts keep their current rep): the frozen A accounts of Stuttgart (S) need 2,800 h, capacity 1,720 h; unfreeze A or let at least 2 of them move',
    );
    expect(d).toMatchObject({ shortfall: 1080, unit: 'hours', ids: ['S'], segments: ['A'] });
    expect(d.territories).toEqual([{ repId: 'S', repName: 'Stuttgart', limit: 'capacity', load: 2800, max: 1720, unit: 'hours', mustLeave: 2 }]);
    expect(result.diagnosis!.some((x) => x.family === 'locks')).toBe(false);

    // The fix it proposes works: unfrozen, with room for two moves, the plan moves two A accounts.
    const fixed = await solveChecked(makeProblem(frozenStuttgart({ maxMoves: 2 })));
    expect(fixed.solver.status).toBe('optimal');
    expect(fixed.moves).toHaveLength(2);
  });

  it('a frozen segment above the most a hard band lets the rep carry in any plan', async () => {
    // Capacities of 5,000 h leave room, but ±10% of an even split of at most 3,000 h is 1,650 h.
    const input = frozenStuttgart({ frozenSegments: ['A'] });
    const reps = input.reps.map((r) => ({ ...r, capacity: 5000 }));
    const result = await solveChecked(makeProblem({ ...input, reps, balance: { workloadTolerance: 0.1, valueTolerance: null } }));
    const d = diagnosisOf(result, 'frozen-segments');
    expect(d.message).toBe(
      'segment A is frozen (A accounts keep their current rep): the frozen A accounts of Stuttgart (S) need 2,800 h, at most 1,650 h under its ±10% workload band in any plan; unfreeze A or let at least 2 of them move',
    );
    expect(d.territories).toMatchObject([{ repId: 'S', limit: 'workload-band', mustLeave: 2 }]);
  });

  it('a frozen account its current rep may not own says the segment is frozen', async () => {
    const result = await solveChecked(
      makeProblem(
        problemAt({
          accounts: [{ segment: 'A', skills: ['oncology'], currentRepId: 'F1' }, { segment: 'A' }],
          reps: [
            { id: 'F1', role: 'field', capacity: 100 },
            { id: 'F2', role: 'field', capacity: 100, skills: ['oncology'] },
          ],
          callPatterns: [fieldA],
          objective: { frozenSegments: ['A'] },
        }),
      ),
    );
    expect(diagnosisOf(result, 'eligibility').message).toBe('1 account(s) have no eligible rep (a1): segment A is frozen (the account keeps its current rep F1), but rep lacks skill oncology');
  });

  it('a skill no rep has: the accounts without an eligible rep', async () => {
    const result = await solveChecked(
      makeProblem(
        problemAt({
          accounts: [{ segment: 'A' }, { segment: 'A', skills: ['mandarin'] }, { segment: 'A', skills: ['mandarin'] }],
          reps: [
            { id: 'F1', role: 'field', capacity: 100, skills: ['ent'] },
            { id: 'F2', role: 'field', capacity: 100 },
          ],
          callPatterns: [fieldA],
        }),
      ),
    );
    const d = diagnosisOf(result, 'eligibility');
    expect(d.message).toBe('2 account(s) have no eligible rep (a2, a3): rep lacks skill mandarin');
    expect(d).toMatchObject({ shortfall: 2, unit: 'accounts', ids: ['a2', 'a3'] });
  });

  it('a segment with no call pattern for any role', async () => {
    const result = await solveChecked(
      makeProblem(
        problemAt({
          accounts: [{ segment: 'A' }, { segment: 'D' }],
          reps: [
            { id: 'F1', role: 'field', capacity: 100 },
            { id: 'I1', role: 'inside', capacity: 100 },
          ],
          callPatterns: [fieldA, insideC],
        }),
      ),
    );
    const d = diagnosisOf(result, 'eligibility');
    expect(d.message).toBe('1 account(s) have no eligible rep (a2): no call pattern for segment D and role field; no call pattern for segment D and role inside');
    expect(d).toMatchObject({ shortfall: 1, ids: ['a2'] });
  });

  it('maxAccounts that add up to fewer than the accounts', async () => {
    const result = await solveChecked(
      makeProblem(
        problemAt({
          accounts: Array.from({ length: 5 }, () => ({ segment: 'A' })),
          reps: [
            { id: 'F1', role: 'field', capacity: 100, maxAccounts: 2 },
            { id: 'F2', role: 'field', capacity: 100, maxAccounts: 2 },
          ],
          callPatterns: [fieldA],
        }),
      ),
    );
    const d = diagnosisOf(result, 'max-accounts');
    expect(d.message).toBe("5 accounts but the reps' maxAccounts add up to 4");
    expect(d.shortfall).toBe(1);
  });

  // Three indivisible 10 h accounts on two equal reps: a ±0% band needs 15 h each. The most balanced
  // plan is 20 h + 10 h: 5 + 5 h outside, each rep 33.3% from its share of 15 h.
  const threeAccounts = (balance: ProblemInput['balance']): ProblemInput =>
    problemAt({
      accounts: [
        { segment: 'A', workload: 10, value: 10 },
        { segment: 'A', workload: 10, value: 10 },
        { segment: 'A', workload: 10, value: 10 },
      ],
      reps: [
        { id: 'R1', role: 'field', capacity: 100 },
        { id: 'R2', role: 'field', capacity: 100 },
      ],
      callPatterns: [fieldA],
      balance,
      options: { mipGap: 0 },
    });

  it('a workload band too tight for indivisible accounts: how far, and the tolerance that would do', async () => {
    const result = await solveChecked(makeProblem(threeAccounts({ workloadTolerance: 0, valueTolerance: null })));
    const d = diagnosisOf(result, 'workload-band');
    expect(d.message).toMatch(/^the workload band ±0% cannot hold: the most balanced plan still leaves 10 h outside the bands \(R[12] at 33\.3% from its share\); a tolerance of ±33\.4% would admit it$/);
    expect(d.shortfall).toBeCloseTo(10, 6);
    expect(d.unit).toBe('hours');

    // The proposed tolerance indeed admits a plan, which brute force confirms is optimal.
    const fixed = makeProblem(threeAccounts({ workloadTolerance: 0.334, valueTolerance: null }));
    const solved = await solveChecked(fixed);
    expect(solved.solver.status).toBe('optimal');
    expect(bruteForce(fixed)).not.toBeNull();
  });

  it('a value band too tight: the value outside, and the workload band said to hold on its own', async () => {
    const result = await solveChecked(makeProblem(threeAccounts({ workloadTolerance: 1, valueTolerance: 0 })));
    const value = diagnosisOf(result, 'value-band');
    expect(value.message).toMatch(/cannot hold: the most balanced plan still leaves 10 of value outside the bands .*a tolerance of ±33\.4% would admit it$/);
    expect(value).toMatchObject({ unit: 'value' });
    expect(value.shortfall).toBeCloseTo(10, 6);
    const workload = diagnosisOf(result, 'workload-band');
    expect(workload.message).toBe('the workload band ±100% can hold on its own; it is its combination with the other constraints that fails');
    expect(workload.shortfall).toBe(0);
  });
});
