/**
 * The outlier and compactness report (result.compactness) on tiny hand-made plans: stretch against
 * the nearest eligible rep of the role, nearest shares, farthest accounts, what keeps an outlier
 * from its nearest rep (found by trying the move), and convex-hull overlaps. Each plan is solved to
 * optimality with real HiGHS and re-checked by the verifier (solveChecked) and brute force.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { area, clip, convexHull, stretchOf } from '../../solver/compactness.ts';
import { solve } from '../../solver/solve.ts';
import { verify } from '../../solver/verify.ts';
import { highsFactory } from '../../src/highs-runtime.ts';
import type { ProblemInput } from '../../solver/problem.ts';
import { bruteForce } from './support/brute-force.ts';
import { closeTo, makeProblem, repIdsOf, solveChecked } from './support/fixtures.ts';

const A = { segment: 'A', role: 'field', callsPerYear: 10, minutesPerCall: 60, channel: 'in_person' as const };

function problem(input: Partial<ProblemInput> & Pick<ProblemInput, 'accounts' | 'reps'>): ProblemInput {
  return {
    callPatterns: [A],
    balance: { workloadTolerance: 1, valueTolerance: null },
    objective: { travel: 'distance' },
    options: { mipGap: 0 },
    ...input,
  };
}

async function solved(input: ProblemInput) {
  const p = makeProblem(input);
  const result = await solveChecked(p);
  expect(result.solver.status).toBe('optimal');
  const best = bruteForce(p)!;
  expect(closeTo(result.objective!.total, best.objective)).toBe(true);
  return { p, result, k: result.compactness! };
}

describe('compactness report', () => {
  it('maxAccounts forces a1 to the far rep: stretch 6, reason max-accounts, shares per territory', async () => {
    // a1 5 km from R1, 30 from R2; a2 6 and 40. R1 takes one: a1 goes (30 + 6 < 5 + 40).
    const { p, result, k } = await solved(problem({
      accounts: [{ id: 'a1', value: 1, segment: 'A' }, { id: 'a2', value: 1, segment: 'A' }],
      reps: [{ id: 'R1', role: 'field', capacity: 100, maxAccounts: 1 }, { id: 'R2', role: 'field', capacity: 100 }],
      travel: { distanceKm: [[5, 6], [30, 40]] },
    }));
    expect(repIdsOf(p, result)).toEqual(['R2', 'R1']);
    expect(k.nearestShare).toBe(0.5);
    expect(k.stretchAbove2).toBe(1);
    expect(k.maxStretch).toBeCloseTo(6, 9);
    expect(k.territories).toEqual([
      { repId: 'R1', accounts: 1, nearestShare: 1, maxStretch: 1, farthest: [{ accountId: 'a2', km: 6, nearestRepId: 'R1', nearestKm: 6, kmNearer: 0, stretch: 1 }] },
      { repId: 'R2', accounts: 1, nearestShare: 0, maxStretch: 6, farthest: [{ accountId: 'a1', km: 30, nearestRepId: 'R1', nearestKm: 5, kmNearer: 25, stretch: 6 }] },
    ]);
    expect(k.outliers).toHaveLength(1);
    expect(k.outliers[0]).toMatchObject({ accountId: 'a1', repId: 'R2', nearestRepId: 'R1', reason: 'max-accounts' });
    expect(k.outliers[0]!.explanation).toBe('a1 is 30 km from R2; R1, 5 km away, may not take it in this plan: the move alone would break max-accounts');
  });

  it('stretch is against the nearest ELIGIBLE rep, and the nearer ineligible reps are named with why', async () => {
    // R1 (2 km) lacks the skill; R2 (20 km) has it but no room; R3 (100 km) has it.
    const { p, result, k } = await solved(problem({
      accounts: [{ id: 'a1', name: 'Freiburg', value: 1, segment: 'A', skills: ['key-account'] }],
      reps: [
        { id: 'R1', role: 'field', capacity: 100 },
        { id: 'R2', name: 'Munich', role: 'field', capacity: 100, skills: ['key-account'], maxAccounts: 0 },
        { id: 'R3', name: 'Stuttgart', role: 'field', capacity: 1000, skills: ['key-account'] },
      ],
      travel: { distanceKm: [[2], [20], [100]] },
    }));
    expect(repIdsOf(p, result)).toEqual(['R3']);
    expect(k.outliers[0]).toMatchObject({ accountId: 'a1', nearestRepId: 'R2', nearestKm: 20, stretch: 5, reason: 'max-accounts' });
    expect(k.outliers[0]!.explanation).toBe(
      'Freiburg (a1) is 100 km from Stuttgart: only Munich, Stuttgart of the 3 field reps may own it (nearer R1: rep lacks skill key-account); '
      + 'Munich, 20 km away, may not take it in this plan: the move alone would break max-accounts, workload-band',
    );
  });

  it('a move the objective refuses (disruption) is reason objective; a rep 0 km away counts as 1 km', async () => {
    const { k } = await solved(problem({
      accounts: [{ id: 'a1', value: 1, segment: 'A', currentRepId: 'R2' }],
      reps: [{ id: 'R1', role: 'field', capacity: 100 }, { id: 'R2', role: 'field', capacity: 100 }],
      travel: { distanceKm: [[0], [30]] },
      objective: { travel: 'distance', disruptionWeight: 100, disruptionMeasure: 'accounts' },
    }));
    expect(k.outliers[0]).toMatchObject({ repId: 'R2', nearestRepId: 'R1', stretch: 30, reason: 'objective' });
    expect(k.outliers[0]!.explanation).toContain('may take it, but the move alone costs 70.0 more in the objective');
  });

  it('hulls: convex hull, area and clipping on squares', () => {
    const square = (x: number, y: number, s: number) => [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x + s / 2, y + s / 2]] as [number, number][];
    const h1 = convexHull(square(0, 0, 2));
    expect(h1).toHaveLength(4);
    expect(area(h1)).toBeCloseTo(4, 12);
    expect(area(clip(h1, convexHull(square(1, 1, 2))))).toBeCloseTo(1, 12);
    expect(area(clip(h1, convexHull(square(3, 3, 1))))).toBe(0);
  });

  it('interleaved territories (locks) overlap; separated ones do not', async () => {
    // Four accounts on a square, diagonals locked to different reps: the hulls are two crossing
    // segments (no area), so use two triangles that overlap by construction.
    const at = (id: string, lat: number, lon: number, lockedRepId: string) => ({ id, lat, lon, value: 1, segment: 'A', lockedRepId });
    const input = (lockB: string) => problem({
      accounts: [
        at('a1', 48.0, 9.0, 'R1'), at('a2', 48.0, 9.4, 'R1'), at('a3', 48.3, 9.2, 'R1'),
        at('b1', 48.1, 9.1, lockB), at('b2', 48.1, 9.6, lockB), at('b3', 48.4, 9.4, lockB),
      ],
      reps: [{ id: 'R1', role: 'field', capacity: 500, lat: 48.1, lon: 9.2 }, { id: 'R2', role: 'field', capacity: 500, lat: 48.2, lon: 9.4 }],
    });
    const { k } = await solved(input('R2'));
    expect(k.hulls).toBe(1);
    expect(k.overlappingHulls).toBe(1);
    expect(k.hullOverlaps[0]!.repIds).toEqual(['R1', 'R2']);
    expect(k.hullOverlaps[0]!.share).toBeGreaterThan(0.05);
    expect(k.hullOverlaps[0]!.share).toBeLessThan(1);
    const together = await solved(input('R1'));
    expect(together.k.hulls).toBe(0);
    expect(together.k.overlappingHulls).toBe(0);
  });

  it('objective.compactnessWeight: the stretch penalty trades travel against the km beyond twice the nearest', async () => {
    // R1 takes one account. a1: 5 km from R1, 30 from R2; a2: 14 and 40 (circuityFactor 1).
    // a1 to R2: travel 30 + 14 = 44, stretchKm 30 - 2 x 5 = 20; a2 to R2: 5 + 40 = 45, 40 - 2 x 14 = 12.
    const input = (compactnessWeight: number) => problem({
      accounts: [{ id: 'a1', value: 1, segment: 'A' }, { id: 'a2', value: 1, segment: 'A' }],
      reps: [{ id: 'R1', role: 'field', capacity: 100, maxAccounts: 1 }, { id: 'R2', role: 'field', capacity: 100 }],
      travel: { distanceKm: [[5, 14], [30, 40]], circuityFactor: 1 },
      objective: { travel: 'distance', compactnessWeight },
    });
    const off = await solved(input(0));
    expect(repIdsOf(off.p, off.result)).toEqual(['R2', 'R1']);
    expect(off.result.objective).toMatchObject({ travel: 44, stretchKm: 20, compactnessWeight: 0, total: 44 });
    const on = await solved(input(1));
    expect(repIdsOf(on.p, on.result)).toEqual(['R1', 'R2']);
    expect(on.result.objective).toMatchObject({ travel: 45, stretchKm: 12, compactnessWeight: 1, total: 57 });
  });

  it('phone accounts have no geography: no stretch, no penalty', async () => {
    const { k, result } = await solved(problem({
      accounts: [{ id: 'a1', value: 1, segment: 'C', currentRepId: 'R2' }],
      reps: [{ id: 'R1', role: 'inside', capacity: 100 }, { id: 'R2', role: 'inside', capacity: 100 }],
      callPatterns: [{ segment: 'C', role: 'inside', callsPerYear: 4, minutesPerCall: 20, channel: 'phone' }],
      travel: { distanceKm: [[1], [300]] },
      objective: { travel: 'distance', compactnessWeight: 10, disruptionWeight: 1000, disruptionMeasure: 'accounts' },
    }));
    expect(k.accounts).toBe(0);
    expect(k.stretchAbove2).toBe(0);
    expect(result.objective!.stretchKm).toBe(0);
  });

  it('the sample (357 towns): the report is consistent with the plan, under a time cap (no timing asserted)', async () => {
    const input = JSON.parse(readFileSync(new URL('../../data/sample-bavaria-bw.json', import.meta.url), 'utf8')) as ProblemInput;
    const p = makeProblem({ ...input, objective: { ...input.objective, compactnessWeight: 100 } });
    // A plan however slow the machine: a longer limit only when the short one found none.
    let result = await solve(p, { highs: highsFactory, timeLimitSeconds: 5 });
    for (const seconds of [30, 120]) if (result.assignments.length === 0) result = await solve(p, { highs: highsFactory, timeLimitSeconds: seconds });
    expect(result.assignments.length).toBe(p.accounts.length);
    expect(verify(p, result.assignments).ok).toBe(true);
    const k = result.compactness!;
    expect(k.accounts).toBeGreaterThan(0);
    expect(k.nearestShare).toBeGreaterThan(0);
    expect(k.nearestShare).toBeLessThanOrEqual(1);
    expect(k.outliers.length).toBe(Math.min(50, k.stretchAbove2));
    for (const o of k.outliers) {
      expect(o.stretch).toBeGreaterThan(2);
      expect(o.stretch).toBeCloseTo(stretchOf(o.km, o.nearestKm), 9);
      expect(o.kmNearer).toBeCloseTo(o.km - o.nearestKm, 9);
      expect(o.explanation.length).toBeGreaterThan(0);
    }
    expect(k.maxStretch).toBeCloseTo(Math.max(1, ...k.territories.map((t) => t.maxStretch ?? 1)), 9);
    for (const t of k.territories) {
      const kms = t.farthest.map((f) => f.km);
      expect(kms).toEqual([...kms].sort((a, b) => b - a));
    }
    expect(k.overlappingHulls).toBe(k.hullOverlaps.length);
    expect(k.hulls).toBeLessThanOrEqual(28);
    // The stretch term the engine minimised is the verifier's.
    expect(result.objective!.total).toBeCloseTo(verify(p, result.assignments).objective.total, 6);
  }, 200_000);
});
