/**
 * Fast construction of a feasible assignment: regret greedy under several desirability measures
 * (Lagrangian cost at subgradient prices of the capacities and hard bands; cost; share of the agent's capacity used; cost x
 * share), each repaired by the violation-first
 * local search when it breaks a hard band, a side constraint or a capacity, and the cheapest
 * feasible result kept. Returns null when none becomes feasible within the budget.
 */
import type { AssignmentModel } from '../assignment.ts';
import type { RunContext } from '../run-context.ts';
import { lagrangianPrices } from './lagrangian.ts';
import { improve } from './local-search.ts';
import { createRng } from './prng.ts';
import { regretGreedy, type GreedyResource, type GreedySide } from './regret-greedy.ts';
import { buildLayout, type SearchLayout } from './search-layout.ts';
import { SearchState } from './search-state.ts';
import { NS_PER_PAIR_VISIT } from './work-cost.ts';

/** The construction's share of the run: its time budgets (children of the run's) and its layout. */
export interface ConstructOptions {
  /** Wall-clock budget in milliseconds (greedy plus repair). Default 2000. */
  readonly timeLimitMs?: number;
  /**
   * When nothing is feasible by `timeLimitMs`, repair may go on until this many milliseconds from
   * the start (large or tight models need it). Default: `timeLimitMs`.
   */
  readonly repairLimitMs?: number;
  /** A layout already built for this model. */
  readonly layout?: SearchLayout;
}

/**
 * Builds a feasible assignment (agent per item) quickly, or returns null when the heuristics find
 * none in time (which proves nothing about the model). The run gives the seed (tie-breaking and
 * repair) and the budget its time budgets are children of (its end or a stop request ends them).
 */
export function construct(model: AssignmentModel, run: RunContext, options: ConstructOptions = {}): Int32Array | null {
  return constructDetailed(model, run, options).assignment;
}

export interface Construction {
  /** The cheapest feasible assignment found, or null. */
  readonly assignment: Int32Array | null;
  /** Its objective, or null. */
  readonly objective: number | null;
  /**
   * The Lagrangian dual at the best prices of the capacities and hard bands: a proven lower bound on
   * the optimum (side constraints and soft bands are relaxed away), or null when soft penalties are
   * negative.
   */
  readonly bound: number | null;
}

/** Time share of the construction spent on the Lagrangian prices. */
const PRICE_SHARE = 0.3;

/** As `construct`, also telling the objective and a Lagrangian lower bound. */
export function constructDetailed(model: AssignmentModel, run: RunContext, options: ConstructOptions = {}): Construction {
  if (model.items === 0) return { assignment: new Int32Array(0), objective: 0, bound: 0 };
  for (let i = 0; i < model.items; i++) {
    if (model.pairStart[i + 1]! <= model.pairStart[i]!) return { assignment: null, objective: null, bound: null };
  }
  const timeLimitMs = options.timeLimitMs ?? 2000;
  const budget = run.budget.child(timeLimitMs);
  const lastResort = run.budget.child(Math.max(timeLimitMs, options.repairLimitMs ?? 0));
  const layout = options.layout ?? buildLayout(model);
  const seed = run.seed;
  const rng = createRng(seed);
  const resources = greedyResources(model);
  const side = monotoneSides(model);
  const measures = desirabilityMeasures(model, resources);
  const greedy = measures.map((measure) => () => regretGreedy(model, resources, side, measure, rng, budget).assignment);
  // Prices need a cost to aim the subgradient steps at: the plain cost greedy gives one.
  const first = greedy[0]!();
  greedy[0] = () => first;
  const upper = new SearchState(layout, first).cost;
  const priceBudget = run.budget.child(timeLimitMs * PRICE_SHARE);
  const prices = lagrangianPrices(layout, { upper, iterations: 500, budget: priceBudget });
  if (model.capacities.length + model.bands.length > 0) {
    greedy.unshift(() => regretGreedy(model, resources, side, prices.pairCost, rng, budget).assignment);
  }
  const penaltiesNonNegative = model.bands.every((band) => band.penalty === null || band.penalty >= 0);
  const bound = Number.isFinite(prices.dual) && penaltiesNonNegative ? prices.dual : null;
  let best: { assignment: Int32Array; cost: number } | null = null;
  for (let v = 0; v < greedy.length; v++) {
    // With something feasible, stop at the budget; without, go on while the last resort lasts.
    // A greedy pass reads every pair a few times (sorting, regrets).
    const passNs = 4 * model.pairAgent.length * NS_PER_PAIR_VISIT;
    if (v > 0 && (best !== null ? budget.check(passNs) : lastResort.check(passNs))) break;
    const assignment = greedy[v]!();
    const state = new SearchState(layout, assignment);
    let candidate: Int32Array | null = state.violated === 0 ? assignment : null;
    let cost = state.cost;
    if (!candidate) {
      // Until something is feasible, repair may take all the time left, even beyond the normal
      // budget (it stops once feasible); after that, share what is left among the measures to come.
      const share = best === null ? lastResort.remainingMs() : budget.remainingMs() / (greedy.length - v);
      const repaired = improve(model, assignment, run.reseeded(seed + v), { timeLimitMs: share, untilFeasible: true, layout });
      if (repaired.feasible) {
        candidate = repaired.assignment;
        cost = repaired.objective;
      }
    }
    if (candidate && (best === null || cost < best.cost)) best = { assignment: candidate, cost };
  }
  return { assignment: best?.assignment ?? null, objective: best?.cost ?? null, bound };
}

/**
 * Resources the greedy fills: every finite capacity, and each hard band's upper limit at a guess of
 * its group total. The guess counts each item at its cheapest pair when all its agents share one
 * group (the usual case: an account is served within one role), else spreads its mean load evenly
 * over its eligible pairs.
 */
function greedyResources(model: AssignmentModel): GreedyResource[] {
  const resources: GreedyResource[] = model.capacities.map((family) => ({ load: family.load, limit: family.limit }));
  for (const band of model.bands) {
    if (band.penalty !== null) continue;
    const groupTotal = new Map<number, number>();
    const groupWeight = new Map<number, number>();
    for (let a = 0; a < model.agents; a++) {
      const g = band.group[a]!;
      if (g >= 0) groupWeight.set(g, (groupWeight.get(g) ?? 0) + band.weight[a]!);
    }
    for (let i = 0; i < model.items; i++) {
      const from = model.pairStart[i]!;
      const to = model.pairStart[i + 1]!;
      const g0 = band.group[model.pairAgent[from]!]!;
      let oneGroup = true;
      let cheapest = from;
      for (let p = from; p < to; p++) {
        if (band.group[model.pairAgent[p]!] !== g0) oneGroup = false;
        if (model.pairCost[p]! < model.pairCost[cheapest]!) cheapest = p;
      }
      if (oneGroup) {
        if (g0 >= 0) groupTotal.set(g0, (groupTotal.get(g0) ?? 0) + band.load[cheapest]!);
        continue;
      }
      for (let p = from; p < to; p++) {
        const g = band.group[model.pairAgent[p]!]!;
        if (g >= 0) groupTotal.set(g, (groupTotal.get(g) ?? 0) + band.load[p]! / (to - from));
      }
    }
    const limit = new Float64Array(model.agents).fill(Infinity);
    for (let a = 0; a < model.agents; a++) {
      const g = band.group[a]!;
      const weight = groupWeight.get(g) ?? 0;
      if (g >= 0 && weight > 0) limit[a] = ((1 + band.tolerance) * band.weight[a]! * (groupTotal.get(g) ?? 0)) / weight;
    }
    resources.push({ load: band.load, limit });
  }
  return resources;
}

/** Side constraints with only non-negative coefficients and a finite upper bound, per pair. */
function monotoneSides(model: AssignmentModel): GreedySide | null {
  const P = model.pairAgent.length;
  const rows = model.sideConstraints.flatMap((side, s) => (Number.isFinite(side.upper) && side.coefs.every((c) => c >= 0) ? [s] : []));
  if (rows.length === 0) return null;
  const start = new Int32Array(P + 1);
  for (const s of rows) for (const p of model.sideConstraints[s]!.pairs) start[p + 1]!++;
  for (let p = 0; p < P; p++) start[p + 1]! += start[p]!;
  const fill = start.slice(0, P);
  const row = new Int32Array(start[P]!);
  const coef = new Float64Array(start[P]!);
  rows.forEach((s, r) => {
    const side = model.sideConstraints[s]!;
    for (let k = 0; k < side.pairs.length; k++) {
      const at = fill[side.pairs[k]!]!++;
      row[at] = r;
      coef[at] = side.coefs[k]!;
    }
  });
  return { start, row, coef, upper: Float64Array.from(rows, (s) => model.sideConstraints[s]!.upper) };
}

/**
 * Pair rankings to try (lower is better): the cost; the share of the agent's limits the pair uses
 * (fits more items in); and their product, which favours cheap pairs that also use little capacity.
 */
function desirabilityMeasures(model: AssignmentModel, resources: readonly GreedyResource[]): Float64Array[] {
  const P = model.pairAgent.length;
  const cost = model.pairCost;
  if (resources.length === 0) return [Float64Array.from(cost)];
  const share = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    const a = model.pairAgent[p]!;
    for (const r of resources) {
      const limit = r.limit[a]!;
      if (Number.isFinite(limit)) share[p]! += r.load[p]! / Math.max(Math.abs(limit), 1e-9);
    }
  }
  let minCost = Infinity;
  for (const c of cost) minCost = Math.min(minCost, c);
  // Shift costs to be positive so that the product still ranks cheaper pairs first.
  const product = Float64Array.from(cost, (c, p) => (c - minCost + 1) * (share[p]! + 1e-9));
  return [Float64Array.from(cost), product, share];
}
