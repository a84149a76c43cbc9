import { describe, expect, it } from 'vitest';
import {
  PFIZER_22X4_OPTIMA,
  brickId,
  disruptionProblem,
  distanceProblem,
  load100x10,
  load22x4,
  parse100x10,
  parseCsv,
  repId,
  type PfizerInstance,
} from '../../benchmarks/pfizer-format.ts';
import { parseProblem, solve, verify, type Problem, type ProblemInput } from '../../solver/index.ts';
import { highsFactory } from '../../src/highs-runtime.ts';

// Fixture: benchmarks/instances/pfizer (the default folder of the loaders).
const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

function parsed(input: ProblemInput): Problem {
  const result = parseProblem(input);
  if (!result.ok) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return result.problem;
}

/** Every rep's workload lies in [1 - t, 1 + t], checked against the absolute band of the paper. */
function expectWithinBand(instance: PfizerInstance, problem: Problem, assignments: readonly { accountId: string; repId: string }[], t: number) {
  const workload = new Map<string, number>();
  const index = new Map(instance.bricks.map((b) => [brickId(b.brick), b.index]));
  for (const a of assignments) workload.set(a.repId, (workload.get(a.repId) ?? 0) + index.get(a.accountId)!);
  for (const rep of problem.reps) {
    const w = workload.get(rep.id) ?? 0;
    expect(w).toBeGreaterThanOrEqual(1 - t - 1e-9);
    expect(w).toBeLessThanOrEqual(1 + t + 1e-9);
  }
}

describe('Pfizer Turkey data', () => {
  it('reads the 22x4 case: 22 bricks, 4 reps, index summing to 4, offices at distance 0', async () => {
    const i22 = await load22x4();
    expect(i22.bricks).toHaveLength(22);
    expect(i22.reps).toBe(4);
    expect(sum(i22.bricks.map((b) => b.index))).toBeCloseTo(4, 9);
    expect(i22.km).toHaveLength(4);
    for (const row of i22.km) expect(row).toHaveLength(22);
    // Offices: SR1 at brick 4, SR2 at 14, SR3 at 16, SR4 at 22.
    expect([i22.km[0]![3], i22.km[1]![13], i22.km[2]![15], i22.km[3]![21]]).toEqual([0, 0, 0, 0]);
    expect(i22.km[3]![0]).toBe(21.12);
    expect(i22.bricks[0]).toEqual({ brick: 1, index: 0.1609, currentRep: 4 });
  });

  it('reads the 100x10 case: `10.1` is rep 10, distances are Euclidean to the office brick', async () => {
    const i100 = await load100x10();
    expect(i100.bricks).toHaveLength(100);
    expect(i100.reps).toBe(10);
    expect(sum(i100.bricks.map((b) => b.index))).toBeCloseTo(10, 6);
    expect(i100.bricks.filter((b) => b.currentRep === 10)).toHaveLength(10);
    for (const row of i100.km) expect(row.filter((d) => d === 0)).toHaveLength(1);
    const tiny = parse100x10('brick,x,y,index_value,current_zone_raw,is_office\r\n1,0,0,1,1,1\r\n2,3,4,1,2.1,1\r\n');
    expect(tiny.km).toEqual([[0, 5], [5, 0]]);
  });

  it('parses simple CSV with CRLF and rejects missing columns', () => {
    expect(parseCsv('a,b\r\n1,2\r\n\r\n')).toEqual({ header: ['a', 'b'], rows: [['1', '2']] });
    expect(() => parse100x10('brick,x\n1,0\n')).toThrow(/no column "y"/);
  });

  it('builds problems in our format: fixed workloads, equal capacities, value balance off', async () => {
    const problem = parsed(distanceProblem(await load22x4(), 0.2));
    expect(problem.callPatterns).toEqual([]);
    expect(problem.balance).toMatchObject({ workloadTolerance: 0.2, valueTolerance: null, mode: 'hard' });
    expect(problem.objective).toMatchObject({ travel: 'distance', travelWeight: 1, disruptionWeight: 0 });
    expect(new Set(problem.reps.map((r) => r.capacity)).size).toBe(1);
    expect(problem.accounts[0]).toMatchObject({ id: brickId(1), workload: 0.1609, currentRepId: repId(4) });
  });
});

describe('Pfizer Turkey 22x4 optima (Köksalan & Batun)', () => {
  it.each(PFIZER_22X4_OPTIMA.distance.map((o) => [o.tolerance, o.distance] as const))(
    'minimises total distance at t = %s to the published %s km',
    async (t, optimum) => {
      const instance = await load22x4();
      const problem = parsed(distanceProblem(instance, t, { timeLimitSeconds: 10 }));
      const result = await solve(problem, { highs: highsFactory });
      expect(result.solver.status).toBe('optimal');
      expect(result.solver.objective).not.toBeNull();
      expect(Math.abs(result.solver.objective! - optimum)).toBeLessThanOrEqual(0.01);
      const check = verify(problem, result.assignments);
      expect(check.violations).toEqual([]);
      expect(check.ok).toBe(true);
      expect(check.objective.travel).toBeCloseTo(result.solver.objective!, 9);
      expectWithinBand(instance, problem, result.assignments, t);
    },
  );

  it('minimises disruption at t = 0.20 to 0.1696, with 188.95 km under the distance tie-break', async () => {
    const instance = await load22x4();
    const known = PFIZER_22X4_OPTIMA.disruption;
    const problem = parsed(disruptionProblem(instance, known.tolerance, { timeLimitSeconds: 10 }));
    const result = await solve(problem, { highs: highsFactory });
    expect(result.solver.status).toBe('optimal');
    expect(result.objective).not.toBeNull();
    expect(result.objective!.disruption).toBeCloseTo(known.disruption, 9);
    expect(result.objective!.travel).toBeCloseTo(known.distance, 9);
    // The only bricks whose indices sum to 0.1696 are 11 and 12 (both SR2's); SR3 needs both.
    expect(result.moves.map((m) => [m.accountId, m.fromRepId, m.toRepId])).toEqual([
      [brickId(11), repId(2), repId(3)],
      [brickId(12), repId(2), repId(3)],
    ]);
    const check = verify(problem, result.assignments);
    expect(check.ok).toBe(true);
    expect(check.objective.disruption).toBeCloseTo(known.disruption, 9);
    expectWithinBand(instance, problem, result.assignments, known.tolerance);
  });
});
