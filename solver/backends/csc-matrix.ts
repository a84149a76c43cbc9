/**
 * The constraint matrix of the laid-out MIP in compressed sparse column form: each pair column's
 * entries in the assignment, capacity, band and side rows, then the auxiliary columns' (group means,
 * slacks), from the row and column maps `buildCsc` made family by family.
 */
import type { AssignmentModel } from '../assignment.ts';
import type { BandLayout, BandScale } from './csc.ts';

/** Where each family's rows and the auxiliary columns are. */
export interface ColumnMaps {
  readonly pairItem: Int32Array;
  readonly capRow: readonly Int32Array[];
  readonly bands: readonly BandLayout[];
  readonly scale: readonly BandScale[];
  readonly sideRowBase: number;
  readonly numCols: number;
}

/** The matrix in CSC form: each pair column's entries in every family's rows, then the auxiliary columns'. */
export function columns(model: AssignmentModel, maps: ColumnMaps): { starts: Int32Array; indices: Int32Array; values: Float64Array } {
  const { pairItem, capRow, bands, scale, sideRowBase, numCols } = maps;
  const P = model.pairAgent.length;
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
  return { starts, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}
