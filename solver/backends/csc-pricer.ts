/**
 * What the LP's row duals say about a larger model: a valid lower bound for it and the reduced cost
 * of each of its pairs (the large-model strategy prices pairs the LP left out), and the auxiliary
 * columns (group means, slacks) of a starting assignment. Both read the layout `buildCsc` made.
 */
import { INF, type CscLayout } from './csc.ts';

/**
 * What pricing a larger model (the full model of the large-model strategy, read item by item) needs
 * beyond the duals: which of its agents this LP covers, what each band's group can weigh at most in
 * any assignment, and the side-constraint entries of its pairs.
 */
export interface PricingView {
  /** This LP's agent of each of the larger model's agents (-1 outside); identity when left out. */
  readonly localAgent?: Int32Array;
  /**
   * Per band of this model, per group: the largest total load any assignment of the larger model can
   * put on the group (the sum over its items of their heaviest pair in the group), unscaled.
   */
  readonly reach: readonly ReadonlyMap<number, number>[];
  /** For (item, agent) of the larger model: its (side constraint of this LP, coefficient) entries. */
  readonly sideOf: (item: number, agent: number) => ReadonlyArray<readonly [number, number]> | undefined;
}

/** The pairs of one item of the larger model, as its stream gives them (see large/pair-stream.ts). */
export interface PricedRow {
  readonly agent: Int32Array;
  readonly cost: Float64Array;
  readonly capacityLoad: readonly Float64Array[];
  readonly bandLoad: readonly Float64Array[];
}

/**
 * A valid lower bound from any row duals y (LP duality, no optimality needed): for every x with
 * l <= Ax <= u and column bounds, c x = y Ax + d x >= sum_r min(y_r l_r, y_r u_r) + sum_j min(d_j lo_j,
 * d_j hi_j), with d = c - A^T y. `constant` is everything but the pair columns; each pair then adds
 * min(0, reducedCost). Pairs left out of the LP can be priced too, so a bound from an LP over a few
 * candidate pairs holds for the full model (the auxiliary columns get finite upper bounds that every
 * assignment of the full model respects: the bands' reach).
 */
export interface DualPricer {
  readonly constant: number;
  /**
   * Reduced cost of pair k of `row`, the pairs of the larger model's item `item`, which is this LP's
   * item `local`.
   */
  reducedCost(row: PricedRow, k: number, local: number, item: number): number;
}

/** The pricer of a larger model at row duals `rowDual` of the laid-out MIP (see DualPricer). */
export function dualPricer(mip: CscLayout, rowDual: Float64Array, view: PricingView): DualPricer {
  const { model, numRows, rowLower, rowUpper, colCost, starts, capRow, bands, scale, sideRowBase } = mip;
  const indicesArray = mip.indices;
  const valuesArray = mip.values;
  const localAgent = view.localAgent ?? Int32Array.from({ length: model.agents }, (_, a) => a);
  // Duals of the wrong sign for an infinite side (numerical noise) count as zero: any duals are valid.
  const yClean = Float64Array.from(rowDual, (v, r) => {
    if (v > 0 && rowLower[r]! <= -INF) return 0;
    if (v < 0 && rowUpper[r]! >= INF) return 0;
    return v;
  });
  let constant = 0;
  for (let r = 0; r < numRows; r++) {
    const v = yClean[r]!;
    if (v !== 0) constant += v > 0 ? v * rowLower[r]! : v * rowUpper[r]!;
  }
  // Auxiliary columns: d = cost - sum y A over their entries, bounded by what the full model allows.
  model.bands.forEach((band, b) => {
    const layout = bands[b]!;
    const reach = view.reach[b]!;
    const maxTotal = (g: number) => (reach.get(g) ?? 0) * scale[b]!.load;
    const groupWeight = new Map<number, number>();
    for (let a = 0; a < model.agents; a++) {
      const g = band.group[a]!;
      if (g >= 0) groupWeight.set(g, (groupWeight.get(g) ?? 0) + band.weight[a]! * scale[b]!.weight);
    }
    const columnTerm = (col: number, upper: number) => {
      let d = colCost[col]!;
      for (let k = starts[col]!; k < starts[col + 1]!; k++) d -= yClean[indicesArray[k]!]! * valuesArray[k]!;
      return Math.min(0, d * upper);
    };
    for (const [g, col] of layout.uCol) {
      const w = groupWeight.get(g)!;
      constant += columnTerm(col, w > 0 ? maxTotal(g) / w : 0);
    }
    for (let a = 0; a < model.agents; a++) {
      const g = band.group[a]!;
      if (g < 0) continue;
      if (layout.belowCol[a]! >= 0) constant += columnTerm(layout.belowCol[a]!, maxTotal(g));
      if (layout.aboveCol[a]! >= 0) constant += columnTerm(layout.aboveCol[a]!, maxTotal(g));
    }
  });
  const { sideOf } = view;
  return {
    constant,
    reducedCost(row: PricedRow, k: number, local: number, item: number): number {
      const agent = row.agent[k]!;
      const a = localAgent[agent]!;
      let d = row.cost[k]! - yClean[local]!;
      for (let f = 0; f < capRow.length; f++) {
        const r = capRow[f]![a]!;
        if (r >= 0) d -= yClean[r]! * row.capacityLoad[f]![k]!;
      }
      for (let b = 0; b < model.bands.length; b++) {
        const g = model.bands[b]!.group[a]!;
        if (g < 0) continue;
        const layout = bands[b]!;
        const rows = yClean[layout.sumRow.get(g)!]! + (layout.loRow[a]! >= 0 ? yClean[layout.loRow[a]!]! : 0) + (layout.hiRow[a]! >= 0 ? yClean[layout.hiRow[a]!]! : 0);
        d -= rows * row.bandLoad[b]![k]! * scale[b]!.load;
      }
      const entries = sideOf(item, agent);
      if (entries) for (const [s, coef] of entries) d -= yClean[sideRowBase + s]! * coef;
      return d;
    },
  };
}

/** Fills the auxiliary columns (group means, slacks) of `vals` for its pair values. */
export function completeAuxiliary(mip: CscLayout, vals: Float64Array): void {
  const { model, bands, scale } = mip;
  const P = model.pairAgent.length;
  model.bands.forEach((band, b) => {
    const layout = bands[b]!;
    const { load: sl, weight: sw } = scale[b]!;
    const total = new Float64Array(model.agents);
    for (let p = 0; p < P; p++) total[model.pairAgent[p]!]! += band.load[p]! * sl * vals[p]!;
    const groupLoad = new Map<number, number>();
    const groupWeight = new Map<number, number>();
    for (let a = 0; a < model.agents; a++) {
      const g = band.group[a]!;
      if (g < 0) continue;
      groupLoad.set(g, (groupLoad.get(g) ?? 0) + total[a]!);
      groupWeight.set(g, (groupWeight.get(g) ?? 0) + band.weight[a]! * sw);
    }
    for (const [g, col] of layout.uCol) {
      const w = groupWeight.get(g)!;
      vals[col] = w > 0 ? groupLoad.get(g)! / w : 0;
    }
    for (let a = 0; a < model.agents; a++) {
      const g = band.group[a]!;
      if (g < 0 || layout.belowCol[a]! < 0) continue;
      const u = vals[layout.uCol.get(g)!]!;
      const lo = (1 - band.tolerance) * band.weight[a]! * sw * u;
      const hi = (1 + band.tolerance) * band.weight[a]! * sw * u;
      vals[layout.belowCol[a]!] = Math.max(0, lo - total[a]!);
      vals[layout.aboveCol[a]!] = Math.max(0, total[a]! - hi);
    }
  });
}
