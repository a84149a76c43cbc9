/**
 * One HiGHS run on a MIP (or its LP relaxation) given as CSC typed arrays: a fresh instance, the
 * run's time limit and seed, an optional starting point, progress from HiGHS's callbacks, and the
 * caller's stop request and interrupt honoured in every callback. The territory backend
 * (highs.ts) and the location models (location/) lay out their own columns and read the answer.
 */
import type { SolveProgress } from '../assignment.ts';
import { relativeGap } from '../assignment.ts';
import { NS_PER_LP_ITERATION_ROOT_NONZERO, NS_PER_MIP_ITERATION_ROOT_NONZERO, NS_PER_NONZERO_LOADED } from '../heuristics/work-cost.ts';
import type { RunContext } from '../run-context.ts';

/** A MIP in the layout HiGHS loads fastest. */
export interface CscProblem {
  readonly numCols: number;
  readonly numRows: number;
  readonly colCost: Float64Array;
  readonly colLower: Float64Array;
  readonly colUpper: Float64Array;
  readonly rowLower: Float64Array;
  readonly rowUpper: Float64Array;
  /** 1 for an integer column; ignored when relaxed. */
  readonly integrality: Int32Array;
  readonly starts: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

export interface HighsRunOptions {
  readonly mipGap: number;
  readonly relax?: boolean;
  /** A full column vector handed to HiGHS as its first incumbent (MIP only). */
  readonly start?: Float64Array | null;
  /** HiGHS's own progress (incumbent and bound, seconds since this run started). */
  readonly onProgress?: (progress: SolveProgress) => void;
  /** Polled after the caller's stop request; returning true stops HiGHS with its incumbent. */
  readonly interrupt?: () => boolean;
}

/** How a run ended, before the caller reads it as its own status. */
export type HighsEnd = 'optimal' | 'infeasible' | 'time-limit' | 'interrupted' | 'deadline' | 'limit' | 'error';

export interface HighsRun {
  readonly end: HighsEnd;
  readonly seconds: number;
  readonly colValue: Float64Array | null;
  readonly objective: number | null;
  /** The MIP's dual bound, or the LP's optimum when it is optimal; null otherwise. */
  readonly bound: number | null;
  /** Row duals of an LP whose dual solution is feasible. */
  readonly rowDual: Float64Array | null;
  readonly message?: string;
}

export async function runHighs(problem: CscProblem, run: RunContext, options: HighsRunOptions): Promise<HighsRun> {
  const { budget } = run;
  // Reports say what a person waited; the stops below read the run's clock (counted work or wall).
  const seconds = () => budget.wallElapsedMs() / 1000;
  const failed = (message: string): HighsRun => ({ end: 'error', seconds: seconds(), colValue: null, objective: null, bound: null, rowDual: null, message });
  let highs;
  try {
    highs = await run.highs();
  } catch (err) {
    return failed(`could not start HiGHS: ${(err as Error).message}`);
  }
  const relax = options.relax === true;
  let hmodel;
  try {
    hmodel = highs.createModel({
      numCols: problem.numCols,
      numRows: problem.numRows,
      colCost: problem.colCost,
      colLower: problem.colLower,
      colUpper: problem.colUpper,
      rowLower: problem.rowLower,
      rowUpper: problem.rowUpper,
      matrix: { format: 'csc', numRows: problem.numRows, numCols: problem.numCols, starts: problem.starts, indices: problem.indices, values: problem.values },
      ...(relax ? {} : { integrality: problem.integrality }),
    });
  } catch (err) {
    return failed(`HiGHS rejected the model: ${(err as Error).message}`);
  }
  try {
    // On counted work HiGHS's own time limit is the wall-clock safety net (none when the run has
    // none); the work budget stops it through the callbacks below.
    const wallLeftMs = budget.wallRemainingMs();
    hmodel.options.set({
      output_flag: false,
      ...(Number.isFinite(wallLeftMs) ? { time_limit: Math.max(0.01, wallLeftMs / 1000) } : {}),
      mip_rel_gap: options.mipGap,
      random_seed: run.seed,
    });
    if (!relax && options.start) hmodel.setSolution({ colValue: options.start });
    const { constants } = highs;
    const report = (phase: string, incumbent: number | null, bound: number | null) =>
      options.onProgress?.({ phase, seconds: seconds(), incumbent, bound, gap: relativeGap(incumbent, bound) });
    const finite = (v: number | undefined) => (v === undefined || !Number.isFinite(v) || Math.abs(v) >= highs.infinity ? null : v);
    let lastReport = 0;
    // HiGHS checks its own time_limit only between phases; the interrupt callbacks let us hold the
    // deadline too (on the wall clock with a little slack, so HiGHS's own, cleaner stop wins when it
    // can; on counted work exactly, as nothing else ends the search there).
    const deadlineMs = budget.limitMs + (budget.clock.counted ? 0 : 500);
    let pastDeadline = false;
    const stop = () => {
      if (budget.elapsedMs() > deadlineMs || (budget.clock.counted && budget.wallRemainingMs() <= 0)) pastDeadline = true;
      return pastDeadline || budget.stopRequested() || options.interrupt?.() === true;
    };
    // HiGHS's work, counted from its own counters (deterministic: the same model and options run
    // the same iterations on any machine). A MIP counts the LP iterations of its branch-and-cut; an
    // LP, its simplex iterations (the simplex callbacks inside a MIP are part of the MIP's count).
    const rootNonzeros = Math.sqrt(Math.max(1, problem.values.length));
    budget.clock.spend(problem.values.length * NS_PER_NONZERO_LOADED);
    let lpIterations = 0;
    const countMip = (data: { mip_total_lp_iterations?: bigint }) => {
      const iterations = Number(data.mip_total_lp_iterations ?? 0n);
      if (iterations <= lpIterations) return;
      budget.clock.spend((iterations - lpIterations) * NS_PER_MIP_ITERATION_ROOT_NONZERO * rootNonzeros);
      lpIterations = iterations;
    };
    const countSimplex = (data: { simplex_iteration_count?: number }) => {
      const iterations = Number(data.simplex_iteration_count ?? 0);
      if (!relax || iterations <= lpIterations) return;
      budget.clock.spend((iterations - lpIterations) * NS_PER_LP_ITERATION_ROOT_NONZERO * rootNonzeros);
      lpIterations = iterations;
    };
    const ran = hmodel.run({
      [constants.callbackType.mipImprovingSolution](event) {
        countMip(event.data);
        report('mip', finite(event.data.objective_function_value ?? event.data.mip_primal_bound), finite(event.data.mip_dual_bound));
      },
      [constants.callbackType.mipInterrupt](event) {
        countMip(event.data);
        const now = seconds();
        if (now - lastReport > 1) {
          lastReport = now;
          report('mip', finite(event.data.mip_primal_bound), finite(event.data.mip_dual_bound));
        }
        if (stop()) event.interrupt();
      },
      [constants.callbackType.simplexInterrupt](event) {
        countSimplex(event.data);
        if (stop()) event.interrupt();
      },
      [constants.callbackType.ipmInterrupt](event) {
        if (stop()) event.interrupt();
      },
    });
    const status = ran.modelStatus;
    const ms = constants.modelStatus;
    const hasSolution = Number(hmodel.info.get('primal_solution_status')) === constants.solutionStatus.feasible;
    const colValue = hasSolution ? Float64Array.from(hmodel.getSolution().colValue) : null;
    const objective = hasSolution ? hmodel.getObjectiveValue() : null;
    const rawBound = relax ? objective : finite(Number(hmodel.info.get('mip_dual_bound')));
    // A time-limited or interrupted LP proves nothing.
    const bound = relax && status !== ms.optimal ? null : rawBound;
    const dualsKnown = relax && Number(hmodel.info.get('dual_solution_status')) === constants.solutionStatus.feasible;
    const rowDual = dualsKnown ? Float64Array.from(hmodel.getSolution().rowDual) : null;
    const answer = (end: HighsEnd, message?: string): HighsRun => ({ end, seconds: seconds(), colValue, objective, bound, rowDual, ...(message ? { message } : {}) });
    switch (status) {
      case ms.optimal:
        return answer('optimal');
      case ms.infeasible:
      case ms.unboundedOrInfeasible:
        return { ...answer('infeasible'), colValue: null, objective: null, bound: null };
      case ms.timeLimit:
        // On counted work, HiGHS's time limit is the safety net: the answer says it decided.
        if (budget.clock.counted) budget.clock.noteWallStop();
        return answer('time-limit');
      case ms.interrupted:
        if (pastDeadline && budget.clock.counted && budget.wallRemainingMs() <= 0) budget.clock.noteWallStop();
        return answer(pastDeadline ? 'deadline' : 'interrupted');
      case ms.solutionLimit:
      case ms.objectiveBound:
      case ms.objectiveTarget:
      case ms.iterationLimit:
        return answer('limit', 'HiGHS stopped at a solution, objective or iteration limit');
      default:
        return failed(`HiGHS ended with model status ${status}`);
    }
  } catch (err) {
    return failed(`HiGHS failed: ${(err as Error).message}`);
  } finally {
    hmodel.dispose();
  }
}
