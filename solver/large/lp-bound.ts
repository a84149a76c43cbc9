/**
 * The LP relaxation of a candidate model, turned into a lower bound for the full model: the LP's row
 * duals price every full-model pair (LP duality needs no optimality, so the bound is valid however
 * few candidates the LP saw), and pairs whose reduced cost is negative are the columns worth adding.
 * Independent components (see components.ts) get an LP each: smaller LPs solve faster, and the
 * bounds add up.
 */
import type { AssignmentModel } from '../assignment.ts';
import { solveWithHighs } from '../backends/highs.ts';
import type { RunContext } from '../run-context.ts';
import type { Components } from './components.ts';
import { subModel } from './components.ts';
import type { RestrictedModel } from './restrict.ts';
import type { SolveStatus } from '../types.ts';

export interface PricedRelaxation {
  /** `infeasible` when some component's candidate LP is. */
  readonly status: SolveStatus;
  /** The candidate LP's optimum (summed over components), or null. */
  readonly objective: number | null;
  /** LP value of each candidate pair, or null. */
  readonly x: Float64Array | null;
  /** Lower bound on the full model's optimum, or null when some LP gave no duals. */
  readonly bound: number | null;
  /** Full-model pairs with negative reduced cost outside the candidates, cheapest first per item. */
  readonly entering: Int32Array;
  /** How many LPs were solved (one per component). */
  readonly lps: number;
}

/** Entering pairs taken per item at most. */
const ENTER_PER_ITEM = 2;

/**
 * Solves the LP over the candidates (per component when `parts` has several) and prices `full`,
 * within `run.budget` (started for these LPs: each gets what is left of it). `inCandidates[p]` tells
 * whether full pair p is a candidate.
 */
export async function pricedRelaxation(
  full: AssignmentModel,
  candidates: RestrictedModel,
  inCandidates: Uint8Array,
  run: RunContext,
  parts: Components | null = null,
): Promise<PricedRelaxation> {
  const P = candidates.model.pairAgent.length;
  const x = new Float64Array(P);
  const enterPerItem = ENTER_PER_ITEM;
  const entering: number[] = [];
  const negative: Array<[number, number]> = [];
  let objective = 0;
  let bound: number | null = 0;
  const count = parts && parts.count > 1 ? parts.count : 1;
  let lps = 0;
  // Larger components first: they need the time most.
  const order = Array.from({ length: count }, (_, c) => c);
  if (parts && count > 1) order.sort((a, b) => parts.items[b]!.length - parts.items[a]!.length || a - b);
  for (const c of order) {
    const whole = count === 1;
    const part = whole ? null : subModel(candidates.model, parts!.items[c]!, parts!.agents[c]!);
    const lpModel = part ? part.model : candidates.model;
    const lp = await solveWithHighs(lpModel, run.child(Math.max(10, run.budget.remainingMs())), { mipGap: 0, relax: true });
    lps++;
    if (lp.status === 'infeasible') return { status: 'infeasible', objective: null, x: null, bound: null, entering: new Int32Array(0), lps };
    if (!lp.duals || !lp.x || lp.objective === null) return { status: lp.status, objective: null, x: null, bound: null, entering: new Int32Array(0), lps };
    objective += lp.objective;
    if (part) part.pairs.forEach((q, k) => (x[q] = lp.x![k]!));
    else x.set(lp.x);
    const pricer = part
      ? lp.duals.columns.pricer(lp.duals.rowDual, full, {
          items: part.items,
          localAgent: localIndex(full.agents, part.agents),
          sideOf: sideEntriesInFull(part.model, part.pairs, candidates.fullPair),
        })
      : lp.duals.columns.pricer(lp.duals.rowDual, full);
    // Keeping the assignment rows in the subproblem: each item adds its least reduced cost.
    let partBound = pricer.constant;
    const items = part ? part.items : null;
    const itemCount = items ? items.length : full.items;
    for (let li = 0; li < itemCount; li++) {
      const i = items ? items[li]! : li;
      let least = Infinity;
      negative.length = 0;
      for (let p = full.pairStart[i]!; p < full.pairStart[i + 1]!; p++) {
        const d = pricer.reducedCost(p, li);
        if (d < least) least = d;
        if (inCandidates[p] !== 1 && d < -1e-7 * Math.max(1, Math.abs(full.pairCost[p]!))) negative.push([d, p]);
      }
      if (Number.isFinite(least)) partBound += least;
      if (negative.length > 0) {
        negative.sort((u, v) => u[0] - v[0]);
        for (let k = 0; k < Math.min(enterPerItem, negative.length); k++) entering.push(negative[k]![1]);
      }
    }
    bound = bound === null ? null : bound + partBound;
  }
  return { status: 'feasible', objective, x, bound, entering: Int32Array.from(entering), lps };
}

function localIndex(size: number, members: Int32Array): Int32Array {
  const local = new Int32Array(size).fill(-1);
  members.forEach((m, k) => (local[m] = k));
  return local;
}

/** Side-constraint entries of a component's LP, keyed by full-model pair. */
function sideEntriesInFull(part: AssignmentModel, partPairs: Int32Array, fullPair: Int32Array) {
  const entries = new Map<number, Array<[number, number]>>();
  part.sideConstraints.forEach((side, s) => {
    for (let k = 0; k < side.pairs.length; k++) {
      const p = fullPair[partPairs[side.pairs[k]!]!]!;
      const list = entries.get(p) ?? [];
      list.push([s, side.coefs[k]!]);
      entries.set(p, list);
    }
  });
  return (pair: number) => entries.get(pair);
}
