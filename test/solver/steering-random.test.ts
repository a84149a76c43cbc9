/**
 * solve() against brute force on seeded random tiny problems (3-5 accounts x 3 reps) with the
 * steering features mixed in: per-rep maxHandoffs and maxTakeovers, prospecting hours, transition
 * workload (reported or counted against capacity, default or given intro length), beside a move
 * budget, locks, fixed workloads and hard or soft bands. The verifier, which derives the new rules
 * on its own, is the oracle: a feasible problem solves to the brute-force optimum, an infeasible
 * one says so with a diagnosis.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../solver/heuristics/prng.ts';
import type { ProblemInput } from '../../solver/problem.ts';
import { bruteForce } from './support/brute-force.ts';
import { closeTo, makeProblem, solvedAsBruteForce } from './support/fixtures.ts';

function randomProblem(seed: number): ProblemInput {
  const random = mulberry32(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)]!;
  const reps = Array.from({ length: 3 }, (_, j) => {
    const capacity = int(20, 90);
    return {
      id: `r${j}`,
      role: j < 2 || random() < 0.5 ? 'field' : 'inside',
      capacity,
      lat: 48 + random(),
      lon: 11 + random(),
      ...(random() < 0.4 ? { maxHandoffs: int(0, 2) } : {}),
      ...(random() < 0.4 ? { maxTakeovers: int(0, 2) } : {}),
      ...(random() < 0.4 ? { prospectingHours: Math.round(capacity * pick([0.1, 0.3, 0.5])) } : {}),
    };
  });
  const accounts = Array.from({ length: int(3, 5) }, (_, i) => {
    const currentRepId = random() < 0.75 ? pick(reps).id : undefined;
    return {
      id: `a${i}`,
      value: int(0, 100),
      lat: 48 + random(),
      lon: 11 + random(),
      ...(random() < 0.3 ? { workload: int(1, 15) } : {}),
      ...(currentRepId !== undefined ? { currentRepId } : {}),
      ...(random() < 0.1 ? { lockedRepId: pick(reps).id } : {}),
    };
  });
  return {
    accounts,
    reps,
    callPatterns: [
      { segment: 'A', role: 'field', callsPerYear: int(2, 8), minutesPerCall: 60, channel: 'in_person' },
      { segment: 'B', role: 'field', callsPerYear: int(2, 6), minutesPerCall: 45, channel: 'in_person' },
      { segment: 'C', role: 'field', callsPerYear: 2, minutesPerCall: 30, channel: 'in_person' },
      { segment: 'B', role: 'inside', callsPerYear: 6, minutesPerCall: 20, channel: 'phone' },
      { segment: 'C', role: 'inside', callsPerYear: 4, minutesPerCall: 15, channel: 'video' },
    ],
    balance: {
      workloadTolerance: pick([0.3, 0.6, 1]),
      valueTolerance: pick([null, null, 0.8]),
      mode: pick(['hard', 'soft'] as const),
      softPenalty: pick([1, 10]),
    },
    objective: {
      disruptionWeight: pick([0, 1]),
      disruptionMeasure: pick(['value', 'accounts'] as const),
      ...(random() < 0.2 ? { maxMoves: int(0, 2) } : {}),
    },
    transition: {
      ...(random() < 0.4 ? { introCallMinutes: pick([0, 30, 240]) } : {}),
      countAgainstCapacity: random() < 0.6,
    },
    options: { mipGap: 0 },
  };
}

const SEEDS = Array.from({ length: 30 }, (_, k) => k + 1);

describe('solve() = brute force on random tiny problems with handoff, takeover, prospecting and transition rules', () => {
  it.each(SEEDS)('seed %i', async (seed) => {
    const { result, best } = await solvedAsBruteForce(makeProblem(randomProblem(seed)));
    if (best !== null) {
      // The capacity report counts the plan's handoffs and takeovers within the limits.
      for (const rep of result.capacity.reps) {
        if (rep.maxHandoffs !== null) expect(rep.handoffs).toBeLessThanOrEqual(rep.maxHandoffs);
        if (rep.maxTakeovers !== null) expect(rep.takeovers).toBeLessThanOrEqual(rep.maxTakeovers);
      }
      const handoffs = result.capacity.reps.reduce((s, r) => s + r.handoffs, 0);
      expect(handoffs).toBe(result.moves.filter((m) => m.fromRepId !== null).length);
    }
  });

  it('the seeds cover both outcomes, and the new limits bind in some of them', () => {
    const problems = SEEDS.map((seed) => makeProblem(randomProblem(seed)));
    const solved = problems.map((p) => bruteForce(p));
    expect(solved.filter((b) => b !== null).length).toBeGreaterThanOrEqual(10);
    expect(solved.filter((b) => b === null).length).toBeGreaterThanOrEqual(3);
    // Binding: dropping the handoff and takeover limits, prospecting and counted transitions changes the optimum.
    const loosened = problems.filter((p, k) => {
      const free = bruteForce({ ...p, reps: p.reps.map(({ maxHandoffs: _h, maxTakeovers: _t, prospectingHours: _p, ...r }) => r), transition: { countAgainstCapacity: false } });
      const best = solved[k];
      return free !== null && (best == null || !closeTo(free.objective, best.objective));
    });
    expect(loosened.length).toBeGreaterThanOrEqual(5);
    expect(problems.some((p) => p.transition.countAgainstCapacity)).toBe(true);
  });
});
