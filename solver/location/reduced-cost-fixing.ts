/**
 * Reduced-cost fixing: with LP row duals y (any, not only optimal ones, after the sign rules of
 * LP duality) and d = c - A^T y, every x in the column bounds [0, 1] that meets the rows costs at
 * least L + sum over the columns of d_j x_j - min(0, d_j), where L = sum_r min(y_r l_r, y_r u_r)
 * + sum_j min(0, d_j) is the dual bound. So a column with d_j > U - L, U the cost of a known plan,
 * is 0 in every plan cheaper than U, and the MIP without it has the same optimum whenever the known
 * plan stays in it (Nemhauser & Wolsey, the standard argument; csc-pricer.ts uses the same bound).
 */
import type { CscProblem } from '../backends/highs-run.ts';

/** HiGHS treats values at or above this as infinite. */
const INF = 1e30;

export interface DualReading {
  /** The dual bound L, valid for the problem whatever the duals. */
  readonly bound: number;
  /** Reduced cost of each column. */
  readonly reducedCost: Float64Array;
}

/** L and d for `rowDual`, for a MIP whose columns all lie in [0, 1]. */
export function readDuals(problem: CscProblem, rowDual: Float64Array): DualReading {
  // Duals of the wrong sign for an infinite side (numerical noise) count as zero.
  const y = Float64Array.from(rowDual, (v, r) => {
    if (v > 0 && problem.rowLower[r]! <= -INF) return 0;
    if (v < 0 && problem.rowUpper[r]! >= INF) return 0;
    return v;
  });
  let bound = 0;
  for (let r = 0; r < problem.numRows; r++) {
    const v = y[r]!;
    if (v !== 0) bound += v > 0 ? v * problem.rowLower[r]! : v * problem.rowUpper[r]!;
  }
  const reducedCost = new Float64Array(problem.numCols);
  for (let c = 0; c < problem.numCols; c++) {
    let d = problem.colCost[c]!;
    for (let k = problem.starts[c]!; k < problem.starts[c + 1]!; k++) d -= y[problem.indices[k]!]! * problem.values[k]!;
    reducedCost[c] = d;
    if (d < 0) bound += d;
  }
  return { bound, reducedCost };
}

/** Whether column c can be left out of every plan cheaper than `upper`. */
export function fixedAtZero(reading: DualReading, c: number, upper: number): boolean {
  return reading.reducedCost[c]! > upper - reading.bound + 1e-7 * Math.max(1, Math.abs(upper));
}
