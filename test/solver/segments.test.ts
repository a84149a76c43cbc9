/**
 * The 80/20 (Pareto) segmentation on hand-computed cases. The rule (docs/problem-format.md): rank by
 * value, ties by position; an account whose cumulative value *before* it is below aValueShare of the
 * total is A, below aValueShare + bValueShare it is B, else C. A given segment is always kept.
 */
import { describe, expect, it } from 'vitest';
import { paretoSegments, segmentAccounts } from '../../solver/segments.ts';
import { bruteForce } from './support/brute-force.ts';
import { makeProblem, solveChecked } from './support/fixtures.ts';

describe('paretoSegments', () => {
  it('default 80/15: cumulative before 0, 50 -> A; 80, 90 -> B; exactly 95 -> C', () => {
    // Ranked 50, 30, 10, 5, 5 of 100: cumulative values before each are 0, 50, 80, 90, 95.
    expect(paretoSegments([50, 30, 10, 5, 5], 0.8, 0.15)).toEqual(['A', 'A', 'B', 'B', 'C']);
  });

  it('the account that crosses 80% is still A', () => {
    // 70 then 25: 25 starts at 70% (< 80%) and ends at 95%: A.
    expect(paretoSegments([25, 70, 5], 0.8, 0.15)).toEqual(['A', 'A', 'C']);
  });

  it('ranks by value, not by position', () => {
    expect(paretoSegments([5, 10, 5, 30, 50], 0.8, 0.15)).toEqual(['B', 'B', 'C', 'A', 'A']);
  });

  it('ties are ranked by position: the earlier of two equal values ranks first', () => {
    // 70 (before 0) A; first 15 (before 70) A; second 15 (before 85) B.
    expect(paretoSegments([15, 15, 70], 0.8, 0.15)).toEqual(['A', 'B', 'A']);
    // Five equal values of 10: before 0, 10, 20, 30 are below 40 (80%); before 40 is B.
    expect(paretoSegments([10, 10, 10, 10, 10], 0.8, 0.15)).toEqual(['A', 'A', 'A', 'A', 'B']);
  });

  it('a zero total makes every account C', () => {
    expect(paretoSegments([0, 0, 0], 0.8, 0.15)).toEqual(['C', 'C', 'C']);
  });

  it('zero-value accounts are C even with aValueShare 1', () => {
    expect(paretoSegments([3, 0, 7], 1, 0)).toEqual(['A', 'C', 'A']);
  });

  it('the shares are configurable: 50/30', () => {
    // 40 (before 0) A; 30 (before 40) A; 20 (before 70) B; 10 (before 90) C.
    expect(paretoSegments([10, 20, 30, 40], 0.5, 0.3)).toEqual(['C', 'B', 'A', 'A']);
  });

  it('aValueShare 0 makes no A account', () => {
    expect(paretoSegments([60, 40], 0, 0.5)).toEqual(['B', 'C']);
  });

  // Regression: 0.35 + 0.2 = 0.55000000000000004 in floating point; an account whose cumulative
  // value before it is exactly 55% must still be C (boundaries have a 1e-9 x total tolerance).
  it('an account starting exactly at aValueShare + bValueShare is C for any shares (35/20)', () => {
    expect(paretoSegments([55, 45], 0.35, 0.2)).toEqual(['A', 'C']);
  });
});

describe('segmentAccounts', () => {
  const problem = (accounts: Array<{ value: number; segment?: string }>, shares = { aValueShare: 0.8, bValueShare: 0.15 }) =>
    makeProblem({
      accounts: accounts.map((a, i) => ({ id: `a${i}`, lat: 48, lon: 11, ...a })),
      reps: [{ id: 'r', role: 'field', capacity: 100, lat: 48, lon: 11 }],
      callPatterns: [{ segment: 'A', role: 'field', callsPerYear: 1, minutesPerCall: 1, channel: 'phone' }],
      segmentation: shares,
    });

  it('keeps explicit segments and derives the rest from all values', () => {
    // Values 60 (explicit "key"), 25, 10, 5: the explicit account still counts in the ranking.
    // Derived: 60 A, 25 (before 60) A, 10 (before 85) B, 5 (before 95) C.
    expect(segmentAccounts(problem([{ value: 60, segment: 'key' }, { value: 25 }, { value: 10 }, { value: 5 }]))).toEqual(['key', 'A', 'B', 'C']);
  });

  it('uses the problem\'s configured shares', () => {
    expect(segmentAccounts(problem([{ value: 10 }, { value: 20 }, { value: 30 }, { value: 40 }], { aValueShare: 0.5, bValueShare: 0.3 }))).toEqual(['C', 'B', 'A', 'A']);
  });

  it('an explicit segment beats the derived one even for the largest account', () => {
    // Derived: 100 (before 0) A, 60 (before 100 of 200) A, 40 (before 160 = 80%) B.
    expect(segmentAccounts(problem([{ value: 100, segment: 'C' }, { value: 60 }, { value: 40 }]))).toEqual(['C', 'A', 'B']);
  });
});

describe('engine and verifier agree on segments', () => {
  // Regression: values 10, 6, 3, 1 (total 20): the last account starts at exactly 95%, so it is C
  // for the engine and the verifier alike (they once disagreed and solve() returned "error").
  it('a value at exactly the 95% boundary does not make solve() fail verification', async () => {
    const problem = makeProblem({
      accounts: [10, 6, 3, 1].map((value, i) => ({ id: `a${i}`, value })),
      reps: [{ id: 'r1', role: 'field', capacity: 100 }],
      callPatterns: [
        { segment: 'A', role: 'field', callsPerYear: 4, minutesPerCall: 60, channel: 'in_person' },
        { segment: 'B', role: 'field', callsPerYear: 2, minutesPerCall: 60, channel: 'in_person' },
        { segment: 'C', role: 'field', callsPerYear: 1, minutesPerCall: 60, channel: 'in_person' },
      ],
      travel: { distanceKm: [[10, 10, 10, 10]] },
    });
    expect(segmentAccounts(problem)).toEqual(['A', 'A', 'B', 'C']);
    const result = await solveChecked(problem);
    expect(result.solver.status).toBe('optimal');
    // visits: calls x 2 x 10 km x 1.3 x 0.5 = 13 km per call: (4 + 4 + 2 + 1) x 13 = 143.
    expect(result.objective!.travel).toBeCloseTo(143, 9);
    expect(bruteForce(problem)!.objective).toBeCloseTo(143, 9);
  });
});
