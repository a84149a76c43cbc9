/**
 * The LP relaxation of a candidate model, turned into a lower bound for the full model: the LP's row
 * duals price every full-model pair (LP duality needs no optimality, so the bound is valid however
 * few candidates the LP saw), and pairs whose reduced cost is negative are the columns worth adding.
 * Independent components (see components.ts) get an LP each: smaller LPs solve faster, and the
 * bounds add up.
 */
import type { AssignmentModel } from '../assignment.ts';
import type { DualPricer, PricingView } from '../backends/csc.ts';
import { solveWithHighs } from '../backends/highs.ts';
import type { RunContext } from '../run-context.ts';
import type { SolveStatus } from '../types.ts';
import { subModel, type Components, type SubModel } from './components.ts';
import { pairKey, sideEntries, type PairStream } from './pair-stream.ts';

export interface PricedRelaxation {
  /** `infeasible` when some component's candidate LP is. */
  readonly status: SolveStatus;
  /** The candidate LP's optimum (summed over components), or null. */
  readonly objective: number | null;
  /** LP value of each candidate pair, or null. */
  readonly x: Float64Array | null;
  /** Lower bound on the full model's optimum, or null when some LP gave no duals. */
  readonly bound: number | null;
  /** Full-model pairs (item, agent) with negative reduced cost outside the candidates, cheapest first per item. */
  readonly entering: { readonly item: Int32Array; readonly agent: Int32Array };
  /** How many LPs were solved (one per component). */
  readonly lps: number;
}

/** Entering pairs taken per item at most. */
const ENTER_PER_ITEM = 2;

/**
 * Solves the LP over the candidate model (per component when `parts` has several) and prices every
 * pair of `full` in one pass over its rows, within `run.budget` (started for these LPs: each gets
 * what is left of it). `reach`: the bands' reach in the full model (survey.ts).
 */
export async function pricedRelaxation(
  full: PairStream,
  candidates: AssignmentModel,
  reach: readonly ReadonlyMap<number, number>[],
  run: RunContext,
  parts: Components | null = null,
): Promise<PricedRelaxation> {
  const P = candidates.pairAgent.length;
  const x = new Float64Array(P);
  const failed = (status: SolveStatus, lps: number): PricedRelaxation => ({ status, objective: null, x: null, bound: null, entering: NO_PAIRS, lps });
  let objective = 0;
  const count = parts && parts.count > 1 ? parts.count : 1;
  // Each LP item's pricer and its index in that LP; all LPs are solved before the one pricing pass.
  const pricerOf: Array<DualPricer | null> = new Array<DualPricer | null>(full.items).fill(null);
  const localOf = new Int32Array(full.items);
  let constant = 0;
  const entries = sideEntries(full);
  const wholeSideOf = (item: number, agent: number) => entries.get(pairKey(full, item, agent));
  // Larger components first: they need the time most.
  const order = Array.from({ length: count }, (_, c) => c);
  if (parts && count > 1) order.sort((a, b) => parts.items[b]!.length - parts.items[a]!.length || a - b);
  let lps = 0;
  for (const c of order) {
    const part = count === 1 ? null : subModel(candidates, parts!.items[c]!, parts!.agents[c]!);
    const lpModel = part ? part.model : candidates;
    const lp = await solveWithHighs(lpModel, run.child(Math.max(10, run.budget.remainingMs())), { mipGap: 0, relax: true });
    lps++;
    if (lp.status === 'infeasible') return failed('infeasible', lps);
    if (!lp.duals || !lp.x || lp.objective === null) return failed(lp.status, lps);
    objective += lp.objective;
    if (part) part.pairs.forEach((q, k) => (x[q] = lp.x![k]!));
    else x.set(lp.x);
    const pricer = lp.duals.columns.pricer(lp.duals.rowDual, part
      ? { localAgent: localIndex(full.agents, part.agents), reach, sideOf: partSideOf(candidates, part, wholeSideOf) }
      : { reach, sideOf: wholeSideOf });
    constant += pricer.constant;
    const items = part ? part.items : null;
    const itemCount = items ? items.length : full.items;
    for (let li = 0; li < itemCount; li++) {
      const i = items ? items[li]! : li;
      pricerOf[i] = pricer;
      localOf[i] = li;
    }
  }
  // The pricing pass: keeping the assignment rows in the subproblem, each item adds its least
  // reduced cost; pairs outside the candidates with a negative one may enter.
  let bound = constant;
  const entering = { item: [] as number[], agent: [] as number[] };
  const negative: Array<[number, number]> = [];
  const isCandidate = new Int32Array(full.agents).fill(-1);
  for (let i = 0; i < full.items; i++) {
    const pricer = pricerOf[i];
    if (!pricer) continue;
    for (let p = candidates.pairStart[i]!; p < candidates.pairStart[i + 1]!; p++) isCandidate[candidates.pairAgent[p]!] = i;
    const row = full.row(i);
    let least = Infinity;
    negative.length = 0;
    for (let k = 0; k < row.count; k++) {
      const d = pricer.reducedCost(row, k, localOf[i]!, i);
      if (d < least) least = d;
      if (isCandidate[row.agent[k]!] !== i && d < -1e-7 * Math.max(1, Math.abs(row.cost[k]!))) negative.push([d, row.agent[k]!]);
    }
    if (Number.isFinite(least)) bound += least;
    if (negative.length > 0) {
      negative.sort((u, v) => u[0] - v[0] || u[1] - v[1]);
      for (let k = 0; k < Math.min(ENTER_PER_ITEM, negative.length); k++) {
        entering.item.push(i);
        entering.agent.push(negative[k]![1]);
      }
    }
  }
  return { status: 'feasible', objective, x, bound, entering: { item: Int32Array.from(entering.item), agent: Int32Array.from(entering.agent) }, lps };
}

const NO_PAIRS = { item: new Int32Array(0), agent: new Int32Array(0) };

function localIndex(size: number, members: Int32Array): Int32Array {
  const local = new Int32Array(size).fill(-1);
  members.forEach((m, k) => (local[m] = k));
  return local;
}

/**
 * Side entries of a component's LP: subModel keeps, in order, the side constraints whose first
 * candidate pair lies in the part (a side constraint spans one part: its agents are linked), so the
 * part's index of a side constraint is its rank among those.
 */
function partSideOf(candidates: AssignmentModel, part: SubModel, wholeSideOf: PricingView['sideOf']): PricingView['sideOf'] {
  if (candidates.sideConstraints.length === 0) return () => undefined;
  const inPart = new Set(part.pairs);
  const partIndex = new Int32Array(candidates.sideConstraints.length).fill(-1);
  let next = 0;
  candidates.sideConstraints.forEach((side, s) => {
    if (side.pairs.length > 0 && inPart.has(side.pairs[0]!)) partIndex[s] = next++;
  });
  return (item, agent) => {
    const entries = wholeSideOf(item, agent);
    if (!entries) return undefined;
    const local = entries.filter(([s]) => partIndex[s]! >= 0).map(([s, coef]) => [partIndex[s]!, coef] as [number, number]);
    return local.length > 0 ? local : undefined;
  };
}
