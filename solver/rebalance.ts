/**
 * `objective.mode: "rebalance"`: fix what is broken (capacity, bands, owners who may not keep an
 * account) with the fewest moves, weighted by segment (an A account leaving its rep costs most),
 * then the least travel among the plans that move no more. A lexicographic objective, solved as two
 * runs of the engine on the compiled model rather than one with a large weight on moves: with a
 * weight, the gap target would be a share of an objective that moves dominate, and travel could be
 * far from its best within a "proven" plan.
 *
 * 1. Fewest moves: the same hard constraints, the move cost as the only objective
 *    (`moveCostBySegment` of the account's segment when it leaves its current rep, 0 when it stays).
 *    Soft bands are left out: a rep outside a soft band is not broken, only charged, and the charge
 *    is weighed against travel in the second run. Its plan and its proven bound on the move cost.
 * 2. Then travel: the problem's own objective, with one side constraint more, the move cost at most
 *    the first run's (as weighted stays: sum of cost x stay >= total cost - fewest). It starts from the
 *    first run's plan, which satisfies it, so it always has a plan.
 */
import { evaluateObjective, type AssignmentModel, type SideConstraint } from './assignment.ts';
import type { CompiledProblem } from './compile.ts';
import type { EngineSolution } from './engine-outcome.ts';
import type { RunContext } from './run-context.ts';
import { solveModel, type EngineSettings } from './solve-assignment.ts';
import { FAMILY } from './types.ts';

/** Share of the engine's budget for the fewest-moves run; the travel run gets the rest. */
const FEWEST_MOVES_SHARE = 0.4;

/** What the rebalance found, for the result. */
export interface RebalanceFacts {
  /** The plan's move cost: moveCostBySegment summed over the accounts that leave their current rep. */
  readonly moveCost: number;
  /** A proven lower bound on the move cost of any plan (equal to moveCost when the fewest is proven). */
  readonly moveCostBound: number | null;
  /** Accounts that leave their current rep. */
  readonly accountsMoved: number;
}

export interface RebalanceOutcome {
  readonly engine: EngineSolution;
  /** Null when the first run found no plan (then `engine` is its answer). */
  readonly facts: RebalanceFacts | null;
}

/** Each account's cost of leaving its current rep (0 without one). */
function moveCosts(compiled: CompiledProblem): Float64Array {
  const bySegment = compiled.problem.objective.moveCostBySegment;
  return Float64Array.from(compiled.segments, (segment, i) => (compiled.current[i]! < 0 ? 0 : (bySegment[segment] ?? 1)));
}

/** The move cost of a plan: the costs of the accounts not with their current rep. */
function planMoveCost(compiled: CompiledProblem, costs: Float64Array, assignment: Int32Array): { cost: number; moved: number } {
  let cost = 0;
  let moved = 0;
  for (let i = 0; i < assignment.length; i++) {
    if (compiled.current[i]! < 0 || assignment[i] === compiled.current[i]) continue;
    cost += costs[i]!;
    moved++;
  }
  return { cost, moved };
}

export async function solveRebalance(compiled: CompiledProblem, run: RunContext, settings: EngineSettings): Promise<RebalanceOutcome> {
  const { model, current } = compiled;
  const costs = moveCosts(compiled);
  // 1. The move cost alone.
  const pairCost = new Float64Array(model.pairCost.length);
  for (let i = 0; i < model.items; i++) {
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) pairCost[p] = model.pairAgent[p] === current[i] ? 0 : costs[i]!;
  }
  const hardBands = model.bands.filter((band) => band.penalty === null);
  const fewest = await solveModel({ ...model, pairCost, bands: hardBands }, run.share(FEWEST_MOVES_SHARE), settings);
  if (!fewest.assignment) return { engine: { ...fewest, strategy: `fewest-moves(${fewest.strategy})` }, facts: null };
  const least = planMoveCost(compiled, costs, fewest.assignment).cost;
  const moveCostBound = fewest.bound === null ? null : Math.min(fewest.bound, least);

  // 2. Travel, the move cost held at the first run's.
  const found = await solveModel(withMoveCostCap(model, current, costs, least), run, { ...settings, initial: fewest.assignment });
  // It starts from the first run's plan, so it has one; should it not, that plan is the answer, unproven.
  const travel: EngineSolution = found.assignment
    ? found
    : { ...found, status: found.status === 'error' ? 'feasible' : found.status, assignment: fewest.assignment, objective: evaluateObjective(model, fewest.assignment), bound: null, gap: null, boundSource: null };
  const { cost, moved } = planMoveCost(compiled, costs, travel.assignment!);
  return {
    engine: { ...travel, strategy: `fewest-moves(${fewest.strategy})+${travel.strategy}` },
    facts: { moveCost: cost, moveCostBound, accountsMoved: moved },
  };
}

/** The model with the move cost held at `cap`: the weighted stays of the owned accounts at least their total less `cap`. */
function withMoveCostCap(model: AssignmentModel, current: Int32Array, costs: Float64Array, cap: number): AssignmentModel {
  const pairs: number[] = [];
  const coefs: number[] = [];
  let total = 0;
  for (let i = 0; i < model.items; i++) {
    if (current[i]! < 0) continue;
    total += costs[i]!;
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) {
      if (model.pairAgent[p] !== current[i] || costs[i] === 0) continue;
      pairs.push(p);
      coefs.push(costs[i]!);
    }
  }
  // A little slack for the float sum: the first run's own plan must pass.
  const lower = total - cap - 1e-9 * Math.max(1, total);
  const side: SideConstraint = { name: FAMILY.fewestMoves, pairs: Int32Array.from(pairs), coefs: Float64Array.from(coefs), lower, upper: Infinity };
  return { ...model, sideConstraints: [...model.sideConstraints, side] };
}
