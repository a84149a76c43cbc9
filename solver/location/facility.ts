/**
 * Capacitated facility location with some facilities already open: give every client to one open
 * facility within its capacity, open exactly `open` of the optional facilities, minimise the sum of
 * the (client, facility) costs. In territory terms: clients are the accounts of a role, facilities
 * the role's reps (open: they are on the payroll) and the candidate home sites of the reps to hire;
 * cost and load are the territory model's pair cost and workload (hiring.ts).
 *
 * Solved like the CPMP (solve-cpmp.ts): a greedy start (sites added one at a time by what they save,
 * then one site swapped for another while that saves), then HiGHS on the strong formulation
 * (x_if <= y_f for every optional facility) from it.
 */
import { OPTIMAL_GAP, relativeGap } from '../assignment.ts';
import { runHighs, type CscProblem } from '../backends/highs-run.ts';
import type { Budget } from '../heuristics/budget.ts';
import type { RunContext } from '../run-context.ts';
import type { SolveStatus } from '../types.ts';
import { NS_PER_PAIR_VISIT } from '../heuristics/work-cost.ts';

export interface FacilityInstance {
  readonly clients: number;
  readonly facilities: number;
  /** Facilities open whatever the plan (1) or to choose among (0). */
  readonly fixedOpen: Uint8Array;
  readonly capacity: Float64Array;
  /** Optional facilities to open. */
  readonly open: number;
  /** Client i's facilities, with cost and load: pairs pairStart[i] .. pairStart[i+1]-1. */
  readonly pairStart: Int32Array;
  readonly pairFacility: Int32Array;
  readonly pairCost: Float64Array;
  readonly pairLoad: Float64Array;
}

export interface FacilityPlan {
  /** The optional facilities opened, ascending. */
  readonly opened: Int32Array;
  /** The facility of each client. */
  readonly assignment: Int32Array;
}

export interface FacilitySolution {
  readonly status: SolveStatus;
  readonly plan: FacilityPlan | null;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly strategy: string;
}

/** The plan's cost, or Infinity when it breaks a rule. */
export function facilityCost(instance: FacilityInstance, plan: FacilityPlan): number {
  const open = Uint8Array.from(instance.fixedOpen);
  for (const f of plan.opened) {
    if (instance.fixedOpen[f]) return Infinity;
    open[f] = 1;
  }
  if (new Set(plan.opened).size !== instance.open || plan.opened.length !== instance.open) return Infinity;
  const used = new Float64Array(instance.facilities);
  let cost = 0;
  for (let i = 0; i < instance.clients; i++) {
    const p = pairOf(instance, i, plan.assignment[i]!);
    if (p < 0 || !open[plan.assignment[i]!]) return Infinity;
    cost += instance.pairCost[p]!;
    used[plan.assignment[i]!]! += instance.pairLoad[p]!;
  }
  for (let f = 0; f < instance.facilities; f++) if (used[f]! > instance.capacity[f]! * (1 + 1e-9) + 1e-9) return Infinity;
  return cost;
}

function pairOf(instance: FacilityInstance, i: number, f: number): number {
  for (let p = instance.pairStart[i]!; p < instance.pairStart[i + 1]!; p++) if (instance.pairFacility[p] === f) return p;
  return -1;
}

export async function solveFacilities(instance: FacilityInstance, run: RunContext, mipGap: number): Promise<FacilitySolution> {
  const steps: string[] = [];
  let best: { plan: FacilityPlan; cost: number } | null = null;
  const offer = (plan: FacilityPlan | null) => {
    if (!plan) return;
    const cost = facilityCost(instance, plan);
    if (Number.isFinite(cost) && (best === null || cost < best.cost)) best = { plan, cost };
  };
  const start = greedySites(instance, run.budget.share(0.2));
  offer(start);
  if (best) steps.push('greedy');
  const mip = facilityMip(instance);
  const incumbent = best as { plan: FacilityPlan; cost: number } | null;
  const out = await runHighs(mip, run, { mipGap, ...(incumbent ? { start: mipValues(instance, incumbent.plan) } : {}) });
  steps.push('highs-mip');
  if (out.colValue) offer(planOf(instance, out.colValue));
  const found = best as { plan: FacilityPlan; cost: number } | null;
  const bound = out.bound === null ? null : found ? Math.min(out.bound, found.cost) : out.bound;
  const gap = relativeGap(found?.cost ?? null, bound);
  const status: SolveStatus = out.end === 'infeasible' ? 'infeasible'
    : gap !== null && gap <= OPTIMAL_GAP ? 'optimal'
    : found ? (out.end === 'time-limit' || out.end === 'deadline' ? 'timedout' : 'feasible')
    : out.end === 'error' ? 'error' : 'timedout';
  return { status, plan: found?.plan ?? null, objective: found?.cost ?? null, bound, gap, strategy: steps.join('+') };
}

/** Columns: the pairs, then one y per optional facility. Rows: assignment, capacity, the count, the links. */
function facilityMip(instance: FacilityInstance): CscProblem {
  const { clients: n, facilities: m } = instance;
  const P = instance.pairFacility.length;
  const yCol = new Int32Array(m).fill(-1);
  let cols = P;
  for (let f = 0; f < m; f++) if (!instance.fixedOpen[f]) yCol[f] = cols++;
  const links: number[] = [];
  for (let p = 0; p < P; p++) if (yCol[instance.pairFacility[p]!]! >= 0) links.push(p);
  const countRow = n + m;
  const linkRowOf = new Int32Array(P).fill(-1);
  links.forEach((p, k) => (linkRowOf[p] = countRow + 1 + k));
  const numRows = countRow + 1 + links.length;
  const entries: Array<Array<[number, number]>> = Array.from({ length: cols }, () => []);
  for (let i = 0; i < n; i++) {
    for (let p = instance.pairStart[i]!; p < instance.pairStart[i + 1]!; p++) {
      const f = instance.pairFacility[p]!;
      entries[p]!.push([i, 1], [n + f, instance.pairLoad[p]!]);
      if (linkRowOf[p]! >= 0) entries[p]!.push([linkRowOf[p]!, 1]);
    }
  }
  for (let f = 0; f < m; f++) if (yCol[f]! >= 0) entries[yCol[f]!]!.push([n + f, -instance.capacity[f]!], [countRow, 1]);
  for (const p of links) entries[yCol[instance.pairFacility[p]!]!]!.push([linkRowOf[p]!, -1]);
  const starts = new Int32Array(cols + 1);
  entries.forEach((e, c) => (starts[c + 1] = starts[c]! + e.length));
  const indices = new Int32Array(starts[cols]!);
  const values = new Float64Array(starts[cols]!);
  entries.forEach((e, c) => e.sort((a, b) => a[0] - b[0]).forEach(([r, v], k) => {
    indices[starts[c]! + k] = r;
    values[starts[c]! + k] = v;
  }));
  const rowLower = new Float64Array(numRows).fill(-Infinity);
  const rowUpper = new Float64Array(numRows);
  for (let i = 0; i < n; i++) rowLower[i] = rowUpper[i] = 1;
  // Open facilities' capacity rows hold their capacity; optional ones hold it times y (in the matrix).
  for (let f = 0; f < m; f++) rowUpper[n + f] = instance.fixedOpen[f] ? instance.capacity[f]! : 0;
  rowLower[countRow] = rowUpper[countRow] = instance.open;
  const colCost = new Float64Array(cols);
  colCost.set(instance.pairCost);
  return {
    numCols: cols,
    numRows,
    colCost,
    colLower: new Float64Array(cols),
    colUpper: new Float64Array(cols).fill(1),
    rowLower,
    rowUpper,
    integrality: new Int32Array(cols).fill(1),
    starts,
    indices,
    values,
  };
}

function mipValues(instance: FacilityInstance, plan: FacilityPlan): Float64Array {
  const P = instance.pairFacility.length;
  const optional = instance.fixedOpen.reduce((n, open) => n + (open ? 0 : 1), 0);
  const values = new Float64Array(P + optional);
  for (let i = 0; i < instance.clients; i++) values[pairOf(instance, i, plan.assignment[i]!)] = 1;
  let col = P;
  for (let f = 0; f < instance.facilities; f++) {
    if (instance.fixedOpen[f]) continue;
    if (plan.opened.includes(f)) values[col] = 1;
    col++;
  }
  return values;
}

function planOf(instance: FacilityInstance, colValue: Float64Array): FacilityPlan {
  const assignment = new Int32Array(instance.clients).fill(-1);
  for (let i = 0; i < instance.clients; i++) {
    let best = -1;
    for (let p = instance.pairStart[i]!; p < instance.pairStart[i + 1]!; p++) if (best < 0 || colValue[p]! > colValue[best]!) best = p;
    if (best >= 0) assignment[i] = instance.pairFacility[best]!;
  }
  const opened: number[] = [];
  let col = instance.pairFacility.length;
  for (let f = 0; f < instance.facilities; f++) {
    if (instance.fixedOpen[f]) continue;
    if (colValue[col]! > 0.5) opened.push(f);
    col++;
  }
  return { opened: Int32Array.from(opened), assignment };
}

/** Sites added one at a time by the cost of the greedy assignment with them, then swapped while that saves. */
function greedySites(instance: FacilityInstance, budget: Budget): FacilityPlan | null {
  const optional = Array.from({ length: instance.facilities }, (_, f) => f).filter((f) => !instance.fixedOpen[f]);
  if (optional.length < instance.open) return null;
  const evaluate = (opened: number[]) => {
    const assignment = assignGreedy(instance, opened);
    if (!assignment) return null;
    const plan = { opened: Int32Array.from(opened).sort(), assignment };
    return { plan, cost: facilityCost(instance, plan) };
  };
  let chosen: number[] = [];
  while (chosen.length < instance.open) {
    let pick: { f: number; cost: number } | null = null;
    for (const f of optional) {
      if (chosen.includes(f)) continue;
      const tried = evaluate([...chosen, f]);
      const cost = tried && chosen.length + 1 === instance.open ? tried.cost : tried ? partialCost(instance, tried.plan.assignment) : Infinity;
      if (pick === null || cost < pick.cost) pick = { f, cost };
    }
    chosen = [...chosen, pick!.f];
  }
  let best = evaluate(chosen);
  // One evaluation assigns every client among the open facilities.
  const evaluationNs = 4 * instance.clients * instance.open * NS_PER_PAIR_VISIT;
  for (let improved = true; improved && !budget.check(); ) {
    improved = false;
    for (const out of [...chosen]) {
      for (const f of optional) {
        if (chosen.includes(f)) continue;
        budget.clock.spend(evaluationNs);
        const next = chosen.map((c) => (c === out ? f : c));
        const tried = evaluate(next);
        if (tried && Number.isFinite(tried.cost) && (!best || tried.cost < best.cost - 1e-9)) {
          best = tried;
          chosen = next;
          improved = true;
          break;
        }
      }
      if (improved) break;
    }
  }
  return best && Number.isFinite(best.cost) ? best.plan : null;
}

/** Cost of an assignment whose rule checks are not the point (a partial choice of sites). */
function partialCost(instance: FacilityInstance, assignment: Int32Array): number {
  let cost = 0;
  for (let i = 0; i < instance.clients; i++) cost += instance.pairCost[pairOf(instance, i, assignment[i]!)]!;
  return cost;
}

/** The cheapest pairs first while the facility has room; null when a client finds none. */
function assignGreedy(instance: FacilityInstance, opened: readonly number[]): Int32Array | null {
  const open = Uint8Array.from(instance.fixedOpen);
  for (const f of opened) open[f] = 1;
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
