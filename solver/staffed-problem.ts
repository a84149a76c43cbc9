/**
 * The territory problem once the team is chosen: the hires added as reps (`hire-<site id>`), the
 * reps let go removed, and the hiring fields dropped, so that the solve that follows (and anyone who
 * checks or exports its plan) sees exactly the team the plan is for.
 */
import type { CandidateSite } from './hiring-schema.ts';
import type { Problem, Rep } from './problem.ts';

export interface HireQuestion {
  readonly role: string;
  readonly count: number;
  /** Hours per year of each hire. */
  readonly capacity: number;
  readonly skills?: readonly string[];
}

/** The rep a site would be as a hire of `question` (its count aside: a hire question, or the problem's `hire`). */
export function hireAt(site: CandidateSite, question: Omit<HireQuestion, 'count'> & { readonly count?: number | 'auto' }): Rep {
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

/**
 * `problem` with `hires` as reps and without the reps in `retired`. Exclusions of a rep let go are
 * dropped; accounts keep a `currentRepId` naming one (they count as unassigned today, so moving
 * them costs no disruption: they must move). A distance matrix loses the rows of the reps let go
 * (hires come with coordinates only: validate-hiring.ts).
 */
export function staffedProblem(problem: Problem, hires: readonly Rep[], retired: ReadonlySet<string>): Problem {
  const { candidateSites: _sites, hire: _hire, retire: _retire, ...rest } = problem;
  const keep = problem.reps.map((r) => !retired.has(r.id));
  const matrix = problem.travel.distanceKm;
  return {
    ...rest,
    reps: [...problem.reps.filter((_, j) => keep[j]), ...hires],
    accounts: retired.size === 0 ? problem.accounts : problem.accounts.map((a) => (a.excludedRepIds?.some((id) => retired.has(id)) ? { ...a, excludedRepIds: a.excludedRepIds.filter((id) => !retired.has(id)) } : a)),
    travel: matrix && retired.size > 0 ? { ...problem.travel, distanceKm: matrix.filter((_, j) => keep[j]) } : problem.travel,
  };
}

/** What a result's hiring section says about the team, enough to rebuild it from the problem. */
export interface TeamChange {
  readonly sites: ReadonlyArray<Pick<CandidateSite, 'id' | 'name' | 'lat' | 'lon'>>;
  readonly retired: ReadonlyArray<{ readonly repId: string }>;
}

/**
 * The problem a result's plan is for: the problem as given when its result has no hiring section,
 * else the team that section names (for checking the plan, and for exports that list its reps).
 */
export function solvedProblem(problem: Problem, hiring: TeamChange | undefined): Problem {
  if (!hiring) return problem;
  const hires = problem.hire ? hiring.sites.map((site) => hireAt(site, problem.hire!)) : [];
  return staffedProblem(problem, hires, new Set(hiring.retired.map((r) => r.repId)));
}

/**
 * Today's team and a result's hires: what exports that set today against the plan (the workbook,
 * the CRM export) read, so a rep let go keeps its row of today and its name as previous owner, beside
 * the new reps.
 */
export function withHires(problem: Problem, hiring: TeamChange | undefined): Problem {
  const hires = problem.hire && hiring ? hiring.sites.map((site) => hireAt(site, problem.hire!)) : [];
  return hires.length === 0 ? problem : { ...problem, reps: [...problem.reps, ...hires] };
}
