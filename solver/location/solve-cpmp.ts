/**
 * Solves a CPMP within `run`: the large path's search for a first plan (cpmp-large.ts, ended when
 * it stalls), the Lagrangian bound on the neighbour pairs, the LP of the strong formulation and the
 * location-allocation starts (cpmp-heuristic.ts), reduced-cost fixing, then HiGHS on the strong
 * formulation (cpmp-mip.ts) from the best plan, each plan checked against the rules (cpmp.ts)
 * before it counts. The bound is the best of HiGHS's, the LP's and the Lagrangian's, a bound on
 * the whole problem whenever every point may go to every median (the default); with `nearest` the
 * MIP keeps each point's nearest candidates only, and its bound is then no proof for the whole (the
 * answer says so). Above LARGE_POINTS points the model is
 * too big to build: solve-cpmp-large.ts (neighbour lists, the large heuristic, the sparse
 * Lagrangian bound) answers instead.
 */
import { OPTIMAL_GAP, relativeGap } from '../assignment.ts';
import { runHighs } from '../backends/highs-run.ts';
import { roundUp } from '../engine-outcome.ts';
import type { RunContext } from '../run-context.ts';
import type { SolveStatus } from '../types.ts';
import { checkCpmp, sumDistances, type CpmpInstance, type CpmpPlan } from './cpmp.ts';
import { cpmpHeuristic, planFromMedians, swapMedians } from './cpmp-heuristic.ts';
import { sparseLagrangian, type SparseLagrangian } from './cpmp-lagrangian-sparse.ts';
import { closedMedians } from './lagrangian-fixing.ts';
import { cpmpMip, mipPlan, mipStart, type CpmpMip } from './cpmp-mip.ts';
import { fixedAtZero, readDuals, type DualReading } from './reduced-cost-fixing.ts';
import { listLength, solveCpmpLarge } from './solve-cpmp-large.ts';
import { cpmpLarge } from './cpmp-large.ts';
import { neighbours } from './cpmp-neighbours.ts';
import { createRng } from '../heuristics/prng.ts';

/** Share of the time the LP for reduced-cost fixing may take. */
const LP_SHARE = 0.3;
/** Share of the time left the Lagrangian bound may take. */
const LAGRANGIAN_SHARE = 0.2;
/** Share of the time left the heuristics may take. */
const HEURISTIC_SHARE = 0.15;
/** Share of the time the large path's search may take as a start (it ends sooner, on STALL_ROUNDS). */
const LARGE_START_SHARE = 0.1;
/**
 * Rounds without a better plan after which that start ends: 300 find the optima of all pmedcap1
 * (100 miss 14's) in 0.6-3.3 s of counted work at n = 100.
 */
const STALL_ROUNDS = 300;

export interface CpmpOptions {
  readonly mipGap: number;
  /** Each point may go to its this many nearest points only (a heuristic restriction; default: all). */
  readonly nearest?: number;
  /** Skip the heuristic start (plain HiGHS on the same model, the benchmark's peer). */
  readonly plain?: boolean;
  /** Distances are integers (truncated): bounds round up. */
  readonly integral?: boolean;
  /** Take the large-instance path (solve-cpmp-large.ts) whatever the size; default: above LARGE_POINTS points. */
  readonly large?: boolean;
}

/**
 * Above this many points solveCpmp takes the large path: the strong formulation has n^2 pairs, and
 * beyond about 250,000 of them its LP alone takes longer than a solve is given (SJC4, n = 402, is
 * the largest public instance the exact path proves or nearly proves).
 */
export const LARGE_POINTS = 500;

export interface CpmpSolution {
  readonly status: SolveStatus;
  readonly plan: CpmpPlan | null;
  readonly objective: number | null;
  /** A proven lower bound on the whole problem, or null (none, or the MIP was restricted). */
  readonly bound: number | null;
  readonly gap: number | null;
  readonly seconds: number;
  readonly strategy: string;
  readonly message?: string;
}

export async function solveCpmp(instance: CpmpInstance, run: RunContext, options: CpmpOptions): Promise<CpmpSolution> {
  // (The peer and the nearest-candidates MIP stay on the MIP: they are what the benchmark compares.)
  if (!options.plain && options.nearest === undefined && (options.large ?? instance.points > LARGE_POINTS)) return solveCpmpLarge(instance, run, options);
  const seconds = () => run.budget.wallElapsedMs() / 1000;
  const steps: string[] = [];
  let best: { plan: CpmpPlan; objective: number } | null = null;
  const offer = (plan: CpmpPlan | null) => {
    if (!plan || checkCpmp(instance, plan).length > 0) return;
    const objective = sumDistances(instance, plan.assignment);
    if (best === null || objective < best.objective) best = { plan, objective };
  };
  const restricted = options.nearest !== undefined ? nearestOf(instance, options.nearest) : undefined;
  let mip = cpmpMip(instance, restricted);
  let lpBound: number | null = null;
  let lagrangianBound: number | null = null;
  let lagrangian: SparseLagrangian | null = null;
  if (!options.plain) {
    // The large path's search first (cpmp-large.ts): on the SJC sets it finds the best known plans
    // in about a second, where the location-allocation below ends percents above; HiGHS then starts
    // from it, and reduced-cost fixing leaves out more pairs for its lower cost.
    const nb = neighbours(instance, listLength(instance), run.budget);
    offer(cpmpLarge(instance, nb, run.budget.share(LARGE_START_SHARE), createRng(run.seed), { patience: STALL_ROUNDS }));
    if (best) steps.push('large-start');
    // The Lagrangian bound next, on the neighbour lists (a bound for the whole problem,
    // cpmp-lagrangian-sparse.ts): its iterations are cheap, so it is close in a few seconds, and
    // before the LP it does not depend on HiGHS finishing the LP in time; its medians are a start.
    const aim = (best as { plan: CpmpPlan; objective: number } | null)?.objective;
    if (aim !== undefined && !restricted) {
      lagrangian = sparseLagrangian(instance, nb, aim, run.budget.share(LAGRANGIAN_SHARE));
      if (lagrangian) {
        steps.push('lagrangian');
        lagrangianBound = lagrangian.bound;
        const polish = run.budget.share(HEURISTIC_SHARE);
        const fromPrices = planFromMedians(instance, lagrangian.medians, polish);
        if (fromPrices) offer(swapMedians(instance, fromPrices, polish));
      }
    }
    const early = provenOptimal(best, restricted ? null : lagrangianBound, options);
    if (early) return { ...early, seconds: seconds(), strategy: steps.join('+') };
    // The LP then: its open medians are a start too (the strong formulation's LP is tight), and
    // its duals leave out every pair that cannot be in a plan cheaper than the best one.
    const lp = await runHighs(mip, run.share(LP_SHARE), { mipGap: 0, relax: true });
    const search = run.budget.share(HEURISTIC_SHARE);
    if (lp.colValue) {
      const rounded = planFromMedians(instance, lpMedians(mip, lp.colValue, instance.medians), search);
      if (rounded) offer(swapMedians(instance, rounded, search));
    }
    const cooper = cpmpHeuristic(instance, search);
    if (cooper) offer(swapMedians(instance, cooper, search));
    if (best) steps.push(lp.colValue ? 'lp+heuristic' : 'heuristic');
    const incumbent = best as { plan: CpmpPlan; objective: number } | null;
    // (Not with `nearest`: the restricted LP's bound is no bound for the whole problem.)
    const proven = provenOptimal(incumbent, restricted ? null : bestOf(lp.bound, lagrangianBound), options);
    if (proven) return { ...proven, seconds: seconds(), strategy: steps.join('+') };
    // Pairs out by the LP's reduced costs, medians out by the Lagrangian bound (lagrangian-fixing.ts).
    const closed = incumbent && lagrangian ? closedMedians(lagrangian, instance.medians, incumbent.objective, incumbent.plan, options.integral === true) : null;
    const closedCount = closed ? closed.reduce((sum, v) => sum + v, 0) : 0;
    if (incumbent && (lp.rowDual || closedCount > 0)) {
      const reading = lp.rowDual ? readDuals(mip, lp.rowDual) : null;
      if (reading) lpBound = reading.bound;
      const keep = reading ? keptPairs(mip, reading, incumbent) : null;
      const everyPoint = Array.from({ length: instance.points }, (_, j) => j);
      const before = mip.pairMedian.length;
      mip = cpmpMip(instance, (i) => (keep ? keep[i]! : everyPoint).filter((j) => !closed?.[j]));
      // A closed median's self-pair stays in the model (every point has one): its y is held at 0.
      const X = mip.pairStart[instance.points]!;
      if (closed) for (let j = 0; j < instance.points; j++) if (closed[j]) mip.colUpper[X + j] = 0;
      steps.push(`fixing(${before - mip.pairMedian.length} of ${before} pairs, ${closedCount} medians)`);
    }
  }
  const incumbent = best as { plan: CpmpPlan; objective: number } | null;
  const start = incumbent ? mipStart(mip, incumbent.plan) : null;
  const out = await runHighs(mip, run, { mipGap: options.mipGap, ...(start ? { start } : {}) });
  steps.push(restricted ? `highs-mip(nearest ${options.nearest})` : 'highs-mip');
  if (out.colValue) offer(mipPlan(mip, out.colValue));
  const found = best as { plan: CpmpPlan; objective: number } | null;
  // The MIP over the kept pairs has the whole problem's optimum (the heuristic's plan is in it), so
  // its bound is one for the whole; the LP's holds too.
  const mipBound = bestOf(out.bound, lpBound, lagrangianBound);
  const rawBound = restricted || mipBound === null ? null : options.integral ? roundUp(mipBound) : mipBound;
  const bound = rawBound === null || found === null ? rawBound : Math.min(rawBound, found.objective);
  const gap = relativeGap(found?.objective ?? null, bound);
  const status: SolveStatus = out.end === 'infeasible' && !restricted ? 'infeasible'
    : out.end === 'error' ? (found ? 'feasible' : 'error')
    : gap !== null && gap <= OPTIMAL_GAP ? 'optimal'
    : out.end === 'time-limit' || out.end === 'deadline' ? 'timedout'
    : found ? 'feasible' : 'timedout';
  const message = restricted ? `each point may go to its ${options.nearest} nearest medians only: the bound holds for that restriction, not the whole problem` : out.message;
  return { status, plan: found?.plan ?? null, objective: found?.objective ?? null, bound, gap, seconds: seconds(), strategy: steps.join('+'), ...(message ? { message } : {}) };
}

/** The answer when `bound` meets the plan's cost: proven optimal without branching (else null). */
function provenOptimal(incumbent: { plan: CpmpPlan; objective: number } | null, bound: number | null, options: CpmpOptions): Omit<CpmpSolution, 'seconds' | 'strategy'> | null {
  if (!incumbent || bound === null || (options.integral ? roundUp(bound)! : bound) < incumbent.objective - 1e-9) return null;
  return { status: 'optimal', plan: incumbent.plan, objective: incumbent.objective, bound: incumbent.objective, gap: 0 };
}

/** The highest of the bounds known (null when none is). */
function bestOf(...bounds: ReadonlyArray<number | null>): number | null {
  const known = bounds.filter((b): b is number => b !== null);
  return known.length > 0 ? Math.max(...known) : null;
}

/** The p points whose median variable the LP opens most (ties to the lower index). */
function lpMedians(mip: CpmpMip, colValue: Float64Array, p: number): number[] {
  const n = mip.pairStart.length - 1;
  const X = mip.pairStart[n]!;
  return Array.from({ length: n }, (_, j) => j).sort((a, b) => colValue[X + b]! - colValue[X + a]! || a - b).slice(0, p);
}

/** Per point, the medians of the pairs reduced-cost fixing keeps, and the incumbent's. */
function keptPairs(mip: CpmpMip, reading: DualReading, incumbent: { plan: CpmpPlan; objective: number }): number[][] {
  const n = mip.pairStart.length - 1;
  return Array.from({ length: n }, (_, i) => {
    const mine: number[] = [];
    for (let p = mip.pairStart[i]!; p < mip.pairStart[i + 1]!; p++) {
      const j = mip.pairMedian[p]!;
      if (j === incumbent.plan.assignment[i] || !fixedAtZero(reading, p, incumbent.objective)) mine.push(j);
    }
    return mine;
  });
}

function nearestOf(instance: CpmpInstance, k: number): (i: number) => number[] {
  return (i) => Array.from({ length: instance.points }, (_, j) => j).sort((a, b) => instance.distance(i, a) - instance.distance(i, b) || a - b).slice(0, k);
}
