/**
 * The territory pipeline: compile -> structural diagnosis -> engine (heuristics + HiGHS) ->
 * diagnosis when infeasible -> independent verification -> reports.
 */
import type { SolveProgress } from './assignment.ts';
import type { HighsFactory } from './backends/highs.ts';
import { compileProblem, type CompiledProblem } from './compile.ts';
import { solverDiagnosis, structuralDiagnosis } from './diagnose.ts';
import { defaultMipGap } from './engine-options.ts';
import type { Problem } from './problem.ts';
import { balance, capacityReport, moves, quotas, territories } from './report.ts';
import type { Diagnosis, SolverFacts, TerritoryResult } from './result.ts';
import { solveAssignment } from './solve-assignment.ts';
import type { InputIssue, StopReason } from './types.ts';
import { verify } from './verify.ts';

export interface SolveOptions {
  /** HiGHS instances; pass one built on a precompiled module (see src/highs-runtime.ts) for speed. */
  readonly highs?: HighsFactory;
  readonly onProgress?: (progress: SolveProgress) => void;
  /** Polled during the search: return true to stop and get the best plan so far. */
  readonly shouldStop?: () => boolean;
  /** Why the stop was asked (cancel, client gone, shutdown), so the result says what happened. */
  readonly stopReason?: () => StopReason | undefined;
  /** Overrides `problem.options.timeLimitSeconds`. */
  readonly timeLimitSeconds?: number;
  /** Input warnings from parseProblem, carried into the result. */
  readonly warnings?: readonly InputIssue[];
}


export async function solve(problem: Problem, options: SolveOptions = {}): Promise<TerritoryResult> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const timeLimitSeconds = options.timeLimitSeconds ?? problem.options.timeLimitSeconds;
  options.onProgress?.({ phase: 'compile', seconds: 0, incumbent: null, bound: null, gap: null });
  const compiled = compileProblem(problem);
  const pairs = compiled.model.pairAgent.length;
  const mipGap = problem.options.mipGap ?? defaultMipGap(pairs);
  const warnings = [...(options.warnings ?? []), ...compiled.warnings.map((message) => ({ path: message.split(':')[0]!, message: message.slice(message.indexOf(':') + 2) }))];
  const facts = (f: Omit<SolverFacts, 'timeLimitSeconds' | 'mipGap' | 'seconds' | 'boundSource'>, boundSource: SolverFacts['boundSource'] = null): SolverFacts => ({
    ...f,
    boundSource: f.bound === null ? null : boundSource,
    seconds: elapsed(),
    timeLimitSeconds,
    mipGap,
  });

  const structural = structuralDiagnosis(compiled);
  if (structural.length > 0) {
    return infeasible(compiled, facts({ status: 'infeasible', objective: null, bound: null, gap: null, strategy: 'structural-checks' }), structural, warnings);
  }

  const engine = await solveAssignment(compiled.model, {
    timeLimitSeconds: Math.max(0.1, timeLimitSeconds - elapsed()),
    mipGap,
    seed: problem.options.seed,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    ...(options.stopReason ? { stopReason: options.stopReason } : {}),
    ...(options.highs ? { highs: options.highs } : {}),
  });

  if (engine.status === 'infeasible') {
    options.onProgress?.({ phase: 'diagnose', seconds: elapsed(), incumbent: null, bound: null, gap: null });
    const diagnosis = await solverDiagnosis(compiled, {
      timeLimitSeconds: Math.max(2, Math.min(10, timeLimitSeconds / 4)),
      seed: problem.options.seed,
      ...(options.highs ? { highs: options.highs } : {}),
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    });
    return infeasible(compiled, facts({ status: 'infeasible', objective: null, bound: null, gap: null, strategy: engine.strategy }), diagnosis, warnings);
  }
  if (!engine.assignment) {
    const message = engine.message ?? (engine.status === 'timedout' ? 'no plan within the time limit: give it more time' : 'the engine failed');
    return infeasible(compiled, facts({ status: engine.status, objective: null, bound: engine.bound, gap: null, strategy: engine.strategy, message }, engine.boundSource), undefined, warnings);
  }

  const assignment = engine.assignment;
  const assignments = problem.accounts.map((a, i) => ({ accountId: a.id, repId: problem.reps[assignment[i]!]!.id, segment: compiled.segments[i]! }));
  const check = verify(problem, assignments);
  const mismatch = engine.objective !== null && Math.abs(check.objective.total - engine.objective) > 1e-6 * Math.max(1, Math.abs(engine.objective));
  if (!check.ok || mismatch) {
    const why = mismatch ? [`objective recomputed as ${check.objective.total}, engine reported ${engine.objective}`] : check.violations;
    const message = `the plan failed independent verification: ${why.slice(0, 5).join('; ')}`;
    return infeasible(compiled, facts({ status: 'error', objective: null, bound: null, gap: null, strategy: engine.strategy, message }), undefined, warnings);
  }

  const terr = territories(compiled, assignment);
  const quota = quotas(compiled, terr);
  return {
    ...(problem.name !== undefined ? { name: problem.name } : {}),
    solver: facts({
      status: engine.status,
      objective: check.objective.total,
      bound: engine.bound === null ? null : Math.min(engine.bound, check.objective.total),
      gap: engine.gap,
      strategy: engine.strategy,
      ...(engine.message ? { message: engine.message } : {}),
    }, engine.boundSource),
    assignments,
    moves: moves(compiled, assignment),
    territories: terr,
    balance: balance(compiled, terr),
    capacity: capacityReport(compiled, assignment),
    ...(quota ? { quotas: quota } : {}),
    objective: check.objective,
    warnings,
  };
}

/** A result without a plan: the diagnosis and the estimated capacity report still speak. */
function infeasible(c: CompiledProblem, solver: SolverFacts, diagnosis: readonly Diagnosis[] | undefined, warnings: readonly InputIssue[]): TerritoryResult {
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
