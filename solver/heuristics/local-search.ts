/**
 * Improvement of an assignment by local search: a shift/swap descent to a local optimum (driving
 * hard violations to zero first when the start breaks some), then, while time remains, tabu search
 * with strategic oscillation from there, and a last descent from the best assignment it met.
 * Generic over AssignmentModel: capacities, hard and soft bands and side constraints are all kept.
 */
import { evaluateObjective, type AssignmentModel } from '../assignment.ts';
import type { RunContext } from '../run-context.ts';
import { costEps, Descent } from './descent.ts';
import { createRng } from './prng.ts';
import { buildLayout, type SearchLayout } from './search-layout.ts';
import { SearchState } from './search-state.ts';
import { TabuSearch } from './tabu.ts';

export interface ImproveOptions {
  /** Wall-clock budget in milliseconds (a child of the run's budget). Default 1000. */
  readonly timeLimitMs?: number;
  /** Go on with tabu search after the first local optimum while time remains. Default true. */
  readonly perturb?: boolean;
  /** Stop as soon as the assignment is feasible (repair mode). Default false. */
  readonly untilFeasible?: boolean;
  /** Cap on tabu iterations: with a generous time limit, the result no longer depends on the clock. */
  readonly maxIterations?: number;
  /**
   * Stop once a feasible assignment costs this much or less (a gap target): a run that ends here
   * does not depend on the clock either.
   */
  readonly target?: number;
  /** A layout already built for this model (saves rebuilding it). */
  readonly layout?: SearchLayout;
}

export interface ImproveResult {
  /** The best assignment found: feasible whenever the start was, never costlier than a feasible start. */
  readonly assignment: Int32Array;
  /** Its objective (pair costs plus soft-band penalties), recomputed from the model. */
  readonly objective: number;
  /** Whether it satisfies every hard constraint. */
  readonly feasible: boolean;
  /** Tabu iterations made. */
  readonly iterations: number;
  /**
   * Whether the search ran out of ideas rather than time: more time would hardly help (typical of
   * small models).
   */
  readonly exhausted: boolean;
}

/**
 * Improves `assignment` (agent per item, every agent eligible) by shift and swap moves within the
 * time budget; the run gives the seed (move order, tie-breaking) and the budget whose end or stop
 * request ends the search with the best assignment so far. Deterministic for a seed up to where the
 * time limit cuts the search.
 */
export function improve(model: AssignmentModel, assignment: Int32Array, run: RunContext, options: ImproveOptions = {}): ImproveResult {
  const budget = run.budget.child(options.timeLimitMs ?? 1000);
  const layout = options.layout ?? buildLayout(model);
  const rng = createRng(run.seed);
  const state = new SearchState(layout, assignment);
  const descent = new Descent(state, rng);
  descent.run(budget);
  state.resync();
  let best = state.snapshot();
  let bestFeasible = state.violated === 0;
  let bestCost = state.cost;
  let iterations = 0;
  let exhausted = false;
  const done = () =>
    options.perturb === false || (options.untilFeasible === true && bestFeasible) || (bestFeasible && options.target !== undefined && bestCost <= options.target);
  if (!done() && !budget.check()) {
    const tabu = new TabuSearch(state, rng);
    const found = tabu.run(budget, {
      untilFeasible: options.untilFeasible === true,
      ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
      ...(options.target !== undefined ? { target: options.target } : {}),
    });
    iterations = found.iterations;
    exhausted = found.stalled;
    if (found.best && (!bestFeasible || found.bestCost < bestCost - costEps(bestCost))) {
      // Polish the tabu search's best with a plain descent (it stops when time is up).
      state.load(found.best);
      descent.run(run.budget.child(Math.max(50, budget.remainingMs())));
      state.resync();
      const polished = state.violated === 0 && state.cost <= found.bestCost;
      best = polished ? state.snapshot() : found.best;
      bestCost = polished ? state.cost : found.bestCost;
      bestFeasible = true;
    }
  }
  return { assignment: best, objective: evaluateObjective(model, best), feasible: bestFeasible, iterations, exhausted };
}
