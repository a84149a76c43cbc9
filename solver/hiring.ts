/**
 * Where to hire: given candidate home sites and a hiring question (how many reps of which role, with
 * what capacity and skills), choose the sites and the territories together, then solve the territory
 * problem with the chosen hires. The choice is a capacitated facility location over the role's
 * accounts (location/facility.ts): the role's reps are open, each candidate site is a rep who may be
 * hired, and a pair's cost and load are the territory model's own (travel, disruption, workload from
 * the site). Balance bands do not enter the choice (they depend on the headcount being chosen); the
 * territory solve that follows keeps them, and proves its own gap.
 */
import { z } from 'zod';
import { compileProblem } from './compile.ts';
import { capacityReport } from './report.ts';
import { solveFacilities, type FacilityInstance, type FacilitySolution } from './location/facility.ts';
import type { Problem, Rep } from './problem.ts';
import type { RunContext } from './run-context.ts';
import { FAMILY } from './types.ts';

/** A place a rep could be hired to live (a candidate home base). */
export const candidateSiteSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().optional(),
  lat: z.number().finite().min(-90).max(90),
  lon: z.number().finite().min(-180).max(180),
});
export const candidateSitesSchema = z.array(candidateSiteSchema).min(1);
export type CandidateSite = z.output<typeof candidateSiteSchema>;

export interface HireQuestion {
  readonly role: string;
  readonly count: number;
  /** Hours per year of each hire. */
  readonly capacity: number;
  readonly skills?: readonly string[];
}

export interface SiteChoice {
  /** The chosen sites, in the order of `sites`. */
  readonly sites: readonly CandidateSite[];
  /** The problem with a rep for each chosen site (id `hire-<site id>`). */
  readonly problem: Problem;
  /** The location problem's answer: its status, cost (the role's pair costs), proven bound and gap. */
  readonly location: Pick<FacilitySolution, 'status' | 'objective' | 'bound' | 'gap' | 'strategy'>;
}

/**
 * How many reps of `role` the capacity report says to hire (`count: "auto"`): the deficit in FTE at
 * the target utilisation, rounded up, with every account at its least-workload rep (the estimate the
 * report gives without a plan); 0 when the role has a surplus.
 */
export function hiresNeeded(problem: Problem, role: string): number {
  const report = capacityReport(compileProblem(problem), null);
  const row = report.roles.find((r) => r.role === role);
  return row ? Math.max(0, Math.ceil(-row.surplusFte - 1e-9)) : 0;
}

/** The rep a site would be as a hire of `question`. */
export function hireAt(site: CandidateSite, question: HireQuestion): Rep {
  return {
    id: `hire-${site.id}`,
    name: `new ${question.role} rep (${site.name ?? site.id})`,
    lat: site.lat,
    lon: site.lon,
    role: question.role,
    capacity: question.capacity,
    ...(question.skills ? { skills: [...question.skills] } : {}),
  };
}

/** Chooses `question.count` of `sites` within `run`; null when no choice lets the role's accounts fit. */
export async function chooseSites(problem: Problem, sites: readonly CandidateSite[], question: HireQuestion, run: RunContext): Promise<SiteChoice | null> {
  const hires = sites.map((site) => hireAt(site, question));
  const withAll = { ...problem, reps: [...problem.reps, ...hires] };
  const compiled = compileProblem(withAll);
  const { model } = compiled;
  const roleOf = (j: number) => withAll.reps[j]!.role;
  const facilityOf = new Int32Array(withAll.reps.length).fill(-1);
  const facilities: number[] = [];
  withAll.reps.forEach((rep, j) => {
    if (rep.role !== question.role) return;
    facilityOf[j] = facilities.length;
    facilities.push(j);
  });
  const capacityLoad = model.capacities.find((f) => f.name === FAMILY.capacity)!;
  // The role's accounts: those every eligible rep of which is of the role (the others do not weigh on it).
  const clients: number[] = [];
  for (let i = 0; i < model.items; i++) {
    let mine = model.pairStart[i + 1]! > model.pairStart[i]!;
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) if (roleOf(model.pairAgent[p]!) !== question.role) mine = false;
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
  const first = problem.reps.length;
  const instance: FacilityInstance = {
    clients: clients.length,
    facilities: facilities.length,
    fixedOpen: Uint8Array.from(facilities, (j) => (j < first ? 1 : 0)),
    capacity: Float64Array.from(facilities, (j) => capacityLoad.limit[j]!),
    open: question.count,
    pairStart,
    pairFacility: Int32Array.from(facility),
    pairCost: Float64Array.from(cost),
    pairLoad: Float64Array.from(load),
  };
  const out = await solveFacilities(instance, run, 1e-4);
  if (!out.plan) return null;
  const chosen = new Set(Array.from(out.plan.opened, (f) => facilities[f]! - first));
  const picked = sites.filter((_, s) => chosen.has(s));
  return {
    sites: picked,
    problem: { ...problem, reps: [...problem.reps, ...picked.map((site) => hireAt(site, question))] },
    location: { status: out.status, objective: out.objective, bound: out.bound, gap: out.gap, strategy: out.strategy },
  };
}
