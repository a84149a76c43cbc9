/**
 * Neighbour lists for the large CPMP path: each point's k nearest other points, ascending by
 * distance (ties to the lower index), their distances, and the reverse lists (the points that have
 * j among their nearest). On a big instance a point almost never goes to a median beyond its few
 * dozen nearest points, so the heuristics take their candidate medians and allocations from these
 * lists (the restriction most CPMP heuristics make, e.g. Osman & Christofides 1994, Fleszar & Hindi
 * 2008), and the Lagrangian bound prices only these pairs (cpmp-lagrangian-sparse.ts says why that
 * stays a proof for the whole problem).
 */
import type { Budget } from '../heuristics/budget.ts';
import { NS_PER_DISTANCE } from '../heuristics/work-cost.ts';
import type { CpmpInstance } from './cpmp.ts';

export interface Neighbours {
  /** Entries per point (min(k asked, n - 1)). */
  readonly k: number;
  /** Whether every other point is in every list (k = n - 1): the lists are the whole problem. */
  readonly full: boolean;
  /** near[i * k + r]: the r-th nearest other point of i (r = 0 the nearest). */
  readonly near: Int32Array;
  /** dist[i * k + r]: its distance. */
  readonly dist: Float64Array;
  /** Points with j in their list: revPoint[revStart[j] .. revStart[j + 1] - 1], their distance to j in revDist. */
  readonly revStart: Int32Array;
  readonly revPoint: Int32Array;
  readonly revDist: Float64Array;
}

/**
 * The k nearest other points of every point, by one scan of all pairs (n^2 distances, each list
 * kept sorted by insertion: a new entry only when it beats the k-th, which is rare after the first
 * few hundred points). The work is counted on `budget` but not cut short: every later step needs
 * the whole lists.
 */
export function neighbours(instance: CpmpInstance, kAsked: number, budget: Budget): Neighbours {
  const n = instance.points;
  const k = Math.max(0, Math.min(kAsked, n - 1));
  const near = new Int32Array(n * k);
  const dist = new Float64Array(n * k).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const base = i * k;
    let size = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = instance.distance(i, j);
      if (size === k && !(d < dist[base + k - 1]!)) continue;
      // Insert after every entry not farther (so equal distances keep the lower index first).
      let r = size < k ? size++ : k - 1;
      while (r > 0 && dist[base + r - 1]! > d) {
        dist[base + r] = dist[base + r - 1]!;
        near[base + r] = near[base + r - 1]!;
        r--;
      }
      dist[base + r] = d;
      near[base + r] = j;
    }
    budget.expired(n * NS_PER_DISTANCE);
  }
  const revStart = new Int32Array(n + 1);
  for (let e = 0; e < n * k; e++) revStart[near[e]! + 1]!++;
  for (let j = 0; j < n; j++) revStart[j + 1]! += revStart[j]!;
  const fill = revStart.slice(0, n);
  const revPoint = new Int32Array(n * k);
  const revDist = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < k; r++) {
      const at = fill[near[i * k + r]!]!++;
      revPoint[at] = i;
      revDist[at] = dist[i * k + r]!;
    }
  }
  return { k, full: k === n - 1, near, dist, revStart, revPoint, revDist };
}

/**
 * The distance within which i's list holds every other point: a pair (i, j) with j outside the list
 * is at least this far apart. Infinity when the list holds all points.
 */
export function listRadius(nb: Neighbours, i: number): number {
  return nb.full || nb.k === 0 ? Infinity : nb.dist[i * nb.k + nb.k - 1]!;
}
