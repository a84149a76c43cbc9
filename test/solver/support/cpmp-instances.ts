/**
 * Generated capacitated p-median instances and an enumeration of their optimum, shared by the CPMP
 * tests (cpmp.test.ts: the exact path; cpmp-large.test.ts: the large path). The enumeration shares
 * nothing with the engine: every set of p medians, every assignment of the other points to them.
 */
import { mulberry32 } from '../../../solver/heuristics/prng.ts';
import type { CpmpInstance } from '../../../solver/location/cpmp.ts';

/**
 * n points on a 100 x 100 grid, demands 1-9, each point's capacity (total demand / p) times a
 * random factor from `slack` to `slack` + 0.9: tight to loose, some instances force far
 * assignments and a few are infeasible. `integral`: distances truncated to integers (as
 * Osman & Christofides), else Euclidean (as Lorena & Senne).
 */
export function randomCpmp(seed: number, n: number, p: number, options: { slack?: number; integral?: boolean } = {}): CpmpInstance {
  const rng = mulberry32(seed);
  const x = Array.from({ length: n }, () => Math.floor(rng() * 100));
  const y = Array.from({ length: n }, () => Math.floor(rng() * 100));
  const demand = Float64Array.from({ length: n }, () => 1 + Math.floor(rng() * 9));
  const total = demand.reduce((s, d) => s + d, 0);
  const slack = options.slack ?? 0.8;
  const capacity = Float64Array.from({ length: n }, () => Math.ceil((total / p) * (slack + rng() * 0.9)));
  const euclid = (i: number, j: number) => Math.hypot(x[i]! - x[j]!, y[i]! - y[j]!);
  return { points: n, medians: p, demand, capacity, distance: options.integral === false ? euclid : (i, j) => Math.floor(euclid(i, j)) };
}

/**
 * The optimum by enumeration: every p-subset, every assignment of the other points to it (null:
 * infeasible); with `mustOpen`, among the subsets that hold that point only.
 */
export function bruteForceCpmp(instance: CpmpInstance, mustOpen?: number): number | null {
  const n = instance.points;
  let best: number | null = null;
  const subsets = (start: number, chosen: number[]): void => {
    if (chosen.length === instance.medians) {
      if (mustOpen !== undefined && !chosen.includes(mustOpen)) return;
      const others = Array.from({ length: n }, (_, i) => i).filter((i) => !chosen.includes(i));
      const left = chosen.map((j) => instance.capacity[j]! - instance.demand[j]!);
      if (left.some((l) => l < 0)) return;
      const walk = (k: number, cost: number): void => {
        if (best !== null && cost >= best) return;
        if (k === others.length) {
          best = cost;
          return;
        }
        const i = others[k]!;
        chosen.forEach((j, m) => {
          if (left[m]! < instance.demand[i]!) return;
          left[m]! -= instance.demand[i]!;
          walk(k + 1, cost + instance.distance(i, j));
          left[m]! += instance.demand[i]!;
        });
      };
      walk(0, 0);
      return;
    }
    for (let j = start; j < n; j++) subsets(j + 1, [...chosen, j]);
  };
  subsets(0, []);
  return best;
}
