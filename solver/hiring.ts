/**
 * Where to hire and whom to let go: choose the hires' home sites (and the reps to let go) together
 * with the territories. The choice is a capacitated facility location (location/facility.ts) over
 * the accounts of the roles concerned: each candidate site is a rep who may be hired (one group:
 * exactly the hires open), each rep of the role to let go one who may be closed (another group:
 * exactly those who stay open), the role's other reps are open; a pair's cost and load are the
 * territory model's own (travel, disruption, workload from the rep's home), and a site's cost is its
 * opening cost. Balance bands do not enter the choice (they depend on the headcount being chosen);
 * the territory solve that follows keeps them, and proves its own gap.
 *
 * The choice is a relaxation of the territory problem on those accounts (same eligibility, same
 * capacity loads, fewer constraints): when no choice fits, no plan exists with any choice.
 */
import type { AssignmentModel } from './assignment.ts';
import { compileProblem } from './compile.ts';
import { capacityReport } from './report.ts';
import type { CandidateSite } from './hiring-schema.ts';
import { ALWAYS_OPEN, solveFacilities, type FacilityInstance, type FacilitySolution } from './location/facility.ts';
import type { Problem, Rep } from './problem.ts';
import type { RunContext } from './run-context.ts';
import { hireAt, staffedProblem, type HireQuestion } from './staffed-problem.ts';
import { FAMILY } from './types.ts';

export { candidateSiteSchema, candidateSitesSchema, type CandidateSite } from './hiring-schema.ts';
export { hireAt, type HireQuestion } from './staffed-problem.ts';

/** What to choose: hires among sites, reps of a role to let go, or both. */
export interface StaffingQuestion {
  readonly hire?: HireQuestion & { readonly sites: readonly CandidateSite[] };
  readonly retire?: { readonly role: string; readonly count: number };
}

export type LocationFacts = Pick<FacilitySolution, 'status' | 'objective' | 'bound' | 'gap' | 'strategy'>;

export interface StaffingChoice {
  /** The location problem's answer: its status, cost (pair costs and site costs), proven bound and gap. */
  readonly location: LocationFacts;
  /** The chosen sites, in the order of the question's; empty without a plan. */
  readonly sites: readonly CandidateSite[];
  /** The reps let go, in the order of the problem's; empty without a plan. */
  readonly retired: readonly Rep[];
  /** The problem with the hires and without the reps let go (staffed-problem.ts); null without a plan. */
  readonly problem: Problem | null;
}

export interface SiteChoice {
  /** The chosen sites, in the order of `sites`. */
  readonly sites: readonly CandidateSite[];
  /** The problem with a rep for each chosen site (id `hire-<site id>`). */
  readonly problem: Problem;
  readonly location: LocationFacts;
}

/**
 * How many reps of `role` the capacity report says to hire (`count: "auto"`) once `retiring` of its
 * reps are gone: the headcount needed at the target utilisation less the reps who stay, rounded up,
 * with every account at its least-workload rep (the estimate the report gives without a plan); 0
 * when the role has a surplus.
 */
export function hiresNeeded(problem: Problem, role: string, retiring = 0): number {
  const report = capacityReport(compileProblem(problem), null);
  const row = report.roles.find((r) => r.role === role);
  return row ? Math.max(0, Math.ceil(row.headcountNeeded - (row.reps - retiring) - 1e-9)) : 0;
}

/** Chooses `question.count` of `sites` within `run`; null when no choice lets the role's accounts fit. */
export async function chooseSites(problem: Problem, sites: readonly CandidateSite[], question: HireQuestion, run: RunContext): Promise<SiteChoice | null> {
  const choice = await chooseStaff(problem, { hire: { ...question, sites } }, run);
  return choice.problem ? { sites: choice.sites, problem: choice.problem, location: choice.location } : null;
}

/** Chooses the hires' sites and the reps to let go within `run`. */
export async function chooseStaff(problem: Problem, question: StaffingQuestion, run: RunContext): Promise<StaffingChoice> {
  const { hire, retire } = question;
  const sites = hire?.sites ?? [];
  const first = problem.reps.length;
  const withAll = { ...problem, reps: [...problem.reps, ...(hire ? sites.map((site) => hireAt(site, hire)) : [])] };
  // Groups of facilities: the sites (exactly the hires open), then the reps who may be let go (exactly those who stay open).
  const hireGroup = hire ? 0 : ALWAYS_OPEN;
  const retireGroup = retire ? (hire ? 1 : 0) : ALWAYS_OPEN;
  const roles = new Set([hire?.role, retire?.role].filter((r) => r !== undefined));
  const facilities: number[] = [];
  const group: number[] = [];
  withAll.reps.forEach((rep, j) => {
    if (j >= first) group.push(hireGroup);
    else if (roles.has(rep.role)) group.push(rep.role === retire?.role ? retireGroup : ALWAYS_OPEN);
    else return;
    facilities.push(j);
  });
  const open: number[] = [];
  if (hire) open.push(hire.count);
  if (retire) open.push(group.filter((g) => g === retireGroup).length - retire.count);
  const instance = locationInstance(compileProblem(withAll).model, withAll.reps.length, facilities, group, open, (j) => (j >= first ? (sites[j - first]!.cost ?? 0) : 0));
  const out = await solveFacilities(instance, run, 1e-4);
  const location = { status: out.status, objective: out.objective, bound: out.bound, gap: out.gap, strategy: out.strategy };
  if (!out.plan) return { location, sites: [], retired: [], problem: null };
  const opened = new Set(Array.from(out.plan.opened, (f) => facilities[f]!));
  const closable = new Set(facilities.filter((_, f) => retire && group[f] === retireGroup));
  const picked = sites.filter((_, s) => opened.has(first + s));
  const retired = problem.reps.filter((_, j) => closable.has(j) && !opened.has(j));
  return {
    location,
    sites: picked,
    retired,
    problem: staffedProblem(problem, picked.map((site) => hireAt(site, hire!)), new Set(retired.map((r) => r.id))),
  };
}

/**
 * The facility location over the accounts of the facilities' roles: those every eligible rep of
 * which is a facility (the others do not weigh on them), with the model's pair costs and capacity
 * loads, and facility f the model's rep `facilities[f]`.
 */
function locationInstance(model: AssignmentModel, reps: number, facilities: readonly number[], group: readonly number[], open: readonly number[], openCost: (rep: number) => number): FacilityInstance {
  const facilityOf = new Int32Array(reps).fill(-1);
  facilities.forEach((j, f) => (facilityOf[j] = f));
  const capacityLoad = model.capacities.find((f) => f.name === FAMILY.capacity)!;
  const clients: number[] = [];
  for (let i = 0; i < model.items; i++) {
    let mine = model.pairStart[i + 1]! > model.pairStart[i]!;
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) if (facilityOf[model.pairAgent[p]!]! < 0) mine = false;
    if (mine) clients.push(i);
  }
  const pairStart = new Int32Array(clients.length + 1);
  const facility: number[] = [];
  const cost: number[] = [];
  const load: number[] = [];
  clients.forEach((i, c) => {
    pairStart[c] = facility.length;
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) {
      facility.push(facilityOf[model.pairAgent[p]!]!);
      cost.push(model.pairCost[p]!);
      load.push(capacityLoad.load[p]!);
    }
  });
  pairStart[clients.length] = facility.length;
  return {
    clients: clients.length,
    facilities: facilities.length,
    group: Int32Array.from(group),
    open,
    openCost: Float64Array.from(facilities, openCost),
    capacity: Float64Array.from(facilities, (j) => capacityLoad.limit[j]!),
    pairStart,
    pairFacility: Int32Array.from(facility),
    pairCost: Float64Array.from(cost),
    pairLoad: Float64Array.from(load),
  };
}
