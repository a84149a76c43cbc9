/**
 * Medians the Lagrangian bound rules out (the classic variable fixing of Lagrangian relaxation,
 * e.g. Beasley 1993): the subproblem picks the p points of least value v_j; with a point j forced
 * in that it did not pick, the best it can do is to swap j for the p-th, so every plan that opens j
 * costs at least L + v_j - v_(p). When that passes the best plan's cost, no better plan opens j, and
 * the MIP without j (its pairs left out, y_j = 0) keeps the optimum (the best plan, which does not
 * open j, stays in it), so its bound is one for the whole problem.
 */
import type { CpmpPlan } from './cpmp.ts';
import type { SparseLagrangian } from './cpmp-lagrangian-sparse.ts';

/**
 * 1 for each point no plan cheaper than `upper` (the cost of `incumbent`) opens; never one of the
 * incumbent's medians. `integral`: plan costs are integers, so a better plan costs upper - 1 or less.
 */
export function closedMedians(lagrangian: SparseLagrangian, p: number, upper: number, incumbent: CpmpPlan, integral: boolean): Uint8Array {
  const { values, bound } = lagrangian;
  const n = values.length;
  const closed = new Uint8Array(n);
  if (p <= 0 || p >= n) return closed;
  const order = Array.from({ length: n }, (_, j) => j).sort((a, b) => values[a]! - values[b]! || a - b);
  const pth = values[order[p - 1]!]!;
  if (!Number.isFinite(pth)) return closed;
  // A better plan costs at most this; a forced bound above it rules the median out (with a margin
  // for rounding in the bound's sums).
  const better = integral ? upper - 1 : upper;
  const margin = 1e-7 * Math.max(1, Math.abs(upper));
  const open = new Uint8Array(n);
  for (const j of incumbent.medians) open[j] = 1;
  for (let t = p; t < n; t++) {
    const j = order[t]!;
    if (!open[j] && bound + values[j]! - pth > better + margin) closed[j] = 1;
  }
  return closed;
}
