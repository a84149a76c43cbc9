/**
 * What the LP's row duals say about a larger model: a valid lower bound for it and the reduced cost
 * of each of its pairs (the large-model strategy prices pairs the LP left out), and the auxiliary
 * columns (group means, slacks) of a starting assignment. Both read the layout `buildCsc` made.
 */
import type { AssignmentModel } from '../assignment.ts';
import { INF, type CscLayout } from './csc.ts';

/** Which part of a larger model an LP covers (see findComponents and subModel). */
export interface PricingView {
  /** The larger model's item of each of this model's items. */
  readonly items: Int32Array;
  /** This model's agent of each of the larger model's agents (-1 outside). */
  readonly localAgent: Int32Array;
  /** For a pair of the larger model: its (side constraint of this model, coefficient) entries. */
  readonly sideOf: (pair: number) => ReadonlyArray<readonly [number, number]> | undefined;
}

/** Side-constraint entries per pair of a model whose side constraints match the LP's one for one. */
export function sideEntriesOf(model: AssignmentModel): (pair: number) => ReadonlyArray<readonly [number, number]> | undefined {
  const entries = new Map<number, Array<[number, number]>>();
  model.sideConstraints.forEach((side, s) => {
    for (let k = 0; k < side.pairs.length; k++) {
      const list = entries.get(side.pairs[k]!) ?? [];
      list.push([s, side.coefs[k]!]);
      entries.set(side.pairs[k]!, list);
    }
  });
  return (pair) => entries.get(pair);
}

/**
 * A valid lower bound from any row duals y (LP duality, no optimality needed): for every x with
 * l <= Ax <= u and column bounds, c x = y Ax + d x >= sum_r min(y_r l_r, y_r u_r) + sum_j min(d_j lo_j,
 * d_j hi_j), with d = c - A^T y. `constant` is everything but the pair columns; each pair then adds
 * min(0, reducedCost). Pairs left out of the LP can be priced too, so a bound from an LP over a few
 * candidate pairs holds for the full model (the auxiliary columns get finite upper bounds that every
 * assignment of the full model respects).
 */
export interface DualPricer {
  readonly constant: number;
  /** Reduced cost of pair p of `full` (item i). */
  reducedCost(p: number, item: number): number;
}

/** The pricer of `full` at row duals `rowDual` of the laid-out MIP (see DualPricer). */
export function dualPricer(mip: CscLayout, rowDual: Float64Array, full: AssignmentModel, view?: PricingView): DualPricer {
  const { model, numRows, rowLower, rowUpper, colCost, starts, capRow, bands, scale, sideRowBase } = mip;
  const indicesArray = mip.indices;
  const valuesArray = mip.values;
  const items = view?.items ?? Int32Array.from({ length: model.items }, (_, i) => i);
  const localAgent = view?.localAgent ?? Int32Array.from({ length: model.agents }, (_, a) => a);
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
    const maxTotal = new Map<number, number>();
    const reach = new Map<number, number>();
    for (const i of items) {
      reach.clear();
      for (let p = full.pairStart[i]!; p < full.pairStart[i + 1]!; p++) {
        const a = localAgent[full.pairAgent[p]!]!;
        const g = a >= 0 ? band.group[a]! : -1;
        if (g >= 0) reach.set(g, Math.max(reach.get(g) ?? 0, full.bands[b]!.load[p]! * scale[b]!.load));
      }
      for (const [g, v] of reach) maxTotal.set(g, (maxTotal.get(g) ?? 0) + v);
    }
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
      constant += columnTerm(col, w > 0 ? (maxTotal.get(g) ?? 0) / w : 0);
    }
    for (let a = 0; a < model.agents; a++) {
      const g = band.group[a]!;
      if (g < 0) continue;
      if (layout.belowCol[a]! >= 0) constant += columnTerm(layout.belowCol[a]!, maxTotal.get(g) ?? 0);
      if (layout.aboveCol[a]! >= 0) constant += columnTerm(layout.aboveCol[a]!, maxTotal.get(g) ?? 0);
    }
  });
  const sideOf = view?.sideOf ?? sideEntriesOf(full);
  return {
    constant,
    reducedCost(p: number, item: number): number {
      const a = localAgent[full.pairAgent[p]!]!;
      let d = full.pairCost[p]! - yClean[item]!;
      full.capacities.forEach((family, f) => {
        const row = capRow[f]![a]!;
        if (row >= 0) d -= yClean[row]! * family.load[p]!;
      });
      model.bands.forEach((band, b) => {
        const g = band.group[a]!;
        if (g < 0) return;
        const layout = bands[b]!;
        const rows = yClean[layout.sumRow.get(g)!]! + (layout.loRow[a]! >= 0 ? yClean[layout.loRow[a]!]! : 0) + (layout.hiRow[a]! >= 0 ? yClean[layout.hiRow[a]!]! : 0);
        d -= rows * full.bands[b]!.load[p]! * scale[b]!.load;
      });
      for (const [s, coef] of sideOf(p) ?? []) d -= yClean[sideRowBase + s]! * coef;
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
