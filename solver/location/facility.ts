/**
 * Capacitated facility location with some facilities already open and the others in groups: give
 * every client to one open facility within its capacity, open exactly `open[g]` of the facilities of
 * each group g, minimise the sum of the (client, facility) costs plus the opening costs of the
 * facilities opened. In territory terms (hiring.ts): clients are the accounts of a role, facilities
 * its reps and the candidate home sites of the reps to hire; the sites are one group (open: the
 * hires), the reps who may be let go another (open: those who stay), the other reps are open
 * whatever the plan; cost and load are the territory model's pair cost and workload.
 *
 * Solved like the CPMP (solve-cpmp.ts): a greedy start (facility-greedy.ts), then HiGHS on the
 * strong formulation (x_if <= y_f for every facility of a group) from it.
 */
import { OPTIMAL_GAP, relativeGap } from '../assignment.ts';
import { runHighs, type CscProblem } from '../backends/highs-run.ts';
import type { RunContext } from '../run-context.ts';
import type { SolveStatus } from '../types.ts';
import { greedyFacilities } from './facility-greedy.ts';
import { ALWAYS_OPEN, facilityCost, pairOf, type FacilityInstance, type FacilityPlan } from './facility-instance.ts';

export { ALWAYS_OPEN, facilityCost, type FacilityInstance, type FacilityPlan } from './facility-instance.ts';

export interface FacilitySolution {
  readonly status: SolveStatus;
  readonly plan: FacilityPlan | null;
  readonly objective: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
  readonly strategy: string;
}

export async function solveFacilities(instance: FacilityInstance, run: RunContext, mipGap: number): Promise<FacilitySolution> {
  const steps: string[] = [];
  let best: { plan: FacilityPlan; cost: number } | null = null;
  const offer = (plan: FacilityPlan | null) => {
    if (!plan) return;
    const cost = facilityCost(instance, plan);
    if (Number.isFinite(cost) && (best === null || cost < best.cost)) best = { plan, cost };
  };
  const start = greedyFacilities(instance, run.budget.share(0.2));
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

/** The y column of each facility of a group (-1 for the open ones), after the pairs' columns. */
function openColumns(instance: FacilityInstance): { yCol: Int32Array; cols: number } {
  const yCol = new Int32Array(instance.facilities).fill(-1);
  let cols = instance.pairFacility.length;
  for (let f = 0; f < instance.facilities; f++) if (instance.group[f] !== ALWAYS_OPEN) yCol[f] = cols++;
  return { yCol, cols };
}

/** Columns: the pairs, then one y per facility of a group. Rows: assignment, capacity, one count per group, the links. */
function facilityMip(instance: FacilityInstance): CscProblem {
  const { clients: n, facilities: m } = instance;
  const P = instance.pairFacility.length;
  const { yCol, cols } = openColumns(instance);
  const groups = instance.open.length;
  const links: number[] = [];
  for (let p = 0; p < P; p++) if (yCol[instance.pairFacility[p]!]! >= 0) links.push(p);
  const countRow = n + m;
  const linkRowOf = new Int32Array(P).fill(-1);
  links.forEach((p, k) => (linkRowOf[p] = countRow + groups + k));
  const numRows = countRow + groups + links.length;
  const entries: Array<Array<[number, number]>> = Array.from({ length: cols }, () => []);
  for (let i = 0; i < n; i++) {
    for (let p = instance.pairStart[i]!; p < instance.pairStart[i + 1]!; p++) {
      const f = instance.pairFacility[p]!;
      entries[p]!.push([i, 1], [n + f, instance.pairLoad[p]!]);
      if (linkRowOf[p]! >= 0) entries[p]!.push([linkRowOf[p]!, 1]);
    }
  }
  for (let f = 0; f < m; f++) if (yCol[f]! >= 0) entries[yCol[f]!]!.push([n + f, -instance.capacity[f]!], [countRow + instance.group[f]!, 1]);
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
  // Open facilities' capacity rows hold their capacity; those of a group hold it times y (in the matrix).
  for (let f = 0; f < m; f++) rowUpper[n + f] = instance.group[f] === ALWAYS_OPEN ? instance.capacity[f]! : 0;
  for (let g = 0; g < groups; g++) rowLower[countRow + g] = rowUpper[countRow + g] = instance.open[g]!;
  const colCost = new Float64Array(cols);
  colCost.set(instance.pairCost);
  for (let f = 0; f < m; f++) if (yCol[f]! >= 0) colCost[yCol[f]!] = instance.openCost?.[f] ?? 0;
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
  const { yCol, cols } = openColumns(instance);
  const values = new Float64Array(cols);
  for (let i = 0; i < instance.clients; i++) values[pairOf(instance, i, plan.assignment[i]!)] = 1;
  for (const f of plan.opened) values[yCol[f]!] = 1;
  return values;
}

function planOf(instance: FacilityInstance, colValue: Float64Array): FacilityPlan {
  const assignment = new Int32Array(instance.clients).fill(-1);
  for (let i = 0; i < instance.clients; i++) {
    let best = -1;
    for (let p = instance.pairStart[i]!; p < instance.pairStart[i + 1]!; p++) if (best < 0 || colValue[p]! > colValue[best]!) best = p;
    if (best >= 0) assignment[i] = instance.pairFacility[best]!;
  }
  const { yCol } = openColumns(instance);
  const opened: number[] = [];
  for (let f = 0; f < instance.facilities; f++) if (yCol[f]! >= 0 && colValue[yCol[f]!]! > 0.5) opened.push(f);
  return { opened: Int32Array.from(opened), assignment };
}
