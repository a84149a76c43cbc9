/**
 * The result's hiring section (hiring-result.ts) from the choice and the territory result: the
 * sites with their new reps, the reps let go, the location's proof, and the change against today.
 * "Today" is the current alignment (currentRepId) measured with the territory formulas
 * (evaluate-alignment.ts), not a second solve without the hires: it costs nothing, needs no share of
 * the budget, and is what a sales leader compares a plan with.
 */
import { currentAlignment, evaluateAlignment } from './evaluate-alignment.ts';
import type { LocationFacts, StaffingChoice } from './hiring.ts';
import type { Problem } from './problem.ts';
import { assignableHours } from './rep-hours.ts';
import type { HiringResult, TerritoryResult } from './result.ts';

export interface HiringOutcome {
  readonly hired: number;
  /** The location choice; null when there was nothing to choose. */
  readonly location: LocationFacts | null;
  readonly choice: Pick<StaffingChoice, 'sites' | 'retired'>;
  readonly message?: string;
}

export function hiringSection(problem: Problem, outcome: HiringOutcome, result: TerritoryResult): HiringResult {
  const owned = new Map<string, number>();
  for (const t of result.territories) owned.set(t.repId, t.accounts);
  const today = new Map<string, number>();
  for (const a of problem.accounts) if (a.currentRepId !== undefined) today.set(a.currentRepId, (today.get(a.currentRepId) ?? 0) + 1);
  return {
    role: outcome.hired > 0 ? problem.hire!.role : null,
    requested: problem.hire?.count ?? null,
    hired: outcome.hired,
    sites: outcome.choice.sites.map((site) => ({
      id: site.id,
      ...(site.name !== undefined ? { name: site.name } : {}),
      lat: site.lat,
      lon: site.lon,
      repId: `hire-${site.id}`,
      cost: site.cost ?? 0,
      accounts: owned.get(`hire-${site.id}`) ?? 0,
    })),
    retired: outcome.choice.retired.map((rep) => ({ repId: rep.id, ...(rep.name !== undefined ? { repName: rep.name } : {}), role: rep.role, accountsToday: today.get(rep.id) ?? 0 })),
    location: outcome.location,
    change: changeAgainstToday(problem, result),
    ...(outcome.message !== undefined ? { message: outcome.message } : {}),
  };
}

type RoleFigures = NonNullable<HiringResult['change']['roles'][number]['plan']>;

function changeAgainstToday(problem: Problem, result: TerritoryResult): HiringResult['change'] {
  const now = evaluateAlignment(problem, currentAlignment(problem));
  const target = problem.capacityReport.targetUtilization;
  const hasPlan = result.objective !== null;
  const roles = [...new Set([...problem.reps.map((r) => r.role), ...result.capacity.roles.map((r) => r.role)])];
  return {
    baseline: 'current-alignment',
    unassignedToday: now.unassigned.length,
    travelKmToday: now.territories.reduce((s, t) => s + t.travelKm, 0),
    travelKmPlan: hasPlan ? result.territories.reduce((s, t) => s + t.travelKm, 0) : null,
    roles: roles.map((role) => {
      const reps = problem.reps.filter((r) => r.role === role);
      const workloads = now.territories.filter((t) => t.role === role).map((t) => t.workload.total);
      const demand = workloads.reduce((s, w) => s + w, 0);
      const hours = reps.reduce((s, r) => s + assignableHours(r), 0);
      const todayFigures: RoleFigures = {
        reps: reps.length,
        utilization: hours > 0 ? demand / hours : 0,
        workloadCv: cv(workloads),
        headcountNeeded: hours > 0 ? demand / ((hours / reps.length) * target) : 0,
      };
      const capacity = result.capacity.roles.find((r) => r.role === role);
      const balance = result.balance.find((b) => b.role === role);
      const plan: RoleFigures | null = !hasPlan ? null : {
        reps: capacity?.reps ?? 0,
        utilization: capacity?.utilization ?? 0,
        workloadCv: balance?.workload.cv ?? 0,
        headcountNeeded: capacity?.headcountNeeded ?? 0,
      };
      return { role, today: todayFigures, plan };
    }),
  };
}

/** Standard deviation over mean, as balance[].workload.cv computes it (0 without workload). */
function cv(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
  return mean > 0 ? sd / mean : 0;
}
