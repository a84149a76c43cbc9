/**
 * The capacitated p-median problem (CPMP): choose exactly p of n points as medians; give every point
 * to one open median; the demand a median serves stays within its capacity; minimise the sum of
 * distances from points to their medians (a median serves itself). In territory terms: points are
 * accounts, medians the home bases of the reps to hire, capacity a rep's workload cap: where to hire
 * is a capacitated location-allocation, of which this is the public benchmark form (Osman &
 * Christofides 1994; Lorena & Senne 2004).
 */

export interface CpmpInstance {
  /** Number of points. */
  readonly points: number;
  /** Number of medians to open (p). */
  readonly medians: number;
  readonly demand: Float64Array;
  /** Capacity of each point when it is a median. */
  readonly capacity: Float64Array;
  /** Distance between points i and j (symmetric, 0 on the diagonal). */
  readonly distance: (i: number, j: number) => number;
}

export interface CpmpPlan {
  /** The open medians, ascending point indexes. */
  readonly medians: Int32Array;
  /** The median (a point index) of each point. */
  readonly assignment: Int32Array;
}

/** Sum of distances point -> median, or Infinity when the plan breaks a rule. */
export function cpmpObjective(instance: CpmpInstance, plan: CpmpPlan): number {
  return checkCpmp(instance, plan).length === 0 ? sumDistances(instance, plan.assignment) : Infinity;
}

export function sumDistances(instance: CpmpInstance, assignment: Int32Array): number {
  let total = 0;
  for (let i = 0; i < instance.points; i++) total += instance.distance(i, assignment[i]!);
  return total;
}

/** What a plan breaks: the count of medians, points served by a closed point, a median not serving itself, capacities. */
export function checkCpmp(instance: CpmpInstance, plan: CpmpPlan): string[] {
  const out: string[] = [];
  const open = new Uint8Array(instance.points);
  for (const j of plan.medians) open[j] = 1;
  const opened = open.reduce((s, v) => s + v, 0);
  if (opened !== instance.medians || plan.medians.length !== instance.medians) out.push(`${plan.medians.length} medians (${opened} distinct), ${instance.medians} asked`);
  const served = new Float64Array(instance.points);
  for (let i = 0; i < instance.points; i++) {
    const j = plan.assignment[i]!;
    if (!(j >= 0 && j < instance.points) || open[j] !== 1) {
      out.push(`point ${i} goes to ${j}, which is no median`);
      continue;
    }
    served[j]! += instance.demand[i]!;
  }
  for (const j of plan.medians) {
    if (plan.assignment[j] !== j) out.push(`median ${j} does not serve itself`);
    if (served[j]! > instance.capacity[j]! * (1 + 1e-9)) out.push(`median ${j} serves ${served[j]} above its capacity ${instance.capacity[j]}`);
  }
  return out;
}
