/**
 * The LP relaxation of a candidate model, turned into a lower bound for the full model: the LP's row
 * duals price every full-model pair (LP duality needs no optimality, so the bound is valid however
 * few candidates the LP saw), and pairs whose reduced cost is negative are the columns worth adding.
 */
import type { AssignmentModel } from '../assignment.ts';
import { solveWithHighs, type HighsFactory, type RelaxationSolution } from '../backends/highs.ts';

export interface PricedRelaxation {
  readonly lp: RelaxationSolution;
  /** Lower bound on the full model's optimum, or null when the LP gave no duals. */
  readonly bound: number | null;
  /** Full-model pairs with negative reduced cost outside the candidates, cheapest first per item. */
  readonly entering: Int32Array;
  /** Least reduced cost among the full-model pairs left out of the candidates (Infinity if none). */
  readonly leastExcludedReducedCost: number;
}

export interface RelaxOptions {
  readonly timeLimitSeconds: number;
  readonly seed: number;
  readonly shouldStop?: () => boolean;
  readonly factory?: HighsFactory;
  /** Entering pairs taken per item at most. */
  readonly enterPerItem?: number;
}

/** Solves the LP over `candidates` (a restriction of `full`, see `inCandidates`) and prices `full`. */
export async function pricedRelaxation(
  full: AssignmentModel,
  candidates: AssignmentModel,
  inCandidates: Uint8Array,
  options: RelaxOptions,
): Promise<PricedRelaxation> {
  const lp = await solveWithHighs(candidates, {
    timeLimitSeconds: options.timeLimitSeconds,
    mipGap: 0,
    seed: options.seed,
    relax: true,
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    ...(options.factory ? { factory: options.factory } : {}),
  });
  if (!lp.duals || lp.status === 'infeasible') return { lp, bound: null, entering: new Int32Array(0), leastExcludedReducedCost: -Infinity };
  const pricer = lp.duals.columns.pricer(lp.duals.rowDual, full);
  const enterPerItem = options.enterPerItem ?? 2;
  // Keeping the assignment rows in the subproblem: each item adds its least reduced cost.
  let bound = pricer.constant;
  let leastExcluded = Infinity;
  const entering: number[] = [];
  const negative: Array<[number, number]> = [];
  for (let i = 0; i < full.items; i++) {
    let least = Infinity;
    negative.length = 0;
    for (let p = full.pairStart[i]!; p < full.pairStart[i + 1]!; p++) {
      const d = pricer.reducedCost(p, i);
      if (d < least) least = d;
      if (inCandidates[p] === 1) continue;
      if (d < leastExcluded) leastExcluded = d;
      if (d < -1e-7 * Math.max(1, Math.abs(full.pairCost[p]!))) negative.push([d, p]);
    }
    if (Number.isFinite(least)) bound += least;
    if (negative.length > 0) {
      negative.sort((x, y) => x[0] - y[0]);
      for (let k = 0; k < Math.min(enterPerItem, negative.length); k++) entering.push(negative[k]![1]);
    }
  }
  return { lp, bound, entering: Int32Array.from(entering), leastExcludedReducedCost: leastExcluded };
}
