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
import { runHighs } from './highs-run.ts';
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
  const columns = buildCsc(model);
  const relax = options.relax === true;
  const out = await runHighs(columns, run, {
    mipGap: options.mipGap,
    relax,
    ...(!relax && options.initial ? { start: startingValues(model, columns, options.initial) } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.interrupt ? { interrupt: options.interrupt } : {}),
  });
  if (out.end === 'error') return failure(out.message ?? 'HiGHS failed', out.seconds);
  const { objective, bound } = out;
  const x = out.colValue ? out.colValue.subarray(0, columns.pairs) : null;
  const assignment = !relax && x ? roundAssignment(model, x) : null;
  const gap = relativeGap(objective, bound);
  const hasSolution = out.colValue !== null;
  const base = {
    seconds: out.seconds,
    x: x ? Float64Array.from(x) : null,
    ...(out.rowDual ? { duals: { rowDual: out.rowDual, columns } } : {}),
  };
  switch (out.end) {
    case 'optimal':
      return { ...base, status: gap !== null && gap <= OPTIMAL_GAP ? 'optimal' : 'feasible', assignment, objective, bound };
    case 'infeasible':
      return { ...base, status: 'infeasible', assignment: null, objective: null, bound: null };
    case 'time-limit':
    case 'deadline':
      return { ...base, status: 'timedout', assignment, objective, bound };
    case 'interrupted':
      // Our caller's interrupt: the caller knows why (its own time budget, a cancel), and says so.
      return { ...base, status: hasSolution ? 'feasible' : 'timedout', assignment, objective, bound, message: 'interrupted' };
    case 'limit':
      return { ...base, status: hasSolution ? 'feasible' : 'timedout', assignment, objective, bound, message: out.message! };
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
