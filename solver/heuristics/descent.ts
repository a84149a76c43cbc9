/**
 * Steepest-per-item descent over two neighbourhoods: shift (one item to another eligible agent) and
 * swap (two items exchange agents). Moves are ranked lexicographically: while the state breaks a hard
 * constraint, less violation first, then lower cost; once feasible, only moves that keep it feasible
 * and lower the cost. Each candidate is screened in O(families) and confirmed exactly by applying it.
 */
import type { Budget } from './budget.ts';
import { shuffle, type Rng } from './prng.ts';
import { pairOf } from './search-layout.ts';
import type { SearchState } from './search-state.ts';

/** Violation changes below this are floating-point noise (violations are normalised to ~1). */
const VIOLATION_EPS = 1e-12;
/** Alternatives tried per item in swaps when costs alone cannot prune them. */
const SWAP_WIDTH = 16;

/** Smallest cost change that counts as an improvement near `cost`. */
export function costEps(cost: number): number {
  return 1e-9 * Math.max(1, Math.abs(cost));
}

export class Descent {
  /** Pairs of each item sorted by cost (same ranges as the model's pairStart). */
  private readonly byCost: Int32Array;
  private readonly order: Int32Array;

  constructor(
    private readonly state: SearchState,
    private readonly rng: Rng,
  ) {
    const m = state.layout.model;
    this.byCost = new Int32Array(m.pairAgent.length);
    for (let i = 0; i < m.items; i++) {
      const from = m.pairStart[i]!;
      const to = m.pairStart[i + 1]!;
      const pairs = Array.from({ length: to - from }, (_, k) => from + k).sort((x, y) => m.pairCost[x]! - m.pairCost[y]! || x - y);
      this.byCost.set(pairs, from);
    }
    this.order = Int32Array.from({ length: m.items }, (_, i) => i);
  }

  /** Runs shift passes, then swap passes, until neither improves; false when the budget ran out. */
  run(budget: Budget): boolean {
    for (;;) {
      shuffle(this.rng, this.order);
      let improved = false;
      for (const i of this.order) {
        if (budget.expired(this.state.takeWorkNs())) return false;
        if (this.bestShift(i)) improved = true;
      }
      if (improved) continue;
      for (const i of this.order) {
        if (budget.expired(this.state.takeWorkNs())) return false;
        if (this.firstSwap(i)) improved = true;
      }
      if (!improved) return true;
    }
  }

  /** Applies the best shift of item i, if one improves. */
  bestShift(i: number): boolean {
    const { state } = this;
    const m = state.layout.model;
    const p = state.pairOfItem[i]!;
    const a = state.agentOf[i]!;
    const infeasible = state.violated > 0;
    // While infeasible and side constraints hold, a shift helps only if it touches a violated agent.
    const focus = infeasible && state.sideViolated() === 0;
    const fromViolated = focus && state.agentViolated(a);
    const eps = costEps(state.cost);
    let best = -1;
    let bestV = 0;
    let bestC = 0;
    state.scanned(m.pairStart[i + 1]! - m.pairStart[i]!);
    for (let q = m.pairStart[i]!; q < m.pairStart[i + 1]!; q++) {
      if (q === p) continue;
      if (focus && !fromViolated && !state.agentViolated(m.pairAgent[q]!)) continue;
      state.screen(i, q, -1, -1);
      const dV = state.dViolation;
      const dC = state.dCost;
      if (!promising(infeasible, dV, dC, eps)) continue;
      if (best < 0 || (infeasible ? betterRepair(dV, dC, bestV, bestC) : dC < bestC)) {
        best = q;
        bestV = dV;
        bestC = dC;
      }
    }
    return best >= 0 && this.tryMove(i, best, -1, -1);
  }

  /** Applies the first improving swap of item i with an item of another agent. */
  firstSwap(i: number): boolean {
    const { state } = this;
    const { layout } = state;
    const m = layout.model;
    const p = state.pairOfItem[i]!;
    const a = state.agentOf[i]!;
    const infeasible = state.violated > 0;
    // With pure pair costs an improving swap has one half cheaper; by symmetry take it to be i's.
    const byCostOnly = !infeasible && !layout.hasSoftBands;
    const focus = infeasible && state.sideViolated() === 0;
    const fromViolated = focus && state.agentViolated(a);
    const eps = costEps(state.cost);
    const from = m.pairStart[i]!;
    const to = m.pairStart[i + 1]!;
    const width = byCostOnly ? to - from : Math.min(to - from, SWAP_WIDTH + 1);
    for (let t = from; t < from + width; t++) {
      const q = this.byCost[t]!;
      if (q === p) continue;
      const gain = m.pairCost[p]! - m.pairCost[q]!;
      if (byCostOnly && gain <= eps) break;
      const b = m.pairAgent[q]!;
      if (focus && !fromViolated && !state.agentViolated(b)) continue;
      const list = state.members[b]!;
      state.scanned(list.length);
      for (let idx = 0; idx < list.length; idx++) {
        const k = list[idx]!;
        const s = pairOf(layout, k, a);
        if (s < 0) continue;
        if (byCostOnly && m.pairCost[s]! - m.pairCost[state.pairOfItem[k]!]! - gain >= -eps) continue;
        state.screen(i, q, k, s);
        if (promising(infeasible, state.dViolation, state.dCost, eps) && this.tryMove(i, q, k, s)) return true;
      }
    }
    return false;
  }

  /** Applies a shift (k < 0) or swap, keeping it only if the exact totals confirm the gain. */
  tryMove(i: number, q: number, k: number, s: number): boolean {
    const { state } = this;
    const cost = state.cost;
    const violation = state.violation;
    const violated = state.violated;
    const p = state.pairOfItem[i]!;
    const r = k >= 0 ? state.pairOfItem[k]! : -1;
    state.apply(i, q);
    if (k >= 0) state.apply(k, s);
    const eps = costEps(cost);
    const accepted =
      violated > 0
        ? state.violation < violation - VIOLATION_EPS || (state.violation <= violation + VIOLATION_EPS && state.cost < cost - eps)
        : state.violated === 0 && state.cost < cost - eps;
    if (accepted) return true;
    if (k >= 0) state.apply(k, r);
    state.apply(i, p);
    // The state is back where it was; restore the totals bit for bit.
    state.cost = cost;
    state.violation = violation;
    state.violated = violated;
    return false;
  }
}

/**
 * Whether repairing move 1 beats move 2: moves that cut cost without adding violation come first
 * (by cost), then the least cost added per unit of violation removed, so that repairs stay cheap.
 */
function betterRepair(dV1: number, dC1: number, dV2: number, dC2: number): boolean {
  const free1 = dV1 >= -VIOLATION_EPS;
  const free2 = dV2 >= -VIOLATION_EPS;
  if (free1 !== free2) return free1;
  if (free1) return dC1 < dC2;
  return dC1 / -dV1 < dC2 / -dV2;
}

/** Whether a screened move is worth confirming. */
function promising(infeasible: boolean, dV: number, dC: number, eps: number): boolean {
  if (infeasible) return dV < -VIOLATION_EPS || (dV <= VIOLATION_EPS && dC < -eps);
  return dV <= VIOLATION_EPS && dC < -eps;
}
