/**
 * The large-instance CPMP heuristic (thousands of points, hundreds of medians), where the small
 * path's dense steps (n^2 swaps, a whole plan from medians per tried interchange) cannot run:
 * 1. starts: the given median sets (the Lagrangian bound's) and a spread seeding (each next median
 *    drawn with probability demand x distance to the medians so far, the k-median form of
 *    k-means++, Arthur & Vassilvitskii 2007);
 * 2. each start allocated by regret and improved by shifts and ejections (cpmp-allocate.ts), then
 *    by location moves to nearby points (cpmp-locate.ts) until none saves distance;
 * 3. from the best, an iterated local search while the budget lasts (Lourenço, Martin & Stützle
 *    2003): a few medians of one region moved at random, the region searched again, the result kept
 *    when it beats the best, undone through the journal otherwise.
 * Everything reads the neighbour lists only, so a round costs the region's few dozen points.
 */
import type { Budget } from '../heuristics/budget.ts';
import { randomInt, type Rng } from '../heuristics/prng.ts';
import { NS_PER_DISTANCE, NS_PER_NEIGHBOUR_STEP } from '../heuristics/work-cost.ts';
import type { CpmpInstance, CpmpPlan } from './cpmp.ts';
import { improveAllocation, regretAssign } from './cpmp-allocate.ts';
import { improveLocations, moveMedian, wakeMedians } from './cpmp-locate.ts';
import type { Neighbours } from './cpmp-neighbours.ts';
import { CpmpState } from './cpmp-state.ts';
import { PointQueue } from './point-queue.ts';

/**
 * Share of the perturbations that move one median anywhere rather than a few to nearby points: the
 * local ones refine a region, the global ones move a median from where it is least needed to where
 * it is most (a drop-add pair no local move reaches when the clusters are big).
 */
const GLOBAL_SHARE = 0.3;

export interface LargeSearchOptions {
  /** Nearby points each median tries to move to in the location search (default 10). */
  readonly tries?: number;
  /** Median sets to start from besides the seeded one (each of `instance.medians` points). */
  readonly starts?: ReadonlyArray<readonly number[]>;
  /** Plans to start from as they are (each must keep the rules). */
  readonly plans?: ReadonlyArray<CpmpPlan>;
  /** Whether to run the iterated local search after the starts (default true). */
  readonly iterate?: boolean;
  /** Ends the iterated search after this many rounds in a row without a better plan (default: the budget only). */
  readonly patience?: number;
}

/** The best plan found within `budget`, or null when no start could be allocated. */
export function cpmpLarge(instance: CpmpInstance, nb: Neighbours, budget: Budget, rng: Rng, options: LargeSearchOptions = {}): CpmpPlan | null {
  const tries = options.tries ?? 10;
  const n = instance.points;
  if (instance.medians <= 0 || instance.medians > n) return null;
  const state = new CpmpState(instance);
  const points = new PointQueue(n);
  const medians = new PointQueue(n);
  // The budget counts the state's work since the last poll.
  const stop = () => {
    const ns = state.work * NS_PER_NEIGHBOUR_STEP;
    state.work = 0;
    return budget.expired(ns);
  };
  let best: CpmpPlan | null = null;
  let bestCost = Infinity;
  const plans = options.plans ?? [];
  const starts = [...(options.starts ?? [])];
  // A seeded start only when no plan is given (the plans came from one).
  if (plans.length === 0) {
    starts.push(spreadSeeds(instance, rng));
    budget.expired(2 * n * instance.medians * NS_PER_DISTANCE);
  }
  for (let s = 0; s < plans.length + starts.length; s++) {
    if (best && stop()) break;
    if (s < plans.length) state.replace(plans[s]!);
    else if (!allocate(state, nb, points, starts[s - plans.length]!, stop)) continue;
    for (let m = 0; m < state.medianCount; m++) medians.push(state.medianList[m]!);
    improveLocations(state, nb, points, medians, tries, stop);
    medians.clear();
    state.commit();
    if (state.cost < bestCost - 1e-7) [best, bestCost] = [state.plan(), state.cost];
  }
  if (!best || options.iterate === false) return best;
  state.replace(best);
  iterate(state, nb, points, medians, rng, tries, stop, options.patience ?? Infinity);
  return state.plan();
}

/** A fresh state of `start`'s medians, every other point allocated and improved; false when some point found no room. */
function allocate(state: CpmpState, nb: Neighbours, points: PointQueue, start: readonly number[], stop: () => boolean): boolean {
  const n = state.n;
  const { demand, capacity } = state.instance;
  const open = new Uint8Array(n);
  for (const j of start) open[j] = 1;
  if (open.reduce((s, v) => s + v, 0) !== state.instance.medians || start.some((j) => capacity[j]! < demand[j]!)) return false;
  const assignment = new Int32Array(n).fill(-1);
  for (const j of start) assignment[j] = j;
  // Load the medians serving themselves only, then give the rest by regret.
  state.replace({ medians: Int32Array.from(start), assignment });
  const rest: number[] = [];
  for (let i = 0; i < n; i++) if (!open[i]) rest.push(i);
  if (!regretAssign(state, nb, rest)) return false;
  for (const i of rest) points.push(i);
  improveAllocation(state, nb, points, stop);
  points.clear();
  state.commit();
  return true;
}

/** Rounds of perturbation and local search while the budget lasts; the state ends at the best plan. */
function iterate(state: CpmpState, nb: Neighbours, points: PointQueue, medians: PointQueue, rng: Rng, tries: number, stop: () => boolean, patience: number): void {
  const n = state.n;
  for (let idle = 0; idle < patience && !stop(); idle++) {
    const before = state.cost;
    const mark = state.mark();
    const centre = state.medianList[randomInt(rng, state.medianCount)]!;
    if (rng() < GLOBAL_SHARE) {
      // One median to a point anywhere: the medians around both places search again.
      const c = randomInt(rng, n);
      if (moveMedian(state, nb, points, centre, c)) {
        wakeMedians(state, nb, medians, c);
        wakeMedians(state, nb, medians, centre);
      }
    } else {
      // The centre and up to three medians of its list, each moved to one of its nearest free points.
      const region = [centre];
      const base = centre * nb.k;
      const want = 1 + randomInt(rng, 3);
      for (let r = 0; r < nb.k && region.length <= want; r++) if (state.isMedian[nb.near[base + r]!]) region.push(nb.near[base + r]!);
      for (const j of region) {
        const c = freeNear(state, nb, j, rng, tries);
        if (c >= 0 && moveMedian(state, nb, points, j, c)) {
          wakeMedians(state, nb, medians, c);
          wakeMedians(state, nb, medians, j);
        }
      }
    }
    improveLocations(state, nb, points, medians, tries, stop);
    medians.clear();
    if (state.cost < before - 1e-7) {
      state.commit();
      idle = -1;
    } else state.undo(mark);
  }
  points.clear();
}

/** One of the `tries` nearest points of j that are no median, at random (-1 when none). */
function freeNear(state: CpmpState, nb: Neighbours, j: number, rng: Rng, tries: number): number {
  const free: number[] = [];
  const base = j * nb.k;
  for (let r = 0; r < nb.k && free.length < tries; r++) if (!state.isMedian[nb.near[base + r]!]) free.push(nb.near[base + r]!);
  return free.length > 0 ? free[randomInt(rng, free.length)]! : -1;
}

/**
 * p medians spread over the demand: the first the point of most demand, each next drawn with
 * probability proportional to its demand times its distance to the nearest median so far.
 */
export function spreadSeeds(instance: CpmpInstance, rng: Rng): number[] {
  const n = instance.points;
  const { demand, capacity } = instance;
  let first = 0;
  for (let i = 1; i < n; i++) if (demand[i]! > demand[first]!) first = i;
  const chosen = [first];
  const isChosen = new Uint8Array(n);
  isChosen[first] = 1;
  const near = Float64Array.from({ length: n }, (_, i) => instance.distance(i, first));
  while (chosen.length < instance.medians) {
    let total = 0;
    for (let i = 0; i < n; i++) if (!isChosen[i] && capacity[i]! >= demand[i]!) total += Math.max(demand[i]!, 1e-9) * near[i]!;
    let next = -1;
    let at = rng() * total;
    for (let i = 0; i < n; i++) {
      if (isChosen[i] || capacity[i]! < demand[i]!) continue;
      next = i;
      at -= Math.max(demand[i]!, 1e-9) * near[i]!;
      if (at < 0) break;
    }
    if (next < 0) break;
    chosen.push(next);
    isChosen[next] = 1;
    for (let i = 0; i < n; i++) near[i] = Math.min(near[i]!, instance.distance(i, next));
  }
  return chosen;
}
