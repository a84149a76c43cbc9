/**
 * A Lagrangian bound for the CPMP, stronger than the LP's: the rows "each point to one median" are
 * priced by multipliers lambda and dropped, which leaves for each point j, as a median, a 0-1
 * knapsack (which points it would serve, at d_ij - lambda_i each, within its capacity) and the choice
 * of the p best medians. Knapsacks lack the integrality property, so the bound can pass the LP's
 * (Mulvey & Beck 1984; Osman & Christofides 1994). Subgradient steps after Held, Wolfe & Crowder
 * (1974) towards a known plan's cost; every iteration's value is a valid bound. The knapsacks are
 * solved by dynamic programming over integer demands and capacities (the public sets have them);
 * other instances get no Lagrangian bound (null).
 */
import type { Budget } from '../heuristics/budget.ts';
import type { CpmpInstance } from './cpmp.ts';
import { NS_PER_PAIR_VISIT } from '../heuristics/work-cost.ts';

export interface LagrangianBound {
  readonly bound: number;
  /** The medians of the best iteration's subproblem (a start for the heuristics). */
  readonly medians: number[];
}

const ITERATIONS = 600;
/** The step factor halves after this many iterations without a better bound. */
const STALL = 25;

export function cpmpLagrangian(instance: CpmpInstance, upper: number, budget: Budget): LagrangianBound | null {
  const n = instance.points;
  const { demand, capacity, distance } = instance;
  if (![...demand, ...capacity].every((v) => Number.isInteger(v) && v >= 0)) return null;
  // Each point's nearest other points, by distance: a knapsack only weighs those it could gain from.
  const order = Array.from({ length: n }, (_, j) => Array.from({ length: n }, (_, i) => i).filter((i) => i !== j).sort((a, b) => distance(a, j) - distance(b, j) || a - b));
  // Start at each point's distance to its nearest other point: serving it costs at least that.
  const lambda = Float64Array.from({ length: n }, (_, i) => (n > 1 ? distance(i, order[i]![0]!) : 0));
  const served = new Int32Array(n);
  let best = -Infinity;
  let bestMedians: number[] = [];
  let step = 2;
  let sinceBest = 0;
  const value = new Float64Array(n);
  const chosen: number[][] = Array.from({ length: n }, () => []);
  // An iteration prices every point for every candidate median.
  const iterationNs = n * n * NS_PER_PAIR_VISIT;
  for (let it = 0; it < ITERATIONS && !budget.expired(iterationNs); it++) {
    for (let j = 0; j < n; j++) {
      const room = capacity[j]! - demand[j]!;
      if (room < 0) {
        value[j] = Infinity;
        chosen[j] = [];
        continue;
      }
      const items: number[] = [];
      for (const i of order[j]!) {
        if (lambda[i]! - distance(i, j) <= 0) {
          // Sorted by distance: once the multiplier stops paying, so does every farther point, but
          // multipliers differ per point, so keep scanning (cheap: n per median).
          continue;
        }
        items.push(i);
      }
      const picked = knapsack(items, (i) => lambda[i]! - distance(i, j), (i) => demand[i]!, room);
      value[j] = -lambda[j]! - picked.profit;
      chosen[j] = picked.items;
    }
    const medians = Array.from({ length: n }, (_, j) => j).sort((a, b) => value[a]! - value[b]! || a - b).slice(0, instance.medians);
    if (medians.some((j) => !Number.isFinite(value[j]!))) return null;
    let bound = 0;
    for (let i = 0; i < n; i++) bound += lambda[i]!;
    for (const j of medians) bound += value[j]!;
    if (bound > best + 1e-9) {
      best = bound;
      bestMedians = medians;
      sinceBest = 0;
    } else if (++sinceBest >= STALL) {
      step /= 2;
      sinceBest = 0;
      if (step < 1e-4) break;
    }
    if (best >= upper - 1e-9) break;
    // Subgradient: 1 - (times point i is served), the self-service of a median included.
    served.fill(0);
    for (const j of medians) {
      served[j]!++;
      for (const i of chosen[j]!) served[i]!++;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += (1 - served[i]!) ** 2;
    if (norm === 0) break;
    const t = (step * Math.max(upper - bound, 1e-6 * Math.max(1, Math.abs(upper)))) / norm;
    for (let i = 0; i < n; i++) lambda[i]! += t * (1 - served[i]!);
  }
  return Number.isFinite(best) ? { bound: best, medians: bestMedians } : null;
}

/** 0-1 knapsack by dynamic programming over integer weights: the items of most profit within `room`. */
function knapsack(items: readonly number[], profit: (i: number) => number, weight: (i: number) => number, room: number): { profit: number; items: number[] } {
  if (items.length === 0) return { profit: 0, items: [] };
  const cap = Math.floor(room);
  const best = new Float64Array(cap + 1);
  const take = new Uint8Array(items.length * (cap + 1));
  items.forEach((i, k) => {
    const w = weight(i);
    const v = profit(i);
    for (let c = cap; c >= w; c--) {
      const withIt = best[c - w]! + v;
      if (withIt > best[c]!) {
        best[c] = withIt;
        take[k * (cap + 1) + c] = 1;
      }
    }
  });
  const picked: number[] = [];
  let c = cap;
  for (let k = items.length - 1; k >= 0; k--) {
    if (take[k * (cap + 1) + c]) {
      picked.push(items[k]!);
      c -= weight(items[k]!);
    }
  }
  return { profit: best[cap]!, items: picked };
}
