/**
 * solveCpmp's path for instances too large for the strong formulation (n^2 pairs: 9 million at
 * n = 3038, beyond what HiGHS can load and solve in minutes): neighbour lists, a quick plan from
 * spread medians, the Lagrangian bound on the neighbour pairs aimed at it (the proof, and medians
 * to start from), then the large heuristic's iterated local search from the quick plan and the
 * Lagrangian medians for the rest of the budget. Every plan is checked against the rules before it
 * counts; the bound is a proof for the whole problem (cpmp-lagrangian-sparse.ts says why).
 */
import { OPTIMAL_GAP, relativeGap } from '../assignment.ts';
import { roundUp } from '../engine-outcome.ts';
import { createRng } from '../heuristics/prng.ts';
import type { RunContext } from '../run-context.ts';
import { checkCpmp, sumDistances, type CpmpInstance, type CpmpPlan } from './cpmp.ts';
import { cpmpLarge } from './cpmp-large.ts';
import { sparseLagrangian } from './cpmp-lagrangian-sparse.ts';
import { listRadius, neighbours } from './cpmp-neighbours.ts';
import type { CpmpOptions, CpmpSolution } from './solve-cpmp.ts';

/** Nearest points per list, at least: a point's median is almost always among its 40 nearest on the public sets. */
export const NEIGHBOURS = 40;
/** Lists of at least this many times the points per median: a list must reach beyond a point's own cluster. */
const CLUSTERS_PER_LIST = 8;
/** At most this many list entries in all (memory: 12 bytes each, twice). */
const MAX_ENTRIES = 20_000_000;

/** The list length for `instance`: NEIGHBOURS, more when clusters are big, within MAX_ENTRIES. */
export function listLength(instance: CpmpInstance): number {
  const n = instance.points;
  const wanted = Math.max(NEIGHBOURS, CLUSTERS_PER_LIST * Math.ceil(n / Math.max(1, instance.medians)));
  return Math.max(1, Math.min(n - 1, wanted, Math.floor(MAX_ENTRIES / Math.max(1, n))));
}
/** Share of the budget for the quick plan (it ends on its own long before, on large instances). */
const QUICK_SHARE = 0.1;
/** Share of the budget left the Lagrangian bound may take (it usually converges in a fraction). */
const LAGRANGIAN_SHARE = 0.25;

/** The large path of solveCpmp (the same answer shape; the bound is the sparse Lagrangian's). */
export function solveCpmpLarge(instance: CpmpInstance, run: RunContext, options: CpmpOptions): CpmpSolution {
  const { budget } = run;
  const seconds = () => budget.wallElapsedMs() / 1000;
  const steps: string[] = [];
  const nb = neighbours(instance, listLength(instance), budget);
  steps.push(`neighbours(${nb.k})`);
  const rng = createRng(run.seed);
  let best: { plan: CpmpPlan; objective: number } | null = null;
  const offer = (plan: CpmpPlan | null) => {
    if (!plan || checkCpmp(instance, plan).length > 0) return;
    const objective = sumDistances(instance, plan.assignment);
    if (best === null || objective < best.objective) best = { plan, objective };
  };
  const quick = cpmpLarge(instance, nb, budget.share(QUICK_SHARE), rng, { iterate: false });
  offer(quick);
  if (quick) steps.push('seeded');
  // Without a plan, aim the steps at every point served at its list's radius (a rough cost).
  let aim = quick ? sumDistances(instance, quick.assignment) : 0;
  if (!quick) for (let i = 0; i < instance.points; i++) aim += Math.min(listRadius(nb, i), 1e12);
  const lagrangian = sparseLagrangian(instance, nb, aim, budget.share(LAGRANGIAN_SHARE));
  if (lagrangian) steps.push(`lagrangian(${lagrangian.iterations} it)`);
  const proven = lagrangian ? (options.integral ? roundUp(lagrangian.bound)! : lagrangian.bound) : null;
  const found = () => best as { plan: CpmpPlan; objective: number } | null;
  if (!(proven !== null && found() !== null && proven >= found()!.objective - 1e-9)) {
    offer(cpmpLarge(instance, nb, budget, rng, { starts: lagrangian ? [lagrangian.medians] : [], plans: quick ? [quick] : [] }));
    steps.push('ils');
  }
  const incumbent = found();
  const bound = proven === null ? null : incumbent ? Math.min(proven, incumbent.objective) : proven;
  const gap = relativeGap(incumbent?.objective ?? null, bound);
  const status = gap !== null && gap <= OPTIMAL_GAP ? 'optimal' : budget.check() ? 'timedout' : incumbent ? 'feasible' : 'timedout';
  const message = incumbent ? undefined : 'no plan found: no start could be allocated within the capacities';
  return { status, plan: incumbent?.plan ?? null, objective: incumbent?.objective ?? null, bound, gap, seconds: seconds(), strategy: steps.join('+'), ...(message ? { message } : {}) };
}
