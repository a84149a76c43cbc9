/**
 * The engine for a generic assignment model. Small models (the exact path): construct a plan with
 * heuristics, hand it to HiGHS as its first incumbent, let branch-and-cut prove (or improve) it
 * within the time limit, and polish whatever HiGHS returns when it was stopped early. Large models go
 * to `large/solve-large.ts`.
 *
 * Time: the heuristics take a small share up front (a good incumbent lets HiGHS prune from the
 * start), HiGHS most of the rest, and a reserve at the end goes to local search from the best
 * assignment when HiGHS is far from a proof. The answer is the cheapest assignment that passes the independent checker;
 * the bound is HiGHS's or the Lagrangian one (whichever is higher), never above the answer.
 */
import { OPTIMAL_GAP, pairCount, relativeGap, type AssignmentModel } from './assignment.ts';
import { solveWithHighs, type RelaxationSolution } from './backends/highs.ts';
import { isLargeModel } from './engine-options.ts';
import { BestAssignment, bestBound, finish, integralObjective, mergedProgress, roundUp, type EngineSolution } from './engine-outcome.ts';
import { constructDetailed } from './heuristics/construct.ts';
import { improve } from './heuristics/local-search.ts';
import { buildLayout } from './heuristics/search-layout.ts';
import { modelStream } from './large/pair-stream.ts';
import { solveLarge } from './large/solve-large.ts';
import { runContext, type RunContext, type RunOptions } from './run-context.ts';
import type { BoundSource } from './types.ts';

export type { EngineSolution } from './engine-outcome.ts';

/** A direct call's options: how to run it (a run context is made of them) and the gap target. */
export interface EngineOptions extends RunOptions {
  readonly timeLimitSeconds: number;
  /** Relative gap at which the search stops. */
  readonly mipGap: number;
  readonly seed: number;
}

/** What the engine needs besides the run context. */
export interface EngineSettings {
  /** Relative gap at which the search stops. */
  readonly mipGap: number;
  /** A plan to start from (agent per item); kept as the first incumbent when it is valid. */
  readonly initial?: Int32Array;
}

/** Share of the time limit for construction and local search before HiGHS, at most ... */
const HEURISTIC_SHARE = 0.1;
/** ... this many milliseconds per pair (large models need construction time) ... */
const HEURISTIC_MS_PER_PAIR = 0.05;
/**
 * ... but at least this much. Small: HiGHS proves a model of a few hundred pairs in tenths of a
 * second, and each heuristic millisecond delays it (GAP gap1-12, 60 models of 75-600 pairs: 100 ms
 * here cost 4-5 s of the 30 s target; see BENCHMARKS.md).
 */
const HEURISTIC_MIN_MS = 20;
/** Share of the construction in the heuristic time (the rest improves its result). */
const CONSTRUCT_SHARE = 0.4;
/** Share of the time limit the construction may take when nothing is feasible yet (large models). */
const REPAIR_SHARE = 0.5;
/** HiGHS stops this share of the time limit early (at most END_MARGIN_MS): it reacts late to a stop. */
const END_MARGIN_SHARE = 0.02;
const END_MARGIN_MS = 500;
/** Share of the time limit at the end that goes to polishing when HiGHS is far from a proof ... */
const POLISH_SHARE = 0.25;
/**
 * ... or earlier, once HiGHS has reported nothing (no bound: still in its root LP, as on large
 * models) for this share of the time limit ...
 */
const STALL_SHARE = 0.25;
/**
 * ... provided HiGHS's gap is still above this. Closer to the bound, HiGHS keeps the time: it may
 * still prove optimality, which local search never does.
 */
const POLISH_GAP = 0.003;

/** Solves an assignment model in a run of its own (benchmarks and tests call it directly). */
export async function solveAssignment(model: AssignmentModel, options: EngineOptions): Promise<EngineSolution> {
  return solveModel(model, runContext(options), { mipGap: options.mipGap });
}

/**
 * Solves an assignment model within `run` (its budget is the engine's time limit). Small models:
 * heuristics, then HiGHS within the gap and time limit, then polish. Large ones: see `solveLarge`.
 */
export async function solveModel(model: AssignmentModel, run: RunContext, settings: EngineSettings): Promise<EngineSolution> {
  if (isLargeModel(pairCount(model))) return solveLarge(modelStream(model), run, settings);
  const clock = run.budget;
  const limitMs = clock.limitMs;
  // Decisions read the run's clock (counted work, or the wall); reports say what a person waited.
  const elapsedMs = () => clock.elapsedMs();
  const wallSeconds = () => clock.wallElapsedMs() / 1000;
  const stopRequested = () => clock.stopRequested();
  const deadline = () => clock.over();
  const steps: string[] = [];
  const layout = buildLayout(model);
  const best = new BestAssignment(model);
  if (settings.initial) best.offer(settings.initial);
  const outcome = (highs: RelaxationSolution | null, bound: number | null, timeUp: boolean, boundSource: BoundSource) =>
    finish({ best: best.current, bound, highs, steps, seconds: wallSeconds(), stopped: stopRequested(), stopReason: clock.stopReason(), timeUp, wallStopped: clock.clock.wallStopped, counted: clock.clock.counted, boundSource });

  // 1. Heuristics: a feasible plan quickly, improved by local search. Small models get little time:
  // HiGHS proves them fast, and every heuristic millisecond is one HiGHS does not get (and latency a
  // synchronous caller waits).
  const heuristicMs = Math.min(limitMs * HEURISTIC_SHARE, Math.max(HEURISTIC_MIN_MS, pairCount(model) * HEURISTIC_MS_PER_PAIR));
  const built = constructDetailed(model, run, { timeLimitMs: heuristicMs * CONSTRUCT_SHARE, repairLimitMs: limitMs * REPAIR_SHARE, layout });
  const integral = integralObjective(model);
  const lagrangianBound = integral ? roundUp(built.bound) : built.bound;
  // Whether local search still had ideas when its time ran out: only then is it worth a polish.
  let searchExhausted = true;
  if (built.assignment) {
    steps.push('greedy');
    const improved = improve(model, built.assignment, run, { timeLimitMs: Math.max(0, heuristicMs - elapsedMs()), layout });
    steps.push('ls');
    searchExhausted = improved.exhausted;
    if (!best.offer(improved.assignment)) best.offer(built.assignment);
    const incumbent = best.objective;
    run.progress({ phase: 'heuristic', seconds: wallSeconds(), incumbent, bound: lagrangianBound, gap: relativeGap(incumbent, lagrangianBound) });
  }

  // Proven (or within the requested gap) already: HiGHS has nothing to add.
  const heuristicObjective = best.objective;
  const heuristicGap = relativeGap(heuristicObjective, lagrangianBound);
  if (heuristicGap !== null && heuristicGap <= Math.max(settings.mipGap, OPTIMAL_GAP)) return outcome(null, lagrangianBound, false, 'lagrangian');

  // 2. HiGHS from the heuristic incumbent, stopped early for polishing if it is far from a proof.
  const polishFrom = best.current && !searchExhausted ? limitMs * (1 - POLISH_SHARE) : Infinity;
  const highsEndMs = limitMs - Math.min(limitMs * END_MARGIN_SHARE, END_MARGIN_MS);
  const highsStartMs = elapsedMs();
  let highsGap: number | null = null;
  let handedOver = false;
  let timeUp = false;
  const report = mergedProgress(run.progress, heuristicObjective, lagrangianBound);
  const highs = stopRequested()
    ? null
    : await solveWithHighs(model, run.child(Math.max(0, highsEndMs - elapsedMs())), {
        mipGap: settings.mipGap,
        initial: best.assignment,
        onProgress: (progress) => {
          highsGap = progress.gap;
          report(progress);
        },
        // HiGHS polls this (after the caller's stop request) between its own time checks, so it
        // keeps our deadline closely, and hands over to the polish when it is far from a proof.
        interrupt: () => {
          const now = elapsedMs();
          timeUp = now >= highsEndMs;
          const silent = highsGap === null && now - highsStartMs >= limitMs * STALL_SHARE;
          handedOver = !timeUp && (now >= polishFrom || (silent && polishFrom < Infinity)) && (highsGap ?? 1) > POLISH_GAP;
          return timeUp || handedOver;
        },
      });
  if (highs) {
    steps.push('highs-mip');
    best.offer(highs.assignment);
  }

  // 3. Polish: HiGHS ran out of time (or failed) without proving its answer; local search from it.
  const bound = bestBound(integral ? roundUp(highs?.bound ?? null) : (highs?.bound ?? null), lagrangianBound);
  const unproven = highs !== null && (highs.status === 'timedout' || highs.status === 'error' || handedOver || timeUp);
  const start = best.current;
  if (unproven && start && !deadline() && (relativeGap(start.objective, bound) ?? 1) > OPTIMAL_GAP) {
    const polished = improve(model, start.assignment, run.reseeded(run.seed + 1), { timeLimitMs: Math.max(0, limitMs - elapsedMs()), layout });
    steps.push('ls');
    best.offer(polished.assignment);
  }
  const source: BoundSource = lagrangianBound !== null && bound === lagrangianBound ? 'lagrangian' : 'highs-mip';
  return outcome(highs, bound, handedOver || timeUp || highs?.status === 'timedout', source);
}
