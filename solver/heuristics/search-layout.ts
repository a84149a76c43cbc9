/**
 * Static layout the heuristics share: per-family tolerances and scales, band groups as compact
 * indices with their agents, side-constraint entries per pair, and a fast (item, agent) -> pair map.
 * Built once per model; the mutable loads live in SearchState.
 */
import type { AssignmentModel } from '../assignment.ts';

/** Relative slack under which a load counts as inside its limit (stricter than the checker's 1e-6). */
export const FEASIBILITY_EPS = 1e-9;

/** How far `load` lies above `limit`, ignoring floating-point noise. */
export function excess(load: number, limit: number): number {
  const over = load - limit - FEASIBILITY_EPS * Math.max(1, Math.abs(limit));
  return over > 0 ? over : 0;
}

/** How far `value` lies outside [lower, upper], ignoring floating-point noise. */
export function outside(value: number, lower: number, upper: number): number {
  const eps = FEASIBILITY_EPS * Math.max(1, Math.abs(value));
  if (value < lower - eps) return lower - eps - value;
  if (value > upper + eps) return value - upper - eps;
  return 0;
}

export interface BandLayout {
  readonly load: Float64Array;
  readonly hard: boolean;
  /** Cost per unit outside (0 for hard bands). */
  readonly penalty: number;
  readonly tolerance: number;
  readonly weight: Float64Array;
  /** Compact group index per agent, -1 when the agent is outside the band. */
  readonly group: Int32Array;
  readonly groupWeight: Float64Array;
  /** Agents of group g are groupAgents[groupStart[g] .. groupStart[g+1]-1]. */
  readonly groupStart: Int32Array;
  readonly groupAgents: Int32Array;
  /** Normalises a hard band's violation (1 / average load per agent). */
  readonly scale: number;
}

export interface SearchLayout {
  readonly model: AssignmentModel;
  readonly pairItem: Int32Array;
  /** Normalises each capacity family's excess (1 / mean finite limit). */
  readonly capacityScale: Float64Array;
  readonly bands: readonly BandLayout[];
  /** Side entries of pair p: sideStart[p] .. sideStart[p+1]-1 into sideRow / sideCoef. */
  readonly sideStart: Int32Array;
  readonly sideRow: Int32Array;
  readonly sideCoef: Float64Array;
  readonly sideScale: Float64Array;
  /** Dense item x agent -> pair table when small enough, else null (linear scan). */
  readonly pairTable: Int32Array | null;
  /** Whether some soft band exists: then cost moves are not only pair costs. */
  readonly hasSoftBands: boolean;
}

/** Largest dense pair table we build (entries); 4e6 Int32 = 16 MB. */
const MAX_PAIR_TABLE = 4_000_000;

export function buildLayout(model: AssignmentModel): SearchLayout {
  const P = model.pairAgent.length;
  const pairItem = new Int32Array(P);
  for (let i = 0; i < model.items; i++) {
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) pairItem[p] = i;
  }
  const capacityScale = Float64Array.from(model.capacities, (family) => {
    let sum = 0;
    let count = 0;
    for (const limit of family.limit) {
      if (Number.isFinite(limit) && limit > 0) {
        sum += limit;
        count++;
      }
    }
    return count > 0 ? count / sum : 1;
  });
  const bands = model.bands.map((band) => bandLayout(model, band));
  const side = sideLayout(model);
  let pairTable: Int32Array | null = null;
  if (model.items * model.agents <= MAX_PAIR_TABLE) {
    pairTable = new Int32Array(model.items * model.agents).fill(-1);
    for (let p = 0; p < P; p++) pairTable[pairItem[p]! * model.agents + model.pairAgent[p]!] = p;
  }
  return {
    model,
    pairItem,
    capacityScale,
    bands,
    ...side,
    pairTable,
    hasSoftBands: model.bands.some((band) => band.penalty !== null),
  };
}

/** Pair of (item, agent), or -1 when the agent is not eligible. */
export function pairOf(layout: SearchLayout, item: number, agent: number): number {
  if (layout.pairTable) return layout.pairTable[item * layout.model.agents + agent]!;
  const m = layout.model;
  for (let p = m.pairStart[item]!; p < m.pairStart[item + 1]!; p++) if (m.pairAgent[p] === agent) return p;
  return -1;
}

function bandLayout(model: AssignmentModel, band: AssignmentModel['bands'][number]): BandLayout {
  const ids = new Map<number, number>();
  const group = new Int32Array(model.agents).fill(-1);
  for (let a = 0; a < model.agents; a++) {
    const g = band.group[a]!;
    if (g < 0) continue;
    if (!ids.has(g)) ids.set(g, ids.size);
    group[a] = ids.get(g)!;
  }
  const G = ids.size;
  const groupWeight = new Float64Array(G);
  const groupStart = new Int32Array(G + 1);
  for (let a = 0; a < model.agents; a++) {
    const g = group[a]!;
    if (g < 0) continue;
    groupWeight[g]! += band.weight[a]!;
    groupStart[g + 1]!++;
  }
  for (let g = 0; g < G; g++) groupStart[g + 1]! += groupStart[g]!;
  const fill = groupStart.slice(0, G);
  const groupAgents = new Int32Array(groupStart[G]!);
  for (let a = 0; a < model.agents; a++) {
    const g = group[a]!;
    if (g >= 0) groupAgents[fill[g]!++] = a;
  }
  // Average load an agent carries: mean pair load per item, spread over the banded agents.
  let perItem = 0;
  for (let i = 0; i < model.items; i++) {
    const from = model.pairStart[i]!;
    const to = model.pairStart[i + 1]!;
    let sum = 0;
    for (let p = from; p < to; p++) sum += Math.abs(band.load[p]!);
    if (to > from) perItem += sum / (to - from);
  }
  const average = groupAgents.length > 0 ? perItem / groupAgents.length : 0;
  return {
    load: band.load,
    hard: band.penalty === null,
    penalty: band.penalty ?? 0,
    tolerance: band.tolerance,
    weight: band.weight,
    group,
    groupWeight,
    groupStart,
    groupAgents,
    scale: average > 0 ? 1 / average : 1,
  };
}

function sideLayout(model: AssignmentModel) {
  const P = model.pairAgent.length;
  const sideStart = new Int32Array(P + 1);
  for (const side of model.sideConstraints) for (const p of side.pairs) sideStart[p + 1]!++;
  for (let p = 0; p < P; p++) sideStart[p + 1]! += sideStart[p]!;
  const fill = sideStart.slice(0, P);
  const sideRow = new Int32Array(sideStart[P]!);
  const sideCoef = new Float64Array(sideStart[P]!);
  const sideScale = new Float64Array(model.sideConstraints.length);
  model.sideConstraints.forEach((side, s) => {
    let largest = 0;
    for (let k = 0; k < side.pairs.length; k++) {
      const at = fill[side.pairs[k]!]!++;
      sideRow[at] = s;
      sideCoef[at] = side.coefs[k]!;
      largest = Math.max(largest, Math.abs(side.coefs[k]!));
    }
    sideScale[s] = largest > 0 ? 1 / largest : 1;
  });
  return { sideStart, sideRow, sideCoef, sideScale };
}
