/**
 * HiGHS (WebAssembly) backend: loads an AssignmentModel as CSC typed arrays (no LP text), solves the
 * MIP or its LP relaxation, and maps HiGHS's statuses onto our SolveStatus union.
 *
 * A HiGHS instance that aborts (out of its 2 GiB heap) is dead, so every solve gets a fresh
 * instance from `factory`; the caller compiles the WebAssembly.Module once and the factory only
 * instantiates it (~20-80 ms).
 */
import loadHighs from 'highs';
import type { Highs } from 'highs';
import {
  OPTIMAL_GAP,
  relativeGap,
  type AssignmentModel,
  type AssignmentSolution,
  type SolveProgress,
} from '../assignment.ts';
import type { RunContext } from '../run-context.ts';
import { buildCsc, type MipColumns } from './csc.ts';

/** Creates a fresh HiGHS instance. Pass one built on a precompiled module for speed. */
export type HighsFactory = () => Promise<Highs>;

/** Instantiates HiGHS from the package's own wasm file (compiles it each time: slower). */
export const defaultHighsFactory: HighsFactory = () => loadHighs();

/** How to solve, beyond the run's budget, seed and factory. */
export interface HighsSolveOptions {
  readonly mipGap: number;
  /** Solve the LP relaxation instead of the MIP. */
  readonly relax?: boolean;
  /** A starting assignment (agent per item) handed to HiGHS as its first incumbent. */
  readonly initial?: Int32Array | null;
  /** HiGHS's own progress (incumbent and bound, seconds since this solve started), when asked for. */
  readonly onProgress?: (progress: SolveProgress) => void;
  /** Polled after the caller's stop request; returning true stops HiGHS with its incumbent. */
  readonly interrupt?: () => boolean;
}

/** Result of a relaxed solve: the LP optimum is a lower bound, `x` the fractional pair values. */
export interface RelaxationSolution extends AssignmentSolution {
  readonly x: Float64Array | null;
  /** LP only: the row duals and a pricer that turns any duals into a bound for a larger model. */
  readonly duals?: { readonly rowDual: Float64Array; readonly columns: MipColumns };
}

/**
 * Solves `model` (or its LP relaxation) within `run.budget`, which the caller starts for this solve:
 * HiGHS gets the time it has left, and the caller's stop request (or `interrupt`) stops it.
 */
export async function solveWithHighs(
  model: AssignmentModel,
  run: RunContext,
  options: HighsSolveOptions,
): Promise<RelaxationSolution> {
  const { budget } = run;
  const seconds = () => budget.elapsedMs() / 1000;
  const columns = buildCsc(model);
  let highs: Highs;
  try {
    highs = await run.highs();
  } catch (err) {
    return failure(`could not start HiGHS: ${(err as Error).message}`, seconds());
  }
  const relax = options.relax === true;
  let hmodel;
  try {
    hmodel = highs.createModel({
      numCols: columns.numCols,
      numRows: columns.numRows,
      colCost: columns.colCost,
      colLower: columns.colLower,
      colUpper: columns.colUpper,
      rowLower: columns.rowLower,
      rowUpper: columns.rowUpper,
      matrix: {
        format: 'csc',
        numRows: columns.numRows,
        numCols: columns.numCols,
        starts: columns.starts,
        indices: columns.indices,
        values: columns.values,
      },
      ...(relax ? {} : { integrality: columns.integrality }),
    });
  } catch (err) {
    return failure(`HiGHS rejected the model: ${(err as Error).message}`, seconds());
  }
  try {
    hmodel.options.set({
      output_flag: false,
      time_limit: Math.max(0.01, budget.remainingMs() / 1000),
      mip_rel_gap: options.mipGap,
      random_seed: run.seed,
    });
    if (!relax && options.initial) {
      hmodel.setSolution({ colValue: startingValues(model, columns, options.initial) });
    }
    const { constants } = highs;
    const report = (phase: string, incumbent: number | null, bound: number | null) =>
      options.onProgress?.({ phase, seconds: seconds(), incumbent, bound, gap: relativeGap(incumbent, bound) });
    const finite = (v: number | undefined) => (v === undefined || !Number.isFinite(v) || Math.abs(v) >= highs.infinity ? null : v);
    let lastReport = 0;
    // HiGHS checks its own time_limit only between phases; the interrupt callbacks let us hold the
    // deadline too (plus a little slack so HiGHS's own, cleaner stop wins when it can).
    const deadlineMs = budget.limitMs + 500;
    let pastDeadline = false;
    const stop = () => {
      if (budget.elapsedMs() > deadlineMs) pastDeadline = true;
      return pastDeadline || budget.stopRequested() || options.interrupt?.() === true;
    };
    const ran = hmodel.run({
      [constants.callbackType.mipImprovingSolution](event) {
        report('mip', finite(event.data.objective_function_value ?? event.data.mip_primal_bound), finite(event.data.mip_dual_bound));
      },
      [constants.callbackType.mipInterrupt](event) {
        const now = seconds();
        if (now - lastReport > 1) {
          lastReport = now;
          report('mip', finite(event.data.mip_primal_bound), finite(event.data.mip_dual_bound));
        }
        if (stop()) event.interrupt();
      },
      [constants.callbackType.simplexInterrupt](event) {
        if (stop()) event.interrupt();
      },
      [constants.callbackType.ipmInterrupt](event) {
        if (stop()) event.interrupt();
      },
    });
    const status = ran.modelStatus;
    const ms = constants.modelStatus;
    const hasSolution = Number(hmodel.info.get('primal_solution_status')) === constants.solutionStatus.feasible;
    const colValue = hasSolution ? hmodel.getSolution().colValue : null;
    const objective = hasSolution ? hmodel.getObjectiveValue() : null;
    const rawBound = relax ? objective : finite(Number(hmodel.info.get('mip_dual_bound')));
    // A time-limited or interrupted LP proves nothing.
    const bound = relax && status !== ms.optimal ? null : rawBound;
    const x = colValue ? colValue.subarray(0, columns.pairs) : null;
    const assignment = !relax && x ? roundAssignment(model, x) : null;
    const gap = relativeGap(objective, bound);
    const dualsKnown = relax && Number(hmodel.info.get('dual_solution_status')) === constants.solutionStatus.feasible;
    const base = {
      seconds: seconds(),
      x: x ? Float64Array.from(x) : null,
      ...(dualsKnown ? { duals: { rowDual: Float64Array.from(hmodel.getSolution().rowDual), columns } } : {}),
    };
    switch (status) {
      case ms.optimal:
        return { ...base, status: gap !== null && gap <= OPTIMAL_GAP ? 'optimal' : 'feasible', assignment, objective, bound };
      case ms.infeasible:
      case ms.unboundedOrInfeasible:
        return { ...base, status: 'infeasible', assignment: null, objective: null, bound: null };
      case ms.timeLimit:
        return { ...base, status: 'timedout', assignment, objective, bound };
      case ms.interrupted:
        if (pastDeadline) return { ...base, status: 'timedout', assignment, objective, bound };
        // Our caller's interrupt: the caller knows why (its own time budget, a cancel), and says so.
        return { ...base, status: hasSolution ? 'feasible' : 'timedout', assignment, objective, bound, message: 'interrupted' };
      case ms.solutionLimit:
      case ms.objectiveBound:
      case ms.objectiveTarget:
      case ms.iterationLimit:
        return { ...base, status: hasSolution ? 'feasible' : 'timedout', assignment, objective, bound, message: 'HiGHS stopped at a solution, objective or iteration limit' };
      default:
        return { ...failure(`HiGHS ended with model status ${status}`, seconds()), x: null };
    }
  } catch (err) {
    return failure(`HiGHS failed: ${(err as Error).message}`, seconds());
  } finally {
    hmodel.dispose();
  }
}

function failure(message: string, seconds: number): RelaxationSolution {
  return { status: 'error', assignment: null, objective: null, bound: null, seconds, message, x: null };
}

/** Agent of each item from integral pair values (the largest value wins, for safety). */
function roundAssignment(model: AssignmentModel, x: Float64Array): Int32Array {
  const assignment = new Int32Array(model.items).fill(-1);
  for (let i = 0; i < model.items; i++) {
    let best = -1;
    let bestValue = -Infinity;
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) {
      if (x[p]! > bestValue) {
        bestValue = x[p]!;
        best = p;
      }
    }
    if (best >= 0) assignment[i] = model.pairAgent[best]!;
  }
  return assignment;
}

/** Full column vector for a starting assignment: pair values, group means and band slacks. */
function startingValues(model: AssignmentModel, columns: MipColumns, assignment: Int32Array): Float64Array {
  const values = new Float64Array(columns.numCols);
  for (let i = 0; i < model.items; i++) {
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) {
      if (model.pairAgent[p] === assignment[i]) values[p] = 1;
    }
  }
  columns.completeAuxiliary(values);
  return values;
}
