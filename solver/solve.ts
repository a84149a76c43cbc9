/**
 * The territory pipeline: compile -> structural diagnosis -> engine (heuristics + HiGHS) ->
 * diagnosis when infeasible -> independent verification -> reports.
 */
import { compactness } from './compactness.ts';
import { compileProblem } from './compile.ts';
import { reportModel, streamProblem } from './compile-stream.ts';
import { solverDiagnosis, structuralDiagnosis } from './diagnose.ts';
import { defaultEngineOptions, defaultMipGap } from './engine-options.ts';
import { solveLarge } from './large/solve-large.ts';
import { estimateModelPairs } from './model-size.ts';
import type { Problem } from './problem.ts';
import { balance, capacityReport, moves, quotas, territories } from './report.ts';
import { noPlanResult, solverFacts, type RunLimits, type SolverOutcome } from './no-plan.ts';
import type { SolverFacts, TerritoryResult } from './result.ts';
import { objectiveMode } from './objective-mode.ts';
import { solveRebalance } from './rebalance.ts';
import { DEFAULT_WORK_SHARE, runContext, type RunContext, type RunOptions } from './run-context.ts';
import { solveStaffing } from './solve-hiring.ts';
import { solveModel, type EngineSolution } from './solve-assignment.ts';
import type { InputIssue } from './types.ts';
import { verify } from './verify.ts';

/**
 * How to run a solve: HiGHS instances (pass one built on a precompiled module, see
 * src/highs-runtime.ts, for speed), progress, the stop request and its reason (cancel, client gone,
 * shutdown, so the result says what happened). The seed is the problem's.
 */
export interface SolveOptions extends Omit<RunOptions, 'seed'> {
  /** Overrides `problem.options.timeLimitSeconds`. */
  readonly timeLimitSeconds?: number;
  /** Input warnings from parseProblem, carried into the result. */
  readonly warnings?: readonly InputIssue[];
  /**
   * A plan to start from (rep id per account id), e.g. a neighbouring point of the disruption
   * frontier: when it is valid for this problem the engine starts from it (HiGHS's first incumbent,
   * local search's start), so the answer is never worse than it. Ignored when it is not valid.
   */
  readonly startPlan?: ReadonlyArray<{ readonly accountId: string; readonly repId: string }>;
  /**
   * The most pairs the model may hold in memory (default `defaultEngineOptions.modelPairBudget`; the
   * service passes MAX_MODEL_PAIRS). A model with more is never built whole: the large-model
   * strategy reads it row by row from the problem and keeps its candidate model within this many.
   */
  readonly modelPairBudget?: number;
}

export async function solve(problem: Problem, options: SolveOptions = {}): Promise<TerritoryResult> {
  const timeLimitSeconds = options.timeLimitSeconds ?? problem.options.timeLimitSeconds;
  // The run's one context: the clock and the caller's stop, HiGHS, the seed, progress.
  const { warnings: _, startPlan: _start, modelPairBudget: _budget, ...how } = options;
  // Counted work (the default) makes the plan reproducible; the time limit is then its safety net.
  const budget = problem.options.budget;
  const workLimitSeconds = budget === 'work' ? (problem.options.workLimitSeconds ?? timeLimitSeconds * DEFAULT_WORK_SHARE) : null;
  const run = runContext({ ...how, timeLimitSeconds, seed: problem.options.seed, clock: budget, ...(workLimitSeconds !== null ? { workLimitSeconds } : {}) });
  const limits = { timeLimitSeconds, workLimitSeconds };
  // Whom to hire and let go is chosen first, in a share of the same run; then the territories of that team.
  if (problem.hire || problem.retire) {
    return solveStaffing(problem, run, limits, options.warnings ?? [], (staffed, warnings) => solveTerritories(staffed, { ...options, warnings }, run, limits));
  }
  return solveTerritories(problem, options, run, limits);
}

/** The territory pipeline on `run`, whose limits the result's solver facts repeat. */
async function solveTerritories(problem: Problem, options: SolveOptions, run: RunContext, limits: RunLimits): Promise<TerritoryResult> {
  const { timeLimitSeconds } = limits;
  const pairBudget = Math.max(defaultEngineOptions.largeModelPairs, options.modelPairBudget ?? defaultEngineOptions.modelPairBudget);
  const elapsed = () => run.budget.wallElapsedMs() / 1000;
  run.progress({ phase: 'compile', seconds: elapsed(), incumbent: null, bound: null, gap: null });
  // A model above the budget is streamed: the reports and the structural checks get the pairs they read.
  const counted = estimateModelPairs(problem) > pairBudget ? streamProblem(problem) : null;
  const streamed = counted && counted.pairs > pairBudget ? counted : null;
  const compiled = streamed ? reportModel(streamed, null) : compileProblem(problem);
  const pairs = streamed ? streamed.pairs : compiled.model.pairAgent.length;
  const mipGap = problem.options.mipGap ?? defaultMipGap(pairs);
  const warnings = [...(options.warnings ?? []), ...compiled.warnings.map((message) => ({ path: message.split(':')[0]!, message: message.slice(message.indexOf(':') + 2) }))];
  const facts = (f: SolverOutcome, boundSource: SolverFacts['boundSource'] = null): SolverFacts => solverFacts(run, limits, mipGap, f, boundSource);

  const structural = structuralDiagnosis(compiled);
  if (structural.length > 0) {
    return noPlanResult(compiled, facts({ status: 'infeasible', objective: null, bound: null, gap: null, strategy: 'structural-checks', endedBy: 'proof' }), structural, warnings);
  }

  // The engine gets what compiling left (at least 0.1 s): a budget of its own, ended early only by a stop.
  const initial = options.startPlan ? startAssignment(problem, options.startPlan) : null;
  const engineRun = run.within(run.budget.detached(Math.max(100, run.budget.remainingMs()), run.budget.wallRemainingMs()));
  const settings = { mipGap, ...(initial ? { initial } : {}) };
  // Rebalance mode solves the held model twice (fewest moves, then travel); a streamed model is
  // solved as weighted, and the warnings say so.
  const mode = objectiveMode(problem);
  if (mode === 'rebalance' && streamed) warnings.push({ path: 'objective.mode', message: `rebalance needs the model in memory (${streamed.pairs} eligible pairs, more than ${pairBudget}): solved as weighted` });
  const rebalanced = mode === 'rebalance' && !streamed ? await solveRebalance(compiled, engineRun, settings) : null;
  const engine = rebalanced
    ? rebalanced.engine
    : streamed
      ? streamedStep(await solveLarge(streamed.stream, engineRun, { ...settings, maxCandidatePairs: pairBudget }))
      : await solveModel(compiled.model, engineRun, settings);

  // A streamed model is never proven infeasible by the engine (that would take every pair in memory).
  if (engine.status === 'infeasible' && !streamed) {
    run.progress({ phase: 'diagnose', seconds: elapsed(), incumbent: null, bound: null, gap: null });
    const diagnosis = await solverDiagnosis(compiled, run, { timeLimitSeconds: Math.max(2, Math.min(10, timeLimitSeconds / 4)) });
    return noPlanResult(compiled, facts({ status: 'infeasible', objective: null, bound: null, gap: null, strategy: engine.strategy, endedBy: 'proof' }), diagnosis, warnings);
  }
  if (!engine.assignment) {
    const message = engine.message ?? (engine.status === 'timedout' ? 'no plan within the time limit: give it more time' : 'the engine failed');
    return noPlanResult(compiled, facts({ status: engine.status, objective: null, bound: engine.bound, gap: null, strategy: engine.strategy, endedBy: engine.endedBy, message }, engine.boundSource), undefined, warnings);
  }

  const assignment = engine.assignment;
  const assignments = problem.accounts.map((a, i) => ({ accountId: a.id, repId: problem.reps[assignment[i]!]!.id, segment: compiled.segments[i]! }));
  const check = verify(problem, assignments);
  const mismatch = engine.objective !== null && Math.abs(check.objective.total - engine.objective) > 1e-6 * Math.max(1, Math.abs(engine.objective));
  if (!check.ok || mismatch) {
    const why = mismatch ? [`objective recomputed as ${check.objective.total}, engine reported ${engine.objective}`] : check.violations;
    const message = `the plan failed independent verification: ${why.slice(0, 5).join('; ')}`;
    return noPlanResult(compiled, facts({ status: 'error', objective: null, bound: null, gap: null, strategy: engine.strategy, endedBy: 'error', message }), undefined, warnings);
  }

  // The reports of a streamed model read a model of the pairs they need for this plan.
  const reported = streamed ? reportModel(streamed, assignment) : compiled;
  const terr = territories(reported, assignment);
  const quota = quotas(reported, terr);
  return {
    ...(problem.name !== undefined ? { name: problem.name } : {}),
    solver: facts({
      status: engine.status,
      objective: check.objective.total,
      bound: engine.bound === null ? null : Math.min(engine.bound, check.objective.total),
      gap: engine.gap,
      strategy: engine.strategy,
      endedBy: engine.endedBy,
      ...(engine.message ? { message: engine.message } : {}),
    }, engine.boundSource),
    assignments,
    moves: moves(reported, assignment),
    territories: terr,
    balance: balance(reported, terr),
    capacity: capacityReport(reported, assignment),
    ...(quota ? { quotas: quota } : {}),
    compactness: compactness(reported, assignment),
    ...(rebalanced?.facts ? { rebalance: rebalanced.facts } : {}),
    objective: check.objective,
    warnings,
  };
}

/** A streamed solve names the step in its strategy: `stream+candidates(k=10)+...`. */
function streamedStep(engine: EngineSolution): EngineSolution {
  return { ...engine, strategy: `stream+${engine.strategy}` };
}

/** The rep index of each account in `plan`, or null when it does not name a rep for every account. */
function startAssignment(problem: Problem, plan: ReadonlyArray<{ readonly accountId: string; readonly repId: string }>): Int32Array | null {
  const repIndex = new Map(problem.reps.map((r, j) => [r.id, j] as const));
  const repOf = new Map(plan.map((a) => [a.accountId, a.repId] as const));
  const out = new Int32Array(problem.accounts.length);
  for (let i = 0; i < problem.accounts.length; i++) {
    const j = repIndex.get(repOf.get(problem.accounts[i]!.id) ?? '');
    if (j === undefined) return null;
    out[i] = j;
  }
  return out;
}
