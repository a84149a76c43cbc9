/**
 * Time for new business (`reps[].prospectingHours`) and the first year's transition workload
 * (`transition`: an introduction call per account taken over), on tiny hand-made cases checked
 * against brute force: prospecting shrinks a rep's hours for accounts (its cap and its weight in
 * the bands), introduction hours are reported per rep and, when asked, held within capacity.
 */
import { describe, expect, it } from 'vitest';
import { parseProblem } from '../../solver/parse.ts';
import type { ProblemInput } from '../../solver/problem.ts';
import { verify } from '../../solver/verify.ts';
import { bruteForce } from './support/brute-force.ts';
import { closeTo, makeProblem, repIdsOf, solveChecked } from './support/fixtures.ts';

const fieldA = { segment: 'A', role: 'field', callsPerYear: 4, minutesPerCall: 60, channel: 'in_person' as const };

/**
 * Three A accounts of Anna, 50 km away; Ben lives 5 km from each. With Ben an account takes
 * 4 x (1 h + 2 x 5 x 1.3 / 60 x 0.5 h) = 4.433 h a year, so Ben's capacity decides how many he gets.
 */
function nearBen(ben: Record<string, unknown>, extra: Partial<ProblemInput> = {}): ProblemInput {
  return {
    accounts: [0, 1, 2].map((i) => ({ id: `a${i}`, value: 10, segment: 'A', currentRepId: 'r0' })),
    reps: [
      { id: 'r0', name: 'Anna', role: 'field', capacity: 100 },
      { id: 'r1', name: 'Ben', role: 'field', capacity: 100, ...ben },
    ],
    callPatterns: [fieldA],
    travel: { distanceKm: [[50, 50, 50], [5, 5, 5]] },
    balance: { workloadTolerance: 1, valueTolerance: null, mode: 'soft', softPenalty: 0 },
    // Travel alone decides (not rebalance's fewest moves): the rep's time is what holds accounts back.
    objective: { mode: 'weighted' },
    options: { mipGap: 0 },
    ...extra,
  } as ProblemInput;
}
const perAccount = 4 * (1 + ((2 * 5 * 1.3) / 60) * 0.5);

async function solvedAsBruteForce(input: ProblemInput) {
  const problem = makeProblem(input);
  const result = await solveChecked(problem);
  const best = bruteForce(problem)!;
  expect(best).not.toBeNull();
  expect(result.solver.status).toBe('optimal');
  expect(closeTo(result.objective!.total, best.objective)).toBe(true);
  return { problem, result };
}

const atBen = (problem: ReturnType<typeof makeProblem>, result: Awaited<ReturnType<typeof solveChecked>>) => repIdsOf(problem, result).filter((r) => r === 'r1').length;

describe('prospecting hours', () => {
  it('are not assignable: Ben with 10 h, 6 of them for prospecting, takes no 4.4 h account', async () => {
    const without = await solvedAsBruteForce(nearBen({ capacity: 10 }));
    expect(atBen(without.problem, without.result)).toBe(2);
    const { problem, result } = await solvedAsBruteForce(nearBen({ capacity: 10, prospectingHours: 6 }));
    expect(atBen(problem, result)).toBe(0);
    expect(result.capacity.reps[1]).toMatchObject({ capacityHours: 10, prospectingHours: 6, utilization: 0 });
    expect(result.capacity.roles[0]).toMatchObject({ capacityHours: 110, prospectingHours: 6 });
    // The verifier holds the plan with Ben carrying one account to his 4 h for accounts.
    const one = problem.accounts.map((a, i) => ({ accountId: a.id, repId: i === 0 ? 'r1' : 'r0' }));
    expect(verify(problem, one).violations).toEqual([`rep r1 carries ${perAccount.toFixed(2)} h, above its capacity 4 h`]);
  });

  it('set the band shares: a rep who prospects half his time carries half the book of his peer', async () => {
    // Three 10 h accounts, two reps of 100 h at one place, ±5% band: 15/15 h shares admit no plan;
    // with Ben prospecting 50 h the shares are 20 and 10 h, which the 2 + 1 split meets exactly.
    const input = (ben: Record<string, unknown>): ProblemInput => ({
      accounts: [0, 1, 2].map((i) => ({ id: `a${i}`, value: 10, workload: 10 })),
      reps: [
        { id: 'r0', role: 'field', capacity: 100 },
        { id: 'r1', role: 'field', capacity: 100, ...ben },
      ],
      travel: { distanceKm: [[1, 1, 1], [1, 1, 1]] },
      balance: { workloadTolerance: 0.05, valueTolerance: null },
      options: { mipGap: 0 },
    });
    expect(bruteForce(makeProblem(input({})))).toBeNull();
    const { problem, result } = await solvedAsBruteForce(input({ prospectingHours: 50 }));
    expect(atBen(problem, result)).toBe(1);
    expect(result.territories.map((t) => [t.workloadIndex, t.utilization])).toEqual([[1, 0.2], [1, 0.2]]);
    expect(result.capacity.roles[0]).toMatchObject({ capacityHours: 200, prospectingHours: 50, demandHours: 30, utilization: 0.2 });
  });

  it('must leave hours for accounts: the error names the field', () => {
    const parsed = parseProblem(nearBen({ capacity: 10, prospectingHours: 10 }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.issues).toEqual([{ path: 'reps[1].prospectingHours', message: 'must be below the rep\'s capacity (10 h): 10 h of prospecting leaves no hours for accounts' }]);
    }
  });
});

describe('transition workload', () => {
  it('is reported per rep: one call of the pattern\'s length per account taken over, none for a new account', async () => {
    const input = nearBen({ capacity: 10 }, {
      accounts: [
        ...[0, 1].map((i) => ({ id: `a${i}`, value: 10, segment: 'A', currentRepId: 'r0' })),
        { id: 'new', value: 10, segment: 'A' },
      ],
    });
    const { problem, result } = await solvedAsBruteForce(input);
    expect(repIdsOf(problem, result)).toEqual(expect.arrayContaining(['r1']));
    const takenOver = result.moves.length;
    expect(takenOver).toBeGreaterThan(0);
    expect(result.capacity.reps[1]!.transitionHours).toBeCloseTo(takenOver * 1, 9);
    expect(result.capacity.reps[0]!.transitionHours).toBe(0);
    expect(result.capacity.roles[0]!.transitionHours).toBeCloseTo(takenOver, 9);
    const short = await solvedAsBruteForce({ ...input, transition: { introCallMinutes: 30 } });
    expect(short.result.capacity.reps[1]!.transitionHours).toBeCloseTo(short.result.moves.length * 0.5, 9);
  });

  it('counts against capacity when asked: Ben at 5 h takes one account (4.4 h) only while the 1 h intro is left out', async () => {
    const reported = await solvedAsBruteForce(nearBen({ capacity: 5 }));
    expect(atBen(reported.problem, reported.result)).toBe(1);
    const counted = await solvedAsBruteForce(nearBen({ capacity: 5 }, { transition: { countAgainstCapacity: true } }));
    expect(atBen(counted.problem, counted.result)).toBe(0);
    // A 20-minute intro fits: 4.43 + 0.33 h <= 5 h.
    const short = await solvedAsBruteForce(nearBen({ capacity: 5 }, { transition: { countAgainstCapacity: true, introCallMinutes: 20 } }));
    expect(atBen(short.problem, short.result)).toBe(1);
    // The verifier adds the intro on its own.
    const one = counted.problem.accounts.map((a, i) => ({ accountId: a.id, repId: i === 0 ? 'r1' : 'r0' }));
    expect(verify(counted.problem, one).violations).toEqual([`rep r1 carries ${(perAccount + 1).toFixed(2)} h, above its capacity 5 h`]);
  });

  it('stays out of the workload band: with the intro counted, the band sees the recurring hours only', () => {
    // Two equal reps, two 10 h accounts both with r0 today; a ±0% band wants one each. The move
    // adds a 1 h intro (the fixed workload's role has a 60-minute pattern) that the band ignores.
    const problem = makeProblem({
      accounts: [0, 1].map((i) => ({ id: `a${i}`, value: 10, workload: 10, segment: 'A', currentRepId: 'r0' })),
      reps: [{ id: 'r0', role: 'field', capacity: 50 }, { id: 'r1', role: 'field', capacity: 50 }],
      callPatterns: [fieldA],
      travel: { distanceKm: [[1, 1], [1, 1]] },
      balance: { workloadTolerance: 0, valueTolerance: null },
      transition: { countAgainstCapacity: true },
    });
    expect(verify(problem, [{ accountId: 'a0', repId: 'r0' }, { accountId: 'a1', repId: 'r1' }]).ok).toBe(true);
  });
});
