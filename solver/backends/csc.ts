/**
 * Lays an AssignmentModel out as a MIP in compressed sparse column form, the way HiGHS loads large
 * models fastest. In the order of the model (see assignment.ts): data, then the variables and
 * constraints family by family (rows, and the auxiliary columns the bands need), then the matrix,
 * then the objective and the column bounds.
 *
 * Columns: one binary per pair, then, per band in creation order, each group's mean u[g] and each
 * soft-band agent's two slacks (below, above). Rows: assignment, capacity, band, side constraints.
 * The order is part of the model HiGHS sees: the builders below keep it.
 */
import type { AssignmentModel } from '../assignment.ts';
import type { CscProblem } from './highs-run.ts';
import { columns } from './csc-matrix.ts';
import { completeAuxiliary, dualPricer, type DualPricer, type PricingView } from './csc-pricer.ts';

export type { DualPricer, PricedRow, PricingView } from './csc-pricer.ts';

export interface MipColumns extends CscProblem {
  /** Number of pair columns (they come first). */
  readonly pairs: number;
  /** Fills the auxiliary columns (group means, slacks) for given pair values. */
  completeAuxiliary(values: Float64Array): void;
  /**
   * Lagrangian pricing of a larger model with this one's families (this model's pairs are a subset
   * of its, or of the part of it that `view.localAgent` maps).
   */
  pricer(rowDual: Float64Array, view: PricingView): DualPricer;
}

/** HiGHS treats values at or above 1e30 as infinite. */
export const INF = 1e30;

/** Where one band family sits in the MIP. */
export interface BandLayout {
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

/** How much a band's loads and weights are scaled by in its rows. */
export interface BandScale {
  readonly load: number;
  readonly weight: number;
}

/** The laid-out MIP with the row and column maps the pricer and the starting values need. */
export interface CscLayout {
  readonly model: AssignmentModel;
  readonly numRows: number;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  readonly colCost: Float64Array;
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
  /** Per capacity family: the row of each agent (-1 without a finite limit). */
  readonly capRow: readonly Int32Array[];
  readonly bands: readonly BandLayout[];
  readonly scale: readonly BandScale[];
  /** Row of the first side constraint (the others follow in order). */
  readonly sideRowBase: number;
}

/** Rows in creation order, with their bounds. */
class Rows {
  readonly lower: number[] = [];
  readonly upper: number[] = [];

  /** Adds a row lo <= . <= hi and returns its index. */
  add(lo: number, hi: number): number {
    this.lower.push(lo);
    return this.upper.push(hi) - 1;
  }
}

/** The auxiliary columns after the pair columns, in creation order, with their costs and lower bounds. */
class AuxColumns {
  readonly cost: number[] = [];
  readonly lower: number[] = [];

  constructor(public next: number) {}

  /** Adds a column and returns its index. */
  add(cost: number, lower: number): number {
    this.cost.push(cost);
    this.lower.push(lower);
    return this.next++;
  }
}

export function buildCsc(model: AssignmentModel): MipColumns {
  // Data.
  const P = model.pairAgent.length;
  const pairItem = itemOfPair(model);
  const scale = bandScales(model);

  // Variables and constraints, family by family, in this order.
  const rows = new Rows();
  const aux = new AuxColumns(P);
  assignmentRows(rows, model);
  const capRow = capacityRows(rows, model);
  const bands = bandRows(rows, aux, model, scale);
  const sideRowBase = sideRows(rows, model);

  // The matrix, column by column.
  const numCols = aux.next;
  const numRows = rows.lower.length;
  const matrix = columns(model, { pairItem, capRow, bands, scale, sideRowBase, numCols });

  // Objective and column bounds.
  const { colCost, colLower, colUpper, integrality } = objective(model, aux, numCols);

  const layout: CscLayout = {
    model,
    numRows,
    rowLower: Float64Array.from(rows.lower),
    rowUpper: Float64Array.from(rows.upper),
    colCost,
    ...matrix,
    capRow,
    bands,
    scale,
    sideRowBase,
  };
  return {
    numCols,
    numRows,
    pairs: P,
    colCost,
    colLower,
    colUpper,
    rowLower: layout.rowLower,
    rowUpper: layout.rowUpper,
    integrality,
    ...matrix,
    pricer: (rowDual, view) => dualPricer(layout, rowDual, view),
    completeAuxiliary: (values) => completeAuxiliary(layout, values),
  };
}

/** The item of each pair. */
function itemOfPair(model: AssignmentModel): Int32Array {
  const pairItem = new Int32Array(model.pairAgent.length);
  for (let i = 0; i < model.items; i++) {
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) pairItem[p] = i;
  }
  return pairItem;
}

/**
 * Band rows are scaled so a typical agent's load and weight are about 1: raw values in euros next
 * to capacities in hours made HiGHS struggle. u[g] absorbs the scale, so the model is unchanged.
 */
function bandScales(model: AssignmentModel): BandScale[] {
  return model.bands.map((band) => {
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
}

/** Each item goes to exactly one of its pairs: one row = 1 per item. */
function assignmentRows(rows: Rows, model: AssignmentModel): void {
  for (let i = 0; i < model.items; i++) rows.add(1, 1);
}

/** Each agent's load within its limit: one row per capacity family and agent with a finite limit. */
function capacityRows(rows: Rows, model: AssignmentModel): Int32Array[] {
  return model.capacities.map((family) => {
    const capRow = new Int32Array(model.agents).fill(-1);
    for (let a = 0; a < model.agents; a++) {
      const limit = family.limit[a]!;
      if (Number.isFinite(limit)) capRow[a] = rows.add(-INF, limit);
    }
    return capRow;
  });
}

/**
 * Each agent within ±tolerance of its weight share of its group's mean u[g]: per group a column u[g]
 * and its sum row, per agent a lower and an upper row, and for soft bands two slack columns charged
 * the penalty.
 */
function bandRows(rows: Rows, aux: AuxColumns, model: AssignmentModel, scale: readonly BandScale[]): BandLayout[] {
  return model.bands.map((band, b) => {
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
        uCol.set(g, aux.add(0, 0));
        sumRow.set(g, rows.add(0, 0));
      }
      loRow[a] = rows.add(0, INF);
      hiRow[a] = rows.add(-INF, 0);
      if (band.penalty !== null) {
        // Slacks are in scaled load units: a scaled unit is 1 / scale.load original units.
        belowCol[a] = aux.add(band.penalty / scale[b]!.load, 0);
        aboveCol[a] = aux.add(band.penalty / scale[b]!.load, 0);
      }
    }
    return { uCol, sumRow, loRow, hiRow, belowCol, aboveCol };
  });
}

/** Each side constraint (the move budget) as one row lower <= sum coef x <= upper; returns the first row. */
function sideRows(rows: Rows, model: AssignmentModel): number {
  const sideRowBase = rows.lower.length;
  for (const side of model.sideConstraints) rows.add(side.lower, side.upper);
  return sideRowBase;
}

/** Minimise the pair costs plus the slack penalties; pairs are binaries, the auxiliary columns non-negative. */
function objective(model: AssignmentModel, aux: AuxColumns, numCols: number) {
  const P = model.pairAgent.length;
  const colCost = new Float64Array(numCols);
  colCost.set(model.pairCost);
  colCost.set(aux.cost, P);
  const colLower = new Float64Array(numCols);
  colLower.set(aux.lower, P);
  const colUpper = new Float64Array(numCols).fill(INF);
  colUpper.fill(1, 0, P);
  const integrality = new Int32Array(numCols);
  integrality.fill(1, 0, P);
  return { colCost, colLower, colUpper, integrality };
}
