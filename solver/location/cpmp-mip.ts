/**
 * The CPMP as a MIP in CSC form, in the strong formulation (each assignment linked to its median by
 * a row of its own, x_ij <= y_j, which the aggregated sum_i x_ij <= n y_j relaxes to a far weaker
 * LP bound):
 *
 *   min   sum d_ij x_ij
 *   s.t.  sum_j x_ij = 1                     each point to one median
 *         sum_i q_i x_ij - Q_j y_j <= 0      capacity of an open median
 *         sum_j y_j = p                      exactly p medians
 *         x_ij - y_j <= 0  (i != j)          only open medians serve
 *         x_jj - y_j = 0                     a median serves itself
 *
 * Columns: the x of point 0's candidate medians, of point 1's, ..., then y_0 .. y_{n-1}.
 */
import type { CscProblem } from '../backends/highs-run.ts';
import type { CpmpInstance, CpmpPlan } from './cpmp.ts';

export interface CpmpMip extends CscProblem {
  /** Columns of point i's x are pairStart[i] .. pairStart[i+1]-1; `pairMedian` their median. */
  readonly pairStart: Int32Array;
  readonly pairMedian: Int32Array;
}

/** `candidates(i)`: the medians point i may go to (its own index among them); all points when left out. */
export function cpmpMip(instance: CpmpInstance, candidates?: (i: number) => readonly number[]): CpmpMip {
  const n = instance.points;
  const pairStart = new Int32Array(n + 1);
  const medians: number[] = [];
  for (let i = 0; i < n; i++) {
    pairStart[i] = medians.length;
    const mine = candidates ? [...new Set([i, ...candidates(i)])].sort((a, b) => a - b) : Array.from({ length: n }, (_, j) => j);
    medians.push(...mine);
  }
  pairStart[n] = medians.length;
  const X = medians.length;
  const pairMedian = Int32Array.from(medians);
  const numCols = X + n;
  const countRow = 2 * n;
  const linkRow = (p: number) => 2 * n + 1 + p;
  const numRows = 2 * n + 1 + X;
  // Each x: assignment row, capacity row, its link row. Each y: capacity row, count row, its links.
  const linksOf = new Int32Array(n);
  for (let p = 0; p < X; p++) linksOf[pairMedian[p]!]!++;
  const starts = new Int32Array(numCols + 1);
  for (let p = 0; p < X; p++) starts[p + 1] = starts[p]! + 3;
  for (let j = 0; j < n; j++) starts[X + j + 1] = starts[X + j]! + 2 + linksOf[j]!;
  const nnz = starts[numCols]!;
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  const colCost = new Float64Array(numCols);
  for (let i = 0; i < n; i++) {
    for (let p = pairStart[i]!; p < pairStart[i + 1]!; p++) {
      const j = pairMedian[p]!;
      const k = starts[p]!;
      indices.set([i, n + j, linkRow(p)], k);
      values.set([1, instance.demand[i]!, 1], k);
      colCost[p] = instance.distance(i, j);
    }
  }
  const fill = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const k = starts[X + j]!;
    indices.set([n + j, countRow], k);
    values.set([-instance.capacity[j]!, 1], k);
    fill[j] = k + 2;
  }
  // Link rows ascend with p, so each y column's row indices come out sorted.
  for (let p = 0; p < X; p++) {
    const j = pairMedian[p]!;
    indices[fill[j]!] = linkRow(p);
    values[fill[j]!++] = -1;
  }
  const rowLower = new Float64Array(numRows);
  const rowUpper = new Float64Array(numRows);
  for (let i = 0; i < n; i++) {
    rowLower[i] = 1;
    rowUpper[i] = 1;
    rowLower[n + i] = -Infinity;
    rowUpper[n + i] = 0;
  }
  rowLower[countRow] = instance.medians;
  rowUpper[countRow] = instance.medians;
  for (let i = 0; i < n; i++) {
    for (let p = pairStart[i]!; p < pairStart[i + 1]!; p++) {
      rowLower[linkRow(p)] = pairMedian[p] === i ? 0 : -Infinity;
      rowUpper[linkRow(p)] = 0;
    }
  }
  return {
    numCols,
    numRows,
    colCost,
    colLower: new Float64Array(numCols),
    colUpper: new Float64Array(numCols).fill(1),
    rowLower,
    rowUpper,
    integrality: new Int32Array(numCols).fill(1),
    starts,
    indices,
    values,
    pairStart,
    pairMedian,
  };
}

/** The full column vector of a plan (for HiGHS's first incumbent), or null when it uses a pair the MIP lacks. */
export function mipStart(mip: CpmpMip, plan: CpmpPlan): Float64Array | null {
  const n = mip.pairStart.length - 1;
  const values = new Float64Array(mip.numCols);
  for (let i = 0; i < n; i++) {
    let found = false;
    for (let p = mip.pairStart[i]!; p < mip.pairStart[i + 1]!; p++) {
      if (mip.pairMedian[p] === plan.assignment[i]) {
        values[p] = 1;
        found = true;
      }
    }
    if (!found) return null;
  }
  const X = mip.pairStart[n]!;
  for (const j of plan.medians) values[X + j] = 1;
  return values;
}

/** The plan of integral column values. */
export function mipPlan(mip: CpmpMip, colValue: Float64Array): CpmpPlan {
  const n = mip.pairStart.length - 1;
  const assignment = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let best = -1;
    for (let p = mip.pairStart[i]!; p < mip.pairStart[i + 1]!; p++) if (best < 0 || colValue[p]! > colValue[best]!) best = p;
    if (best >= 0) assignment[i] = mip.pairMedian[best]!;
  }
  const X = mip.pairStart[n]!;
  const medians: number[] = [];
  for (let j = 0; j < n; j++) if (colValue[X + j]! > 0.5) medians.push(j);
  return { medians: Int32Array.from(medians), assignment };
}
