/**
 * Strength matching (issue 11, "territory quality"): with reps[].tier and objective.tierWeight, the
 * accounts of most value go to the strongest reps first; the verifier re-derives the tier term on
 * its own, and with the weight at 0 the tiers change nothing.
 */
import { describe, expect, it } from 'vitest';
import { verify } from '../../solver/index.ts';
import { makeProblem, solveChecked } from './support/fixtures.ts';

/** Four accounts at one place and two reps beside them: travel is the same for either rep. */
function twoTiers(tierWeight: number) {
  return makeProblem({
    accounts: [100, 900, 400, 700].map((value, k) => ({ id: `a${k}`, lat: 48.1, lon: 11.5, value, segment: 'A' })),
    reps: [
      { id: 'junior', lat: 48.1, lon: 11.5, role: 'field', capacity: 10, maxAccounts: 2, tier: 2 },
      { id: 'senior', lat: 48.1, lon: 11.5, role: 'field', capacity: 10, maxAccounts: 2, tier: 1 },
    ],
    callPatterns: [{ segment: 'A', role: 'field', callsPerYear: 4, minutesPerCall: 60, channel: 'in_person' }],
    balance: { mode: 'soft', workloadTolerance: 1, valueTolerance: null },
    objective: { tierWeight },
  });
}

describe('strength matching', () => {
  it('gives the strongest rep the accounts of most value, and the verifier counts the tier term', async () => {
    const problem = twoTiers(10);
    const result = await solveChecked(problem);
    const senior = result.assignments.filter((a) => a.repId === 'senior').map((a) => a.accountId).sort();
    expect(senior).toEqual(['a1', 'a3']);
    const check = verify(problem, result.assignments);
    // Mean value 525: the junior's accounts weigh (100 + 400) / 525 tiers below 1.
    expect(check.objective.tierMismatch).toBeCloseTo(500 / 525, 9);
    expect(check.objective.tierWeight).toBe(10);
    expect(check.objective.total).toBeCloseTo(check.objective.travel + 10 * (500 / 525), 6);
    // Any other split costs more by the tier term alone.
    const swapped = result.assignments.map((a) => ({ accountId: a.accountId, repId: a.accountId === 'a1' ? 'junior' : a.accountId === 'a0' ? 'senior' : a.repId }));
    expect(verify(problem, swapped).objective.total).toBeGreaterThan(check.objective.total);
  });

  it('changes nothing with the weight at 0', async () => {
    const problem = twoTiers(0);
    const result = await solveChecked(problem);
    expect(verify(problem, result.assignments).objective.tierWeight).toBe(0);
    expect(result.objective!.total).toBeCloseTo(result.objective!.travel, 6);
  });
});
