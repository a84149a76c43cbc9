/**
 * A Lagrangian bound for the CPMP, stronger than the LP's: the rows "each point to one median" are
 * priced by multipliers lambda and dropped, which leaves for each point j, as a median, a 0-1
 * knapsack (which points it would serve, at d_ij - lambda_i each, within its capacity) and the
 * choice of the p best medians. Knapsacks lack the integrality property, so the bound can pass the
 * LP's (Mulvey & Beck 1984; Osman & Christofides 1994). Here only the neighbour pairs are priced,
 * so an iteration costs n k, not n^2: thousands of iterations fit in seconds even at n = 3038.
 *
 * Why it stays a bound for the whole problem: a median j outside i's list is at least i's list
 * radius r_i away (the list holds i's nearest points), so with lambda_i <= r_i the pair (i, j) has
 * profit lambda_i - d_ij <= 0 and no knapsack would take it. Keeping every multiplier at or below
 * its radius (a projected subgradient step) makes the sparse knapsacks the dense ones, and every
 * lambda gives a valid bound. The optimal multipliers are about each point's distance to its
 * median, well inside a list of a few dozen points, so the cap rarely binds. Steps after Held, Wolfe
 * & Crowder (1974) towards a known plan's cost.
 */
import type { Budget } from '../heuristics/budget.ts';
import { NS_PER_KNAPSACK_CELL } from '../heuristics/work-cost.ts';
import type { CpmpInstance } from './cpmp.ts';
import { listRadius, type Neighbours } from './cpmp-neighbours.ts';
import { knapsackItems, solveKnapsack } from './knapsack.ts';

export interface SparseLagrangian {
  readonly bound: number;
  /** The medians of the best iteration's subproblem (a start for the heuristics). */
  readonly medians: number[];
  /** Each point's subproblem value as a median (v_j) at the best iteration: what fixing reads. */
  readonly values: Float64Array;
  readonly iterations: number;
}

/** The step factor halves after this many iterations without a better bound. */
const STALL = 30;

/** The best Lagrangian bound found within `budget`, aiming at `upper` (a plan's cost); null when some point can be no median and fewer than p can. */
export function sparseLagrangian(instance: CpmpInstance, nb: Neighbours, upper: number, budget: Budget): SparseLagrangian | null {
  const n = instance.points;
  const p = instance.medians;
  const { demand, capacity } = instance;
  const integral = [...demand, ...capacity].every((v) => Number.isInteger(v) && v >= 0);
  const radius = Float64Array.from({ length: n }, (_, i) => listRadius(nb, i));
  // Start at each point's distance to its nearest other point: serving it costs at least that.
  const lambda = Float64Array.from({ length: n }, (_, i) => (nb.k > 0 ? Math.min(radius[i]!, nb.dist[i * nb.k]!) : 0));
  let maxRev = 0;
  for (let j = 0; j < n; j++) maxRev = Math.max(maxRev, nb.revStart[j + 1]! - nb.revStart[j]!);
  const items = knapsackItems(maxRev);
  const pickedStart = new Int32Array(n + 1);
  const picked = new Int32Array(n * Math.max(1, nb.k));
  const out = { count: 0, work: 0 };
  const value = new Float64Array(n);
  const order = Array.from({ length: n }, (_, j) => j);
  const served = new Int32Array(n);
  let best = -Infinity;
  let bestMedians: number[] = [];
  const bestValues = new Float64Array(n);
  let step = 2;
  let sinceBest = 0;
  let it = 0;
  for (; !budget.expired(); it++) {
    let work = 0;
    let at = 0;
    for (let j = 0; j < n; j++) {
      pickedStart[j] = at;
      const room = capacity[j]! - demand[j]!;
      if (room < 0) {
        value[j] = Infinity;
        continue;
      }
      items.count = 0;
      for (let e = nb.revStart[j]!; e < nb.revStart[j + 1]!; e++) {
        const i = nb.revPoint[e]!;
        const profit = lambda[i]! - nb.revDist[e]!;
        if (profit <= 0) continue;
        items.item[items.count] = i;
        items.profit[items.count] = profit;
        items.weight[items.count++] = demand[i]!;
      }
      const gain = solveKnapsack(items, room, integral, picked.subarray(at), out);
      at += out.count;
      work += out.work + nb.revStart[j + 1]! - nb.revStart[j]!;
      value[j] = -lambda[j]! - gain;
    }
    pickedStart[n] = at;
    order.sort((a, b) => value[a]! - value[b]! || a - b);
    if (!Number.isFinite(value[order[p - 1]!]!)) return null;
    let bound = 0;
    for (let i = 0; i < n; i++) bound += lambda[i]!;
    for (let t = 0; t < p; t++) bound += value[order[t]!]!;
    budget.expired((work + 2 * n * Math.log2(n + 1)) * NS_PER_KNAPSACK_CELL);
    if (bound > best + 1e-9) {
      best = bound;
      bestMedians = order.slice(0, p);
      bestValues.set(value);
      sinceBest = 0;
    } else if (++sinceBest >= STALL) {
      step /= 2;
      sinceBest = 0;
      if (step < 1e-4) break;
    }
    if (best >= upper - 1e-9) break;
    // Subgradient: 1 - (times point i is served), a median's self-service included; a multiplier at
    // its radius that would rise stays (the projection), so that component does not count.
    served.fill(0);
    for (let t = 0; t < p; t++) {
      const j = order[t]!;
      served[j]!++;
      for (let e = pickedStart[j]!; e < pickedStart[j + 1]!; e++) served[picked[e]!]!++;
    }
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const g = 1 - served[i]!;
      if (g > 0 && lambda[i]! >= radius[i]!) continue;
      norm += g * g;
    }
    if (norm === 0) break;
    const t = (step * Math.max(upper - bound, 1e-6 * Math.max(1, Math.abs(upper)))) / norm;
    for (let i = 0; i < n; i++) lambda[i] = Math.min(radius[i]!, lambda[i]! + t * (1 - served[i]!));
  }
  return Number.isFinite(best) ? { bound: best, medians: bestMedians, values: bestValues, iterations: it } : null;
}
