/**
 * The greedy start of the facility location (facility.ts): the facilities of each group opened or
 * closed one at a time by what the greedy assignment then costs, then one open facility of a group
 * swapped for a closed one of the same group while that saves. A group that opens most of its
 * members (the reps who stay, when a few are let go) starts all open and closes the cheapest to lose;
 * the others (the sites, when a few are hired) start closed and open the one that saves most. Groups
 * to close are closed after the others are opened, so that the hires are there to take the accounts
 * of the reps let go.
 */
import type { Budget } from '../heuristics/budget.ts';
import { NS_PER_PAIR_VISIT } from '../heuristics/work-cost.ts';
import { ALWAYS_OPEN, type FacilityInstance, type FacilityPlan } from './facility-instance.ts';

interface Tried {
  readonly plan: FacilityPlan;
  readonly cost: number;
}

export function greedyFacilities(instance: FacilityInstance, budget: Budget): FacilityPlan | null {
  const members = instance.open.map((_, g) => Array.from({ length: instance.facilities }, (_, f) => f).filter((f) => instance.group[f] === g));
  if (members.some((list, g) => list.length < instance.open[g]!)) return null;
  // One evaluation sorts and walks every pair once or so.
  const evaluationNs = 4 * instance.pairFacility.length * NS_PER_PAIR_VISIT;
  const evaluate = (open: Uint8Array): Tried | null => {
    budget.clock.spend(evaluationNs);
    const assignment = assignGreedy(instance, open);
    if (!assignment) return null;
    const opened = Int32Array.from(Array.from(open.keys()).filter((f) => open[f] && instance.group[f] !== ALWAYS_OPEN));
    return { plan: { opened, assignment }, cost: stateCost(instance, open, assignment) };
  };
  const closing = members.map((list, g) => instance.open[g]! * 2 > list.length);
  const open = Uint8Array.from(instance.group, (g) => (g === ALWAYS_OPEN || closing[g]! ? 1 : 0));
  // One facility at a time: the one whose opening (or closing) leaves the cheapest greedy plan.
  const step = (g: number, to: 0 | 1) => {
    let pick: { f: number; cost: number } | null = null;
    for (const f of members[g]!) {
      if (open[f] === to) continue;
      open[f] = to;
      const cost = evaluate(open)?.cost ?? Infinity;
      open[f] = to ? 0 : 1;
      if (pick === null || cost < pick.cost) pick = { f, cost };
    }
    open[pick!.f] = to;
  };
  const count = (g: number) => members[g]!.reduce((n, f) => n + open[f]!, 0);
  members.forEach((_, g) => {
    while (!closing[g] && count(g) < instance.open[g]!) step(g, 1);
  });
  members.forEach((_, g) => {
    while (closing[g] && count(g) > instance.open[g]!) step(g, 0);
  });
  let best = evaluate(open);
  for (let improved = true; improved && !budget.check(); ) {
    improved = false;
    for (let g = 0; g < members.length && !improved; g++) {
      for (const out of members[g]!) {
        if (!open[out]) continue;
        for (const f of members[g]!) {
          if (open[f]) continue;
          open[out] = 0;
          open[f] = 1;
          const tried = evaluate(open);
          if (tried && (!best || tried.cost < best.cost - 1e-9)) {
            best = tried;
            improved = true;
            break;
          }
          open[out] = 1;
          open[f] = 0;
        }
        if (improved) break;
      }
    }
  }
  return best ? best.plan : null;
}

/** The pairs' costs and the openings' costs of an assignment among the open facilities. */
function stateCost(instance: FacilityInstance, open: Uint8Array, assignment: Int32Array): number {
  let cost = 0;
  for (let f = 0; f < instance.facilities; f++) if (open[f] && instance.group[f] !== ALWAYS_OPEN) cost += instance.openCost?.[f] ?? 0;
  for (let i = 0; i < instance.clients; i++) {
    for (let p = instance.pairStart[i]!; p < instance.pairStart[i + 1]!; p++) if (instance.pairFacility[p] === assignment[i]) cost += instance.pairCost[p]!;
  }
  return cost;
}

/** The cheapest pairs first while the facility has room; null when a client finds none. */
function assignGreedy(instance: FacilityInstance, open: Uint8Array): Int32Array | null {
  const left = Float64Array.from(instance.capacity, (c, f) => (open[f] ? c : 0));
  const pairs: number[] = [];
  for (let p = 0; p < instance.pairFacility.length; p++) if (open[instance.pairFacility[p]!]) pairs.push(p);
  const itemOf = new Int32Array(instance.pairFacility.length);
  for (let i = 0; i < instance.clients; i++) for (let p = instance.pairStart[i]!; p < instance.pairStart[i + 1]!; p++) itemOf[p] = i;
  pairs.sort((a, b) => instance.pairCost[a]! - instance.pairCost[b]! || a - b);
  const assignment = new Int32Array(instance.clients).fill(-1);
  for (const p of pairs) {
    const i = itemOf[p]!;
    const f = instance.pairFacility[p]!;
    if (assignment[i]! >= 0 || left[f]! < instance.pairLoad[p]! - 1e-9) continue;
    assignment[i] = f;
    left[f]! -= instance.pairLoad[p]!;
  }
  return assignment.every((f) => f >= 0) ? assignment : null;
}
