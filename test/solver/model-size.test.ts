/**
 * estimateModelPairs: never below the pairs compileProblem builds (the admission check must not let a
 * model through that is larger than it says), and exact when no account excludes a rep.
 */
import { describe, expect, it } from 'vitest';
import { generateProblem } from '../../benchmarks/generate-problem.ts';
import { compileProblem } from '../../solver/compile.ts';
import { estimateModelPairs } from '../../solver/model-size.ts';
import type { ProblemInput } from '../../solver/problem.ts';
import { bavariaInput, makeProblem, PLACES } from './support/fixtures.ts';

function pairsOf(input: ProblemInput): { estimate: number; compiled: number } {
  const problem = makeProblem(input);
  return { estimate: estimateModelPairs(problem), compiled: compileProblem(problem).model.pairAgent.length };
}

describe('estimateModelPairs', () => {
  it('is exact on generated problems without exclusions and an upper bound with them', () => {
    for (const seed of [1, 2, 3]) {
      const input = generateProblem({ accounts: 600, reps: 12, seed });
      const { estimate, compiled } = pairsOf(input);
      const excluded = input.accounts.reduce((n, a) => n + (a.excludedRepIds?.length ?? 0), 0);
      expect(estimate).toBeGreaterThanOrEqual(compiled);
      expect(estimate - compiled).toBeLessThanOrEqual(excluded);
      const withoutExclusions = { ...input, accounts: input.accounts.map(({ excludedRepIds: _, ...a }) => a) };
      expect(pairsOf(withoutExclusions).estimate).toBe(pairsOf(withoutExclusions).compiled);
    }
  });

  it('counts one pair for a lock or a frozen segment, skills and fixed workloads as compile does', () => {
    const base = bavariaInput();
    const reps = [
      ...base.reps,
      { id: 'rep-inside', role: 'inside', capacity: 300, skills: ['oncology'], ...PLACES.munich },
      { id: 'rep-field-onc', role: 'field', capacity: 300, skills: ['oncology'], ...PLACES.nuremberg },
    ];
    const accounts = base.accounts.map((a, i) => {
      if (i === 0) return { ...a, lockedRepId: 'rep-munich' };
      if (i === 1) return { ...a, segment: 'A', currentRepId: 'rep-augsburg' };
      if (i === 2) return { ...a, skills: ['oncology'] };
      // A fixed workload in a segment no call pattern names: every rep of every role.
      if (i === 3) return { ...a, segment: 'X', workload: 10 };
      return a;
    });
    const input: ProblemInput = {
      ...base,
      reps,
      accounts,
      callPatterns: [...(base.callPatterns ?? []), { segment: 'C', role: 'inside', callsPerYear: 4, minutesPerCall: 20, channel: 'phone' }],
      objective: { frozenSegments: ['A'] },
    };
    const { estimate, compiled } = pairsOf(input);
    expect(estimate).toBe(compiled);
  });

  it('counts the 100 M pairs of 100,000 accounts x 1,000 reps of one role without building them', () => {
    const problem = makeProblem({
      accounts: Array.from({ length: 100_000 }, (_, i) => ({ id: `a${i}`, lat: 48 + (i % 100) / 100, lon: 9 + (i % 77) / 100, value: 1 + (i % 13) })),
      reps: Array.from({ length: 1000 }, (_, j) => ({ id: `r${j}`, lat: 48.5, lon: 9.5, role: 'field', capacity: 1000 })),
      callPatterns: ['A', 'B', 'C'].map((segment) => ({ segment, role: 'field', callsPerYear: 4, minutesPerCall: 30, channel: 'in_person' as const })),
    });
    expect(estimateModelPairs(problem)).toBe(100_000_000);
  });
});
