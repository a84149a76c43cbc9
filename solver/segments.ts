/**
 * ABC segmentation by the Pareto (80/20) rule: rank accounts by value; those that make up the top
 * `aValueShare` of total value are A, the next `bValueShare` are B, the rest C. An account is in the
 * band where its cumulative value *before* it falls, so the account that crosses 80% is still A.
 */
import type { Problem } from './problem.ts';

/** Segment of each account: its own `segment` when given, otherwise the Pareto segment. */
export function segmentAccounts(problem: Pick<Problem, 'accounts' | 'segmentation'>): string[] {
  const derived = paretoSegments(
    problem.accounts.map((a) => a.value),
    problem.segmentation.aValueShare,
    problem.segmentation.bValueShare,
  );
  return problem.accounts.map((a, i) => a.segment ?? derived[i]!);
}

/** Pareto segments for a list of values; ties are ranked by position, so the result is stable. */
export function paretoSegments(values: readonly number[], aShare: number, bShare: number): Array<'A' | 'B' | 'C'> {
  const total = values.reduce((s, v) => s + v, 0);
  const order = values.map((_, i) => i).sort((x, y) => values[y]! - values[x]! || x - y);
  const out = new Array<'A' | 'B' | 'C'>(values.length);
  // Boundaries are compared with a tolerance of 1e-9 of the total, so an account whose value starts
  // exactly at 95% is C even when 0.8 + 0.15 rounds to 0.9500000000000001.
  const eps = 1e-9 * total;
  let before = 0;
  for (const i of order) {
    out[i] = before < aShare * total - eps ? 'A' : before < (aShare + bShare) * total - eps ? 'B' : 'C';
    before += values[i]!;
  }
  return out;
}
