/**
 * Per-territory limits on handoffs and takeovers (`reps[].maxHandoffs`, `maxTakeovers`) on tiny
 * hand-made cases, each checked against brute force (the independent verifier over every plan):
 * the limit holds, the capacity report counts them, accounts without a current rep are new business
 * (no takeover), and a limit no plan can keep is diagnosed naming the rep and its limit.
 */
import { describe, expect, it } from 'vitest';
import { evaluatePlan } from '../../solver/evaluate-plan.ts';
import type { ProblemInput } from '../../solver/problem.ts';
import { verify } from '../../solver/verify.ts';
import { bruteForce } from './support/brute-force.ts';
import { closeTo, makeProblem, repIdsOf, solveChecked } from './support/fixtures.ts';

const fieldA = { segment: 'A', role: 'field', callsPerYear: 4, minutesPerCall: 60, channel: 'in_person' as const };

/** Three A accounts of r0 (50 km away); r1 lives 5 km from each, so travel wants them all at r1. */
function farOwner(reps: { r0?: Record<string, unknown>; r1?: Record<string, unknown> }, extra: Partial<ProblemInput> = {}): ProblemInput {
  const accounts = [0, 1, 2].map((i) => ({ id: `a${i}`, value: 10, segment: 'A', currentRepId: 'r0' }));
  return {
    accounts: [...accounts, ...((extra.accounts as ProblemInput['accounts'] | undefined) ?? [])],
    reps: [
      { id: 'r0', name: 'Anna', role: 'field', capacity: 100, ...reps.r0 },
      { id: 'r1', name: 'Ben', role: 'field', capacity: 100, ...reps.r1 },
    ],
    callPatterns: [fieldA],
    travel: extra.travel ?? { distanceKm: [[50, 50, 50], [5, 5, 5]] },
    balance: { workloadTolerance: 1, valueTolerance: null },
    // Travel alone decides (not rebalance's fewest moves), so the limits are what holds accounts back.
    objective: { mode: 'weighted' },
    options: { mipGap: 0 },
  } as ProblemInput;
}

async function solvedAsBruteForce(input: ProblemInput) {
  const problem = makeProblem(input);
  const result = await solveChecked(problem);
  const best = bruteForce(problem)!;
  expect(best).not.toBeNull();
  expect(result.solver.status).toBe('optimal');
  expect(closeTo(result.objective!.total, best.objective)).toBe(true);
  return { problem, result, best };
}

describe('handoff and takeover limits', () => {
  it('without limits every account goes to the near rep; maxHandoffs 1 lets only one leave Anna', async () => {
    const free = await solvedAsBruteForce(farOwner({}));
    expect(repIdsOf(free.problem, free.result)).toEqual(['r1', 'r1', 'r1']);
    const { problem, result } = await solvedAsBruteForce(farOwner({ r0: { maxHandoffs: 1 } }));
    expect(repIdsOf(problem, result).filter((r) => r === 'r1')).toHaveLength(1);
    expect(result.moves).toHaveLength(1);
    const [anna, ben] = result.capacity.reps;
    expect(anna).toMatchObject({ repId: 'r0', handoffs: 1, maxHandoffs: 1, takeovers: 0, maxTakeovers: null });
    expect(ben).toMatchObject({ repId: 'r1', handoffs: 0, maxHandoffs: null, takeovers: 1, maxTakeovers: null });
  });

  it('maxTakeovers 1 lets Ben take one of Anna\'s accounts; a new account is no takeover', async () => {
    const input = farOwner({ r1: { maxTakeovers: 1 } }, {
      accounts: [{ id: 'new', value: 10, segment: 'A' }],
      travel: { distanceKm: [[50, 50, 50, 50], [5, 5, 5, 5]] },
    });
    const { problem, result } = await solvedAsBruteForce(input);
    expect(repIdsOf(problem, result).filter((r) => r === 'r1')).toHaveLength(2);
    expect(repIdsOf(problem, result)[3]).toBe('r1');
    expect(result.capacity.reps[1]).toMatchObject({ takeovers: 1, maxTakeovers: 1 });
  });

  it('the verifier counts handoffs and takeovers on its own, and an evaluated plan names the rep and limit', () => {
    const problem = makeProblem(farOwner({ r0: { maxHandoffs: 1 }, r1: { maxTakeovers: 1 } }));
    const all = problem.accounts.map((a) => ({ accountId: a.id, repId: 'r1' }));
    expect(verify(problem, all).violations).toEqual([
      'rep r0 hands off 3 accounts, above its maxHandoffs 1',
      'rep r1 takes over 3 accounts, above its maxTakeovers 1',
    ]);
    const evaluation = evaluatePlan(problem, all).evaluation;
    expect(evaluation.violations).toEqual([
      expect.objectContaining({ family: 'max-handoffs', repId: 'r0', value: 3, limit: 1 }),
      expect.objectContaining({ family: 'max-takeovers', repId: 'r1', value: 3, limit: 1 }),
    ]);
  });

  it('accounts locked elsewhere beyond maxHandoffs: a structural diagnosis naming the rep and the limit', async () => {
    const input = farOwner({ r0: { maxHandoffs: 1 } });
    input.accounts.forEach((a) => ((a as Record<string, unknown>).lockedRepId = 'r1'));
    const result = await solveChecked(makeProblem(input));
    expect(result.solver.status).toBe('infeasible');
    expect(result.solver.strategy).toBe('structural-checks');
    const d = result.diagnosis!.find((x) => x.family === 'max-handoffs')!;
    expect(d.message).toBe('Anna (r0) must hand off at least 3 accounts of its 3 current accounts, but its maxHandoffs is 1: 3 may not stay with it (a lock elsewhere, skills, exclusions, call patterns or a distance limit)');
    expect(d).toMatchObject({ shortfall: 2, unit: 'accounts', ids: ['r0'] });
  });

  it('a rep over capacity beyond maxHandoffs: the accounts that must leave to fit', async () => {
    const result = await solveChecked(makeProblem(farOwner({ r0: { maxHandoffs: 0, capacity: 20 }, r1: { capacity: 20 } })));
    const d = result.diagnosis!.find((x) => x.family === 'max-handoffs')!;
    expect(d.message).toMatch(/^Anna \(r0\) must hand off at least 1 account of its 3 current accounts, but its maxHandoffs is 0: 1 to keep within capacity 20 h$/);
  });

  it('accounts locked to a rep beyond its maxTakeovers: a structural diagnosis', async () => {
    const input = farOwner({ r1: { maxTakeovers: 1 } });
    input.accounts.slice(0, 2).forEach((a) => ((a as Record<string, unknown>).lockedRepId = 'r1'));
    const result = await solveChecked(makeProblem(input));
    expect(result.solver.strategy).toBe('structural-checks');
    const d = result.diagnosis!.find((x) => x.family === 'max-takeovers')!;
    expect(d.message).toBe('Ben (r1) must take over at least 2 accounts that belong to other reps today and can only go to it (2 locked to it), but its maxTakeovers is 1');
  });

  it('limits that only fail together: the relaxation names the rep that cannot keep its limit', async () => {
    // Anna carries 2 of her 3 accounts at most (fixed 10 h each, capacity 25 h): one must go, but
    // neither Ben nor Clara takes any over. No single account or rep shows it on its own.
    const input: ProblemInput = {
      accounts: [0, 1, 2].map((i) => ({ id: `a${i}`, value: 10, workload: 10, currentRepId: 'r0' })),
      reps: [
        { id: 'r0', name: 'Anna', role: 'field', capacity: 25 },
        { id: 'r1', name: 'Ben', role: 'field', capacity: 100, maxTakeovers: 0 },
        { id: 'r2', name: 'Clara', role: 'field', capacity: 100, maxTakeovers: 0 },
      ],
      travel: { distanceKm: [[1, 1, 1], [2, 2, 2], [3, 3, 3]] },
      // No balance to speak of: capacity alone pushes an account out.
      balance: { mode: 'soft', softPenalty: 0, valueTolerance: null },
    };
    const problem = makeProblem(input);
    expect(bruteForce(problem)).toBeNull();
    const result = await solveChecked(problem);
    expect(result.solver.status).toBe('infeasible');
    expect(result.diagnosis, JSON.stringify(result.diagnosis)).toHaveLength(1);
    const d = result.diagnosis![0]!;
    expect(d.family).toBe('max-takeovers');
    expect(d.message).toMatch(/^(Ben \(r1\)|Clara \(r2\)) cannot keep to its maxTakeovers 0: a plan exists without the handoff and takeover limits, and the one found with the fewest handoffs and takeovers at the limited reps still has it take over 1 account$/);
  });
});
