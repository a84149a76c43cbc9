/**
 * Lays an AssignmentModel out as a MIP in compressed sparse column form, the way HiGHS loads large
 * models fastest. Columns: one binary per pair, then per band group its mean u[g], then per soft-band
 * agent two slacks (below, above). Rows: assignment, capacity, band, side constraints.
 */
import type { AssignmentModel } from '../assignment.ts';

export interface MipColumns {
  readonly numCols: number;
  readonly numRows: number;
  /** Number of pair columns (they come first). */
  readonly pairs: number;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly integrality: Int32Array;
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  /** Fills the auxiliary columns (group means, slacks) for given pair values. */
  completeAuxiliary(values: Float64Array): void;
  /**
   * Lagrangian pricing of a larger model with this one's families: by default one with the same items
   * and agents (this model's pairs are a subset of its), else the part of it that `view` maps.
   */
  pricer(rowDual: Float64Array, full: AssignmentModel, view?: PricingView): DualPricer;
}

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

/** HiGHS treats values at or above 1e30 as infinite. */
const INF = 1e30;

interface BandLayout {
  /** Column of u for each group id. */
  readonly uCol: Map<number, number>;
  /** Row of the group-sum equation for each group id. */
  readonly sumRow: Map<number, number>;
  /** Lower- and upper-band row of each agent (-1 when not banded). */
  readonly loRow: Int32Array;
  readonly hiRow: Int32Array;
  /** Slack columns of each agent (-1 for hard bands). */
  readonly belowCol: Int32Array;
  readonly aboveCol: Int32Array;
}

export function buildCsc(model: AssignmentModel): MipColumns {
  const P = model.pairAgent.length;
  const pairItem = new Int32Array(P);
  for (let i = 0; i < model.items; i++) {
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) pairItem[p] = i;
  }

  // Rows and auxiliary columns, in order.
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const addRow = (lo: number, hi: number) => (rowLower.push(lo), rowUpper.push(hi) - 1);
  for (let i = 0; i < model.items; i++) addRow(1, 1);

  const capRow = model.capacities.map((family) => {
    const rows = new Int32Array(model.agents).fill(-1);
    for (let a = 0; a < model.agents; a++) {
      const limit = family.limit[a]!;
      if (Number.isFinite(limit)) rows[a] = addRow(-INF, limit);
    }
    return rows;
  });

  // Band rows are scaled so a typical agent's load and weight are about 1: raw values in euros next
  // to capacities in hours made HiGHS struggle. u[g] absorbs the scale, so the model is unchanged.
  const scale = model.bands.map((band) => {
    let meanLoadSum = 0;
    for (let i = 0; i < model.items; i++) {
      const n = model.pairStart[i + 1]! - model.pairStart[i]!;
      let sum = 0;
      for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) sum += band.load[p]!;
      if (n > 0) meanLoadSum += sum / n;
    }
    let weightSum = 0;
    for (let a = 0; a < model.agents; a++) if (band.group[a]! >= 0) weightSum += band.weight[a]!;
    return { load: meanLoadSum > 0 ? model.agents / meanLoadSum : 1, weight: weightSum > 0 ? model.agents / weightSum : 1 };
  });

  let nextCol = P;
  const auxCost: number[] = [];
  const auxLower: number[] = [];
  const addCol = (cost: number, lower: number) => (auxCost.push(cost), auxLower.push(lower), nextCol++);
  const bands: BandLayout[] = model.bands.map((band, b) => {
    const uCol = new Map<number, number>();
    const sumRow = new Map<number, number>();
    const loRow = new Int32Array(model.agents).fill(-1);
    const hiRow = new Int32Array(model.agents).fill(-1);
    const belowCol = new Int32Array(model.agents).fill(-1);
    const aboveCol = new Int32Array(model.agents).fill(-1);
    for (let a = 0; a < model.agents; a++) {
      const g = band.group[a]!;
      if (g < 0) continue;
      if (!uCol.has(g)) {
        uCol.set(g, addCol(0, 0));
        sumRow.set(g, addRow(0, 0));
      }
      loRow[a] = addRow(0, INF);
      hiRow[a] = addRow(-INF, 0);
      if (band.penalty !== null) {
        // Slacks are in scaled load units: a scaled unit is 1 / scale.load original units.
        belowCol[a] = addCol(band.penalty / scale[b]!.load, 0);
        aboveCol[a] = addCol(band.penalty / scale[b]!.load, 0);
      }
    }
    return { uCol, sumRow, loRow, hiRow, belowCol, aboveCol };
  });

  const sideRowBase = rowLower.length;
  for (const side of model.sideConstraints) addRow(side.lower, side.upper);
  // Side-constraint coefficients, gathered per pair.
  const sideEntries = new Map<number, Array<[number, number]>>();
  model.sideConstraints.forEach((side, s) => {
    for (let k = 0; k < side.pairs.length; k++) {
      const p = side.pairs[k]!;
      const list = sideEntries.get(p) ?? [];
      list.push([sideRowBase + s, side.coefs[k]!]);
      sideEntries.set(p, list);
    }
  });

  const numCols = nextCol;
  const numRows = rowLower.length;
  const starts = new Int32Array(numCols + 1);
  const indices: number[] = [];
  const values: number[] = [];
  const push = (row: number, value: number) => {
    if (row >= 0 && value !== 0) {
      indices.push(row);
      values.push(value);
    }
  };

  for (let p = 0; p < P; p++) {
    starts[p] = indices.length;
    const a = model.pairAgent[p]!;
    push(pairItem[p]!, 1);
    model.capacities.forEach((family, f) => push(capRow[f]![a]!, family.load[p]!));
    model.bands.forEach((band, b) => {
      const g = band.group[a]!;
      if (g < 0) return;
      const load = band.load[p]! * scale[b]!.load;
      push(bands[b]!.sumRow.get(g)!, load);
      push(bands[b]!.loRow[a]!, load);
      push(bands[b]!.hiRow[a]!, load);
    });
    for (const [row, coef] of sideEntries.get(p) ?? []) push(row, coef);
  }

  // Auxiliary columns in creation order: for each band, u columns and slack columns interleave in
  // the order they were added, so emit them by column index.
  const auxColumns: Array<Array<[number, number]>> = Array.from({ length: numCols - P }, () => []);
  model.bands.forEach((band, b) => {
    const layout = bands[b]!;
    const weightOfGroup = new Map<number, number>();
    for (let a = 0; a < model.agents; a++) {
      const g = band.group[a]!;
      if (g < 0) continue;
      const w = band.weight[a]! * scale[b]!.weight;
      weightOfGroup.set(g, (weightOfGroup.get(g) ?? 0) + w);
      const u = layout.uCol.get(g)! - P;
      auxColumns[u]!.push([layout.loRow[a]!, -(1 - band.tolerance) * w]);
      auxColumns[u]!.push([layout.hiRow[a]!, -(1 + band.tolerance) * w]);
      if (layout.belowCol[a]! >= 0) auxColumns[layout.belowCol[a]! - P]!.push([layout.loRow[a]!, 1]);
      if (layout.aboveCol[a]! >= 0) auxColumns[layout.aboveCol[a]! - P]!.push([layout.hiRow[a]!, -1]);
    }
    for (const [g, col] of layout.uCol) auxColumns[col - P]!.push([layout.sumRow.get(g)!, -weightOfGroup.get(g)!]);
  });
  for (let c = P; c < numCols; c++) {
    starts[c] = indices.length;
    const entries = auxColumns[c - P]!.sort((x, y) => x[0] - y[0]);
    for (const [row, value] of entries) push(row, value);
  }
  starts[numCols] = indices.length;

  const colCost = new Float64Array(numCols);
  const indicesArray = Int32Array.from(indices);
  const valuesArray = Float64Array.from(values);
  const rowLowerArray = Float64Array.from(rowLower);
  const rowUpperArray = Float64Array.from(rowUpper);
  colCost.set(model.pairCost);
  colCost.set(auxCost, P);
  const colLower = new Float64Array(numCols);
  colLower.set(auxLower, P);
  const colUpper = new Float64Array(numCols).fill(INF);
  colUpper.fill(1, 0, P);
  const integrality = new Int32Array(numCols);
  integrality.fill(1, 0, P);

  return {
    numCols,
    numRows,
    pairs: P,
    colCost,
    colLower,
    colUpper,
    rowLower: rowLowerArray,
    rowUpper: rowUpperArray,
    integrality,
    starts,
    indices: indicesArray,
    values: valuesArray,
    pricer(rowDual: Float64Array, full: AssignmentModel, view?: PricingView): DualPricer {
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
    },
    completeAuxiliary(vals: Float64Array) {
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
    },
  };
}
