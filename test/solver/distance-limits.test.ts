/**
 * Distance limits (problem.limits) on tiny hand-made problems: hard limits remove pairs (solve =
 * brute force over the independent verifier), soft limits charge penaltyPerKm per road km beyond,
 * and the precedence segment > role > global holds field by field.
 *
 * The base problem: R1 (maxAccounts 1) and R2, travel "visits" with circuityFactor 1 (objective =
 * calls x km), a1 (segment A, 10 calls/year) 5 km from R1 and 10 from R2, a2 (segment B, 1 call)
 * 6 km from R1 and 40 from R2. Unlimited, a2 goes the 40 km to R2 (10 x 5 + 40 = 90, against
 * 10 x 10 + 6 = 106); a limit below 40 km for a2's pair forces the 106 plan.
 */
import { describe, expect, it } from 'vitest';
import type { ProblemInput } from '../../solver/problem.ts';
import { verify } from '../../solver/verify.ts';
import { bruteForce } from './support/brute-force.ts';
import { closeTo, makeProblem, repIdsOf, solveChecked } from './support/fixtures.ts';

function base(limits: ProblemInput['limits']): ProblemInput {
  return {
    accounts: [
      { id: 'a1', value: 10, segment: 'A' },
      { id: 'a2', value: 10, segment: 'B' },
    ],
    reps: [
      { id: 'R1', name: 'Anna Huber', role: 'field', capacity: 100, maxAccounts: 1 },
      { id: 'R2', role: 'field', capacity: 100 },
    ],
    callPatterns: [
      { segment: 'A', role: 'field', callsPerYear: 10, minutesPerCall: 60, channel: 'in_person' },
      { segment: 'B', role: 'field', callsPerYear: 1, minutesPerCall: 60, channel: 'in_person' },
    ],
    travel: { distanceKm: [[5, 6], [10, 40]], circuityFactor: 1 },
    balance: { workloadTolerance: 1, valueTolerance: null },
    options: { mipGap: 0 },
    ...(limits ? { limits } : {}),
  };
}

const FAR = { repIds: ['R1', 'R2'], objective: 90 };
const NEAR = { repIds: ['R2', 'R1'], objective: 106 };

async function expectOptimum(input: ProblemInput, expected: { repIds: string[]; objective: number }) {
  const problem = makeProblem(input);
  const result = await solveChecked(problem);
  expect(result.solver.status).toBe('optimal');
  const best = bruteForce(problem)!;
  expect(best.objective).toBeCloseTo(expected.objective, 9);
  expect(closeTo(result.objective!.total, best.objective)).toBe(true);
  expect(repIdsOf(problem, result)).toEqual(expected.repIds);
  return result;
}

describe('distance limits (hard): ineligible pairs, most specific level wins', () => {
  it('no limit: a2 goes 40 km to R2', async () => {
    await expectOptimum(base(undefined), FAR);
  });

  it('global maxDistanceKm 30 forces a2 to R1', async () => {
    await expectOptimum(base({ maxDistanceKm: 30 }), NEAR);
  });

  it('maxTravelMinutes 30 at 60 km/h is 30 road km', async () => {
    await expectOptimum(base({ maxTravelMinutes: 30 }), NEAR);
    await expectOptimum(base({ maxTravelMinutes: 45 }), FAR);
  });

  it('the limit is on road km: km x circuityFactor', async () => {
    // 40 km x 1.3 = 52 road km > 50; objective in road km: 1.3 x 106.
    const input = base({ maxDistanceKm: 50 });
    const problem = { ...input, travel: { ...input.travel, circuityFactor: 1.3 } };
    await expectOptimum(problem, { repIds: NEAR.repIds, objective: 1.3 * 106 });
  });

  it('byRole overrides global; bySegment overrides byRole', async () => {
    await expectOptimum(base({ maxDistanceKm: 30, byRole: { field: { maxDistanceKm: 50 } } }), FAR);
    await expectOptimum(base({ maxDistanceKm: 50, byRole: { field: { maxDistanceKm: 30 } } }), NEAR);
    await expectOptimum(base({ byRole: { field: { maxDistanceKm: 30 } }, bySegment: { B: { maxDistanceKm: 50 } } }), FAR);
    await expectOptimum(base({ byRole: { field: { maxDistanceKm: 50 } }, bySegment: { B: { maxDistanceKm: 30 } } }), NEAR);
    // A segment level for another segment leaves a2 to the role's limit.
    await expectOptimum(base({ byRole: { field: { maxDistanceKm: 30 } }, bySegment: { A: { maxDistanceKm: 50 } } }), NEAR);
    // A role level for another role leaves the global limit.
    await expectOptimum(base({ maxDistanceKm: 30, byRole: { inside: { maxDistanceKm: 50 } } }), NEAR);
  });

  it('an account with no rep within the limit is diagnosed by name and distance', async () => {
    const problem = makeProblem(base({ maxDistanceKm: 4 }));
    const result = await solveChecked(problem);
    expect(result.solver.status).toBe('infeasible');
    const messages = result.diagnosis!.filter((d) => d.family === 'eligibility').map((d) => d.message);
    expect(messages).toContain('1 account(s) have no eligible rep (a1): no field rep within 4 km: the nearest is Anna Huber at 5 km');
    expect(messages).toContain('1 account(s) have no eligible rep (a2): no field rep within 4 km: the nearest is Anna Huber at 6 km');
  });

  it('the verifier rejects a plan beyond a hard limit, on its own', () => {
    const problem = makeProblem(base({ maxDistanceKm: 30 }));
    const check = verify(problem, [{ accountId: 'a1', repId: 'R1' }, { accountId: 'a2', repId: 'R2' }]);
    expect(check.ok).toBe(false);
    expect(check.violations).toEqual(['account a2 is 40.0 road km from R2, beyond the limit of 30.0 km']);
  });
});

describe('distance limits (soft): penaltyPerKm per road km beyond', () => {
  it('penalty 1 per km: 10 km beyond costs 10, cheaper than moving (100 < 106)', async () => {
    const result = await expectOptimum(base({ maxDistanceKm: 30, mode: 'soft', penaltyPerKm: 1 }), { repIds: FAR.repIds, objective: 100 });
    expect(result.objective!.distancePenalty).toBeCloseTo(10, 9);
    expect(result.objective!.travel).toBeCloseTo(90, 9);
  });

  it('penalty 2 per km: 20 beyond the limit is dearer than the 106 plan', async () => {
    const result = await expectOptimum(base({ maxDistanceKm: 30, mode: 'soft', penaltyPerKm: 2 }), NEAR);
    expect(result.objective!.distancePenalty).toBe(0);
  });

  it('mode and penalty follow the same precedence: a soft segment level under a hard global limit', async () => {
    await expectOptimum(base({ maxDistanceKm: 30, bySegment: { B: { mode: 'soft', penaltyPerKm: 1 } } }), { repIds: FAR.repIds, objective: 100 });
    await expectOptimum(base({ maxDistanceKm: 30, mode: 'soft', penaltyPerKm: 1, byRole: { field: { mode: 'hard' } } }), NEAR);
  });
});
