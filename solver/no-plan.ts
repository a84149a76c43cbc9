/**
 * What every result of a solve repeats about its run (solver facts), and the result of a solve that
 * has no plan: the diagnosis and the estimated capacity report still speak. Shared by the territory
 * pipeline (solve.ts) and the hiring step before it (solve-hiring.ts).
 */
import type { CompiledProblem } from './compile.ts';
import { capacityReport } from './report.ts';
import type { Diagnosis, SolverFacts, TerritoryResult } from './result.ts';
import type { RunContext } from './run-context.ts';
import type { InputIssue } from './types.ts';

/** The limits a run goes by. */
export interface RunLimits {
  readonly timeLimitSeconds: number;
  /** The work budget in reference seconds; null on the wall clock. */
  readonly workLimitSeconds: number | null;
}

/** What a step says of how it ended; the run adds the rest. */
export type SolverOutcome = Omit<SolverFacts, 'timeLimitSeconds' | 'workLimitSeconds' | 'mipGap' | 'seconds' | 'boundSource'>;

export function solverFacts(run: RunContext, limits: RunLimits, mipGap: number, f: SolverOutcome, boundSource: SolverFacts['boundSource'] = null): SolverFacts {
  return {
    ...f,
    boundSource: f.bound === null ? null : boundSource,
    seconds: run.budget.wallElapsedMs() / 1000,
    timeLimitSeconds: limits.timeLimitSeconds,
    workLimitSeconds: limits.workLimitSeconds,
    mipGap,
  };
}

export function noPlanResult(c: CompiledProblem, solver: SolverFacts, diagnosis: readonly Diagnosis[] | undefined, warnings: readonly InputIssue[]): TerritoryResult {
  return {
    ...(c.problem.name !== undefined ? { name: c.problem.name } : {}),
    solver,
    assignments: [],
    moves: [],
    territories: [],
    balance: [],
    capacity: capacityReport(c, null),
    objective: null,
    ...(diagnosis ? { diagnosis } : {}),
    warnings,
  };
}
