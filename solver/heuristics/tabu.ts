/**
 * Tabu search with strategic oscillation over shift and swap moves (after Díaz and Fernández, "A tabu
 * search heuristic for the generalized assignment problem", EJOR 2001). Each iteration makes the
 * best non-tabu move by cost + lambda x violation, so the search may cross infeasible regions where
 * capacities or hard bands bend; lambda grows while the search is infeasible and shrinks while it is
 * feasible, keeping it near the boundary where good assignments of tight problems live. An item
 * that leaves an agent may not return to it for a few iterations. The best feasible assignment seen
 * is kept.
 */
import type { Budget } from './budget.ts';
import { costEps } from './descent.ts';
import { randomInt, type Rng } from './prng.ts';
import { pairOf } from './search-layout.ts';
import type { SearchState } from './search-state.ts';
import { NS_PER_PAIR_VISIT } from './work-cost.ts';

/** Parameters of the tabu search. */
export interface TabuParams {
  /** Screened moves per iteration we aim at: larger neighbourhoods are sampled down to this. */
  readonly moves: number;
  /** Share of those moves that are swaps (the rest are shifts). */
  readonly swapShare: number;
  /** Multiplicative step of the global penalty weight per iteration (up if infeasible, else down). */
  readonly lambdaStep: number;
  /** Multiplicative step of a violated agent's own penalty weight per infeasible iteration. */
  readonly agentStep: number;
  /**
   * Tabu tenure is max(tenureMin, tenureFactor x sqrt(items)), plus as much again at random. Short
   * tenures did best: the oscillating penalty already keeps the search moving.
   */
  readonly tenureFactor: number;
  readonly tenureMin: number;
  /**
   * Iterations without a new best, in tenures, before returning to the best assignment. (Kicking a
   * few items at random on the return, or resetting the penalties, did worse on GAP type D.)
   */
  readonly restartTenures: number;
}

/** Defaults, tuned on OR-Library GAP type D (tight capacities) and kept for every model. */
export const TABU_DEFAULTS: TabuParams = Object.freeze({
  moves: 6000,
  swapShare: 0.5,
  lambdaStep: 1.05,
  agentStep: 0.05,
  tenureFactor: 0,
  tenureMin: 3,
  restartTenures: 50,
});

/**
 * The search gives up after this many fruitless restarts and this many fruitless iterations per
 * pair: only small models, whose neighbourhoods it has seen over and over, get there.
 */
const STALL_RESTARTS = 20;
const STALL_PER_PAIR = 50;

export interface TabuRunOptions {
  /** Return as soon as a feasible assignment is met (repair mode). */
  readonly untilFeasible?: boolean;
  /** Iteration cap (for reproducible runs independent of the clock). */
  readonly maxIterations?: number;
  /** Return as soon as a feasible assignment costs this much or less (a gap target reached). */
  readonly target?: number;
}

export interface TabuResult {
  /** Best feasible assignment met, or null when none was. */
  readonly best: Int32Array | null;
  readonly bestCost: number;
  readonly iterations: number;
  /** Whether it stopped for lack of progress (the model looks explored), not for time or a cap. */
  readonly stalled: boolean;
}

export class TabuSearch {
  private readonly tabuUntil: Int32Array;
  private readonly order: Int32Array;
  /** Weighted violation per agent, refreshed each iteration. */
  private readonly penalty: Float64Array;
  private lambda: number;
  private iteration = 0;
  private best: Int32Array | null = null;
  private bestCost = Infinity;

  private readonly params: TabuParams;

  constructor(
    private readonly state: SearchState,
    private readonly rng: Rng,
    params: Partial<TabuParams> = {},
  ) {
    this.params = { ...TABU_DEFAULTS, ...params };
    const m = state.layout.model;
    this.tabuUntil = new Int32Array(m.pairAgent.length);
    this.order = Int32Array.from({ length: m.items }, (_, i) => i);
    this.penalty = new Float64Array(m.agents);
    this.lambda = initialLambda(state);
    if (state.violated === 0) this.record();
  }

  /**
   * Iterates until the budget ends (or, with `untilFeasible`, until a feasible assignment is met);
   * returns the best feasible assignment seen by this search.
   */
  run(budget: Budget, options: TabuRunOptions = {}): TabuResult {
    const untilFeasible = options.untilFeasible === true;
    const maxIterations = options.maxIterations ?? Infinity;
    const target = options.target ?? -Infinity;
    const { state } = this;
    const m = state.layout.model;
    const avgDegree = m.pairAgent.length / Math.max(1, m.items);
    const avgMembers = m.items / Math.max(1, m.agents);
    // Items scanned per iteration for shifts and for swaps.
    const { moves, swapShare, lambdaStep, agentStep, tenureFactor, tenureMin, restartTenures } = this.params;
    const shiftItems = Math.min(m.items, Math.max(16, Math.ceil((moves * (1 - swapShare)) / avgDegree)));
    const swapItems = Math.min(m.items, Math.max(1, Math.ceil((moves * swapShare) / Math.max(1, avgDegree * avgMembers))));
    const tenureBase = Math.max(tenureMin, Math.round(tenureFactor * Math.sqrt(m.items)));
    const restartAfter = restartTenures * tenureBase;
    const stallAfter = Math.max(STALL_RESTARTS * restartAfter, STALL_PER_PAIR * m.pairAgent.length);
    let sinceBest = 0;
    let sinceImprovement = 0;
    const start = this.iteration;
    // Small models are explored long before the budget ends: stop after many fruitless restarts.
    // Each iteration also reads every agent's penalty (bestMove).
    const perIterationNs = m.agents * NS_PER_PAIR_VISIT;
    while (!budget.expired(state.takeWorkNs() + perIterationNs) && !(untilFeasible && this.best) && !(this.best && this.bestCost <= target) && this.iteration - start < maxIterations && sinceImprovement < stallAfter) {
      this.iteration++;
      this.sample(shiftItems + swapItems);
      const move = this.bestMove(shiftItems, swapItems);
      if (move.i < 0) break;
      const tenure = tenureBase + randomInt(this.rng, tenureBase);
      this.tabuUntil[state.pairOfItem[move.i]!] = this.iteration + tenure;
      if (move.k >= 0) this.tabuUntil[state.pairOfItem[move.k]!] = this.iteration + tenure;
      state.apply(move.i, move.q);
      if (move.k >= 0) state.apply(move.k, move.s);
      if (state.violated === 0) {
        this.lambda = Math.max(this.lambda / lambdaStep, 1e-9);
        if (state.cost < this.bestCost - costEps(this.bestCost)) {
          state.resync();
          this.record();
          sinceBest = 0;
          sinceImprovement = 0;
          continue;
        }
      } else {
        this.lambda = Math.min(this.lambda * lambdaStep, 1e15);
        if (agentStep > 0) this.raiseViolatedWeights(agentStep);
      }
      // Long without progress: return to the best assignment and search around it again.
      sinceImprovement++;
      if (++sinceBest > restartAfter && this.best) {
        state.load(this.best);
        sinceBest = 0;
      }
    }
    state.resync();
    state.agentWeight = null;
    const stalled = sinceImprovement >= stallAfter;
    return { best: this.best, bestCost: this.bestCost, iterations: this.iteration, stalled };
  }

  /** Puts `count` random items first in `order` (a partial shuffle: large models need few). */
  private sample(count: number): void {
    const order = this.order;
    const n = order.length;
    for (let t = 0; t < Math.min(count, n - 1); t++) {
      const j = t + randomInt(this.rng, n - t);
      const tmp = order[t]!;
      order[t] = order[j]!;
      order[j] = tmp;
    }
  }

  /** Weighs the agents that break their limits more, so that the search learns which ones bind. */
  private raiseViolatedWeights(step: number): void {
    const { state } = this;
    const weights = (state.agentWeight ??= new Float64Array(state.layout.model.agents).fill(1));
    let largest = 0;
    for (let a = 0; a < weights.length; a++) {
      if (state.agentViolated(a)) weights[a]! *= 1 + step;
      largest = Math.max(largest, weights[a]!);
    }
    // Rescale before the weights overflow; lambda takes the factor so that penalties stay the same.
    if (largest > 1e6) {
      for (let a = 0; a < weights.length; a++) weights[a] = Math.max(weights[a]! / largest, 1e-9);
      this.lambda = Math.min(this.lambda * largest, 1e15);
    }
  }

  private record(): void {
    this.best = this.state.snapshot();
    this.bestCost = this.state.cost;
  }

  /** Best admissible move among the sampled items (k < 0 for a shift), ties broken at random. */
  private bestMove(shiftItems: number, swapItems: number): { i: number; q: number; k: number; s: number } {
    const { state, rng, penalty } = this;
    const { layout } = state;
    const m = layout.model;
    const cost = m.pairCost;
    const eps = costEps(this.bestCost);
    const lambda = this.lambda;
    // A move can cut the violation by at most what its two agents (and the side constraints) carry:
    // with pure pair costs that bounds its value from below without screening it.
    const side = state.sideViolationTotal();
    let weighted = side;
    for (let a = 0; a < m.agents; a++) weighted += penalty[a] = state.agentPenalty(a);
    const prune = !layout.hasSoftBands;
    let bestValue = Infinity;
    let ties = 0;
    const move = { i: -1, q: -1, k: -1, s: -1 };
    const consider = (i: number, q: number, k: number, s: number, tabu: boolean) => {
      state.screen(i, q, k, s);
      const value = state.dCost + lambda * state.dViolation;
      if (value > bestValue + 1e-12) return;
      // A tabu move is allowed only when it yields a new best feasible assignment.
      if (tabu && !(weighted + state.dViolation <= 1e-12 && state.cost + state.dCost < this.bestCost - eps)) return;
      if (value < bestValue - 1e-12) {
        bestValue = value;
        ties = 1;
      } else if (randomInt(rng, ++ties) !== 0) return;
      move.i = i;
      move.q = q;
      move.k = k;
      move.s = s;
    };
    for (let t = 0; t < shiftItems; t++) {
      const i = this.order[t]!;
      const p = state.pairOfItem[i]!;
      const a = state.agentOf[i]!;
      state.scanned(m.pairStart[i + 1]! - m.pairStart[i]!);
      for (let q = m.pairStart[i]!; q < m.pairStart[i + 1]!; q++) {
        if (q === p) continue;
        if (prune && cost[q]! - cost[p]! - lambda * (penalty[a]! + penalty[m.pairAgent[q]!]! + side) > bestValue + 1e-12) continue;
        consider(i, q, -1, -1, this.tabuUntil[q]! > this.iteration);
      }
    }
    for (let t = 0; t < swapItems; t++) {
      const i = this.order[(shiftItems + t) % m.items]!;
      const p = state.pairOfItem[i]!;
      const a = state.agentOf[i]!;
      for (let q = m.pairStart[i]!; q < m.pairStart[i + 1]!; q++) {
        if (q === p) continue;
        const b = m.pairAgent[q]!;
        const floor = cost[q]! - cost[p]! - lambda * (penalty[a]! + penalty[b]! + side);
        const list = state.members[b]!;
        state.scanned(list.length);
        for (let idx = 0; idx < list.length; idx++) {
          const k = list[idx]!;
          const s = pairOf(layout, k, a);
          if (s < 0) continue;
          if (prune && floor + cost[s]! - cost[state.pairOfItem[k]!]! > bestValue + 1e-12) continue;
          consider(i, q, k, s, this.tabuUntil[q]! > this.iteration || this.tabuUntil[s]! > this.iteration);
        }
      }
    }
    return move;
  }
}

/** A lambda at which one typical load unit weighs like one typical cost spread. */
function initialLambda(state: SearchState): number {
  const { layout } = state;
  const m = layout.model;
  let spread = 0;
  for (let i = 0; i < m.items; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let p = m.pairStart[i]!; p < m.pairStart[i + 1]!; p++) {
      lo = Math.min(lo, m.pairCost[p]!);
      hi = Math.max(hi, m.pairCost[p]!);
    }
    if (hi > lo) spread += hi - lo;
  }
  spread /= Math.max(1, m.items);
  let load = 0;
  const P = m.pairAgent.length;
  for (let p = 0; p < P; p++) {
    m.capacities.forEach((family, f) => (load += Math.abs(family.load[p]!) * layout.capacityScale[f]!));
    layout.bands.forEach((band) => (load += band.hard ? Math.abs(band.load[p]!) * band.scale : 0));
  }
  load /= Math.max(1, P);
  return (spread > 0 ? spread : 1) / (load > 0 ? load : 1);
}
