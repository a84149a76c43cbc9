/**
 * The facility location's instance and plans, and the check every plan passes before it counts
 * (facility.ts solves it, facility-greedy.ts starts it).
 */

/** The group of a facility that is open whatever the plan. */
export const ALWAYS_OPEN = -1;

export interface FacilityInstance {
  readonly clients: number;
  readonly facilities: number;
  /** Each facility's group: ALWAYS_OPEN, or g >= 0 for one of the facilities of which exactly open[g] open. */
  readonly group: Int32Array;
  /** How many facilities of each group open. */
  readonly open: readonly number[];
  /** What opening each facility of a group costs (a hire's one-off or yearly cost); 0 when left out. */
  readonly openCost?: Float64Array;
  readonly capacity: Float64Array;
  /** Client i's facilities, with cost and load: pairs pairStart[i] .. pairStart[i+1]-1. */
  readonly pairStart: Int32Array;
  readonly pairFacility: Int32Array;
  readonly pairCost: Float64Array;
  readonly pairLoad: Float64Array;
}

export interface FacilityPlan {
  /** The facilities of the groups that are opened, ascending. */
  readonly opened: Int32Array;
  /** The facility of each client. */
  readonly assignment: Int32Array;
}

/** The plan's cost (pairs and openings), or Infinity when it breaks a rule. */
export function facilityCost(instance: FacilityInstance, plan: FacilityPlan): number {
  const open = Uint8Array.from(instance.group, (g) => (g === ALWAYS_OPEN ? 1 : 0));
  const opened = new Array<number>(instance.open.length).fill(0);
  let cost = 0;
  for (const f of plan.opened) {
    const g = instance.group[f]!;
    if (g === ALWAYS_OPEN || open[f]) return Infinity;
    open[f] = 1;
    opened[g]!++;
    cost += instance.openCost?.[f] ?? 0;
  }
  if (opened.some((n, g) => n !== instance.open[g])) return Infinity;
  const used = new Float64Array(instance.facilities);
  for (let i = 0; i < instance.clients; i++) {
    const p = pairOf(instance, i, plan.assignment[i]!);
    if (p < 0 || !open[plan.assignment[i]!]) return Infinity;
    cost += instance.pairCost[p]!;
    used[plan.assignment[i]!]! += instance.pairLoad[p]!;
  }
  for (let f = 0; f < instance.facilities; f++) if (used[f]! > instance.capacity[f]! * (1 + 1e-9) + 1e-9) return Infinity;
  return cost;
}

export function pairOf(instance: FacilityInstance, i: number, f: number): number {
  for (let p = instance.pairStart[i]!; p < instance.pairStart[i + 1]!; p++) if (instance.pairFacility[p] === f) return p;
  return -1;
}

