/**
 * CPMP plans for HiGHS to start from (and to fix pairs against):
 * - `cpmpHeuristic`: seed p medians far apart (each next seed the point farthest from the seeds so
 *   far, demand-weighted), then alternate a capacitated assignment with moving every median to the
 *   member of its cluster that serves the cluster at least distance and has the capacity, until
 *   nothing changes (location-allocation after Cooper 1964, with capacities);
 * - `planFromMedians`: for given medians, the cheapest (point, median) pairs first while the median
 *   has room, each median serving itself, then shifts and swaps of points while they save distance;
 * - `swapMedians`: one median moved to a nearby point while that saves distance (the interchange
 *   of Teitz & Bart 1968, on the nearest points only).
 * Each may fail (null) when the greedy assignment leaves a point without room.
 */
import type { Budget } from '../heuristics/budget.ts';
import { checkCpmp, sumDistances, type CpmpInstance, type CpmpPlan } from './cpmp.ts';
import { NS_PER_PAIR_VISIT } from '../heuristics/work-cost.ts';

const ROUNDS = 30;

export function cpmpHeuristic(instance: CpmpInstance, budget: Budget): CpmpPlan | null {
  const n = instance.points;
  if (instance.medians <= 0 || instance.medians > n) return null;
  let medians = seeds(instance);
  budget.expired(n * (n + instance.medians * instance.medians) * NS_PER_PAIR_VISIT);
  let best: CpmpPlan | null = null;
  let bestCost = Infinity;
  for (let round = 0; round < ROUNDS && !budget.check(); round++) {
    const assignment = planFromMedians(instance, medians, budget)?.assignment;
    if (!assignment) break;
    const plan = { medians: Int32Array.from(medians).sort(), assignment };
    const cost = sumDistances(instance, assignment);
    if (cost < bestCost - 1e-9 && checkCpmp(instance, plan).length === 0) {
      best = plan;
      bestCost = cost;
    } else if (round > 0) break;
    const moved = relocate(instance, medians, assignment);
    budget.expired(n * instance.medians * NS_PER_PAIR_VISIT);
    if (moved.every((j, k) => j === medians[k])) break;
    medians = moved;
  }
  return best;
}

/**
 * The counted work of one pass of `improveAssignment`: each point against each median (shifts),
 * each pair of points (swaps). A plan from medians takes a few passes; each is counted as it ends,
 * so a budget stops the passes rather than the whole plan overrunning it.
 */
function passNs(instance: CpmpInstance): number {
  const n = instance.points;
  return (n * instance.medians + (n * n) / 2) * NS_PER_PAIR_VISIT;
}

/** The first seed is the point nearest the demand's centre of distance; each next the farthest, weighted by demand. */
function seeds(instance: CpmpInstance): number[] {
  const n = instance.points;
  let first = 0;
  let least = Infinity;
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let k = 0; k < n; k++) total += instance.demand[k]! * instance.distance(i, k);
    if (total < least) [least, first] = [total, i];
  }
  const chosen = [first];
  const near = Float64Array.from({ length: n }, (_, i) => instance.distance(i, first));
  while (chosen.length < instance.medians) {
    let next = -1;
    for (let i = 0; i < n; i++) if (!chosen.includes(i) && (next < 0 || near[i]! * instance.demand[i]! > near[next]! * instance.demand[next]!)) next = i;
    chosen.push(next);
    for (let i = 0; i < n; i++) near[i] = Math.min(near[i]!, instance.distance(i, next));
  }
  return chosen;
}

/**
 * The plan of `medians`: the greedy assignment, then shifts and swaps of points while they save
 * distance (each pass counted on `budget`; the passes stop when it is over, the plan kept).
 */
export function planFromMedians(instance: CpmpInstance, medians: readonly number[], budget?: Budget): CpmpPlan | null {
  const pairs = instance.points * medians.length;
  // The greedy sorts every (point, median) pair.
  budget?.expired(pairs * Math.log2(pairs + 2) * NS_PER_PAIR_VISIT);
  const assignment = assign(instance, medians);
  if (!assignment) return null;
  improveAssignment(instance, medians, assignment, budget);
  return { medians: Int32Array.from(medians).sort(), assignment };
}

/** Points shifted to a nearer median with room, then swapped between two medians, while that saves distance. */
function improveAssignment(instance: CpmpInstance, medians: readonly number[], assignment: Int32Array, budget?: Budget): void {
  const n = instance.points;
  const { demand, distance } = instance;
  const left = new Float64Array(n);
  for (const j of medians) left[j] = instance.capacity[j]!;
  for (let i = 0; i < n; i++) left[assignment[i]!]! -= demand[i]!;
  const isMedian = new Uint8Array(n);
  for (const j of medians) isMedian[j] = 1;
  for (let pass = 0; pass < 20; pass++) {
    let improved = false;
    for (let i = 0; i < n; i++) {
      if (isMedian[i]) continue;
      const from = assignment[i]!;
      for (const j of medians) {
        if (j === from || left[j]! < demand[i]! - 1e-9 || distance(i, j) >= distance(i, assignment[i]!) - 1e-9) continue;
        left[assignment[i]!]! += demand[i]!;
        left[j]! -= demand[i]!;
        assignment[i] = j;
        improved = true;
      }
    }
    for (let a = 0; a < n; a++) {
      if (isMedian[a]) continue;
      for (let b = a + 1; b < n; b++) {
        const ja = assignment[a]!;
        const jb = assignment[b]!;
        if (isMedian[b] || ja === jb) continue;
        const saves = distance(a, ja) + distance(b, jb) - distance(a, jb) - distance(b, ja);
        if (saves <= 1e-9) continue;
        if (left[ja]! + demand[a]! - demand[b]! < -1e-9 || left[jb]! + demand[b]! - demand[a]! < -1e-9) continue;
        left[ja]! += demand[a]! - demand[b]!;
        left[jb]! += demand[b]! - demand[a]!;
        assignment[a] = jb;
        assignment[b] = ja;
        improved = true;
      }
    }
    if (budget?.check(passNs(instance)) || !improved) return;
  }
}

/** Moves of one median to one of the `near` points nearest it, first improvement, while any saves distance. */
export function swapMedians(instance: CpmpInstance, plan: CpmpPlan, budget: Budget, near = 8): CpmpPlan {
  let best = plan;
  let bestCost = sumDistances(instance, plan.assignment);
  for (let improved = true; improved && !budget.check(); ) {
    improved = false;
    for (const j of [...best.medians]) {
      const open = new Set(best.medians);
      const around = Array.from({ length: instance.points }, (_, k) => k).filter((k) => !open.has(k)).sort((a, b) => instance.distance(j, a) - instance.distance(j, b) || a - b).slice(0, near);
      for (const k of around) {
        if (budget.check()) return best;
        const next = planFromMedians(instance, Array.from(best.medians, (m) => (m === j ? k : m)), budget);
        if (!next) continue;
        const cost = sumDistances(instance, next.assignment);
        if (cost < bestCost - 1e-9 && checkCpmp(instance, next).length === 0) {
          best = next;
          bestCost = cost;
          improved = true;
          break;
        }
      }
    }
  }
  return best;
}

/** Each median serves itself; then the pairs cheapest first while the median has room. */
function assign(instance: CpmpInstance, medians: readonly number[]): Int32Array | null {
  const n = instance.points;
  const assignment = new Int32Array(n).fill(-1);
  const left = new Float64Array(n);
  for (const j of medians) {
    assignment[j] = j;
    left[j] = instance.capacity[j]! - instance.demand[j]!;
    if (left[j]! < -1e-9) return null;
  }
  const pairs: Array<[number, number, number]> = [];
  for (let i = 0; i < n; i++) if (assignment[i]! < 0) for (const j of medians) pairs.push([instance.distance(i, j), i, j]);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  for (const [, i, j] of pairs) {
    if (assignment[i]! >= 0 || left[j]! < instance.demand[i]! - 1e-9) continue;
    assignment[i] = j;
    left[j]! -= instance.demand[i]!;
  }
  return assignment.every((j) => j >= 0) ? assignment : null;
}

/** Each cluster's median moved to the member that serves it at least distance and can carry it. */
function relocate(instance: CpmpInstance, medians: readonly number[], assignment: Int32Array): number[] {
  return medians.map((j) => {
    const members: number[] = [];
    let demand = 0;
    for (let i = 0; i < instance.points; i++) if (assignment[i] === j) {
      members.push(i);
      demand += instance.demand[i]!;
    }
    let best = j;
    let least = Infinity;
    for (const c of members) {
      if (instance.capacity[c]! < demand - 1e-9) continue;
      let total = 0;
      for (const i of members) total += instance.distance(i, c);
      if (total < least - 1e-9) [least, best] = [total, c];
    }
    return best;
  });
}
