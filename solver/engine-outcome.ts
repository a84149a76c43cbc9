/**
 * How solveAssignment turns what ran (heuristics, HiGHS, polish) into one EngineSolution: the best
 * checked assignment, the best proven bound (never above the answer), the status and a plain reason.
 */
import {
  OPTIMAL_GAP,
  evaluateObjective,
  relativeGap,
  type AssignmentModel,
  type AssignmentSolution,
  type SolveProgress,
} from './assignment.ts';
import type { RelaxationSolution } from './backends/highs.ts';
import { checkAssignment } from './check-assignment.ts';
import type { BoundSource, SearchEnd, SolveStatus, StopReason } from './types.ts';

export type { BoundSource } from './types.ts';

export interface EngineSolution extends AssignmentSolution {
  /** Which path produced the answer (e.g. `greedy+ls+highs-mip`). */
  readonly strategy: string;
  readonly gap: number | null;
  /** Which relaxation proved the bound (null without a bound). */
  readonly boundSource: BoundSource | null;
  /** What ended the search; `work` is the reproducible end of a budget. */
  readonly endedBy: SearchEnd;
}

/** A checked assignment and its objective. */
export interface Candidate {
  readonly assignment: Int32Array;
  readonly objective: number;
}

/** The cheapest assignment offered so far that passes the independent checker. */
export class BestAssignment {
  current: Candidate | null = null;

  constructor(private readonly model: AssignmentModel) {}

  /** Keeps `assignment` if it is valid and cheaper; returns whether it is valid. */
  offer(assignment: Int32Array | null): boolean {
    if (!assignment || !checkAssignment(this.model, assignment).feasible) return false;
    const objective = evaluateObjective(this.model, assignment);
    if (this.current === null || objective < this.current.objective) this.current = { assignment, objective };
    return true;
  }

  /** The same best plan, checked from now on against `model` (a superset of this one's pairs). */
  within(model: AssignmentModel): BestAssignment {
    const moved = new BestAssignment(model);
    moved.current = this.current;
    return moved;
  }

  get objective(): number | null {
    return this.current?.objective ?? null;
  }

  get assignment(): Int32Array | null {
    return this.current?.assignment ?? null;
  }
}

/** What happened during a solve, for `finish`. */
export interface Outcome {
  readonly best: Candidate | null;
  /** Best proven lower bound (HiGHS's or the Lagrangian one), before clamping to the answer. */
  readonly bound: number | null;
  /** HiGHS's result, or null when HiGHS did not run. */
  readonly highs: RelaxationSolution | null;
  readonly steps: readonly string[];
  readonly seconds: number;
  /** The caller asked to stop. */
  readonly stopped: boolean;
  /** Why the caller asked, when it said. */
  readonly stopReason?: StopReason;
  /** The budget (work or time) ended the search. */
  readonly timeUp: boolean;
  /** The wall-clock safety net of a work budget ended it (or the search ran on the wall clock). */
  readonly wallStopped?: boolean;
  /** Whether the run counted work (then a budget that ran out without the safety net ends on `work`). */
  readonly counted?: boolean;
  /** Why HiGHS did not run, when it did not and nobody asked to stop. */
  readonly skipped?: string;
  /** Which relaxation proved `bound`. */
  readonly boundSource: BoundSource;
}

/** Maps what ran onto one EngineSolution: status from HiGHS's outcome and the final gap. */
export function finish(outcome: Outcome): EngineSolution {
  const { best, highs, seconds, stopped } = outcome;
  const strategy = outcome.steps.length > 0 ? outcome.steps.join('+') : 'none';
  const budgetEnd = budgetEndOf(outcome);
  if (best === null) {
    const status: SolveStatus = highs ? highs.status : outcome.timeUp || stopped ? 'timedout' : 'error';
    return {
      status: status === 'optimal' || status === 'feasible' ? 'error' : status,
      assignment: null,
      objective: null,
      bound: status === 'infeasible' ? null : outcome.bound,
      seconds,
      gap: null,
      strategy,
      boundSource: status === 'infeasible' || outcome.bound === null ? null : outcome.boundSource,
      endedBy: stopped ? 'request' : status === 'infeasible' ? 'proof' : status === 'timedout' ? budgetEnd : 'error',
      message: noPlanMessage(outcome, status),
    };
  }
  const { assignment, objective } = best;
  // HiGHS claiming infeasibility of a model our checker accepted an assignment for proves nothing.
  const bound = highs?.status === 'infeasible' || outcome.bound === null ? null : Math.min(outcome.bound, objective);
  const gap = relativeGap(objective, bound);
  let status: SolveStatus;
  if (gap !== null && gap <= OPTIMAL_GAP) status = 'optimal';
  else if ((outcome.timeUp && !stopped) || highs?.status === 'timedout') status = 'timedout';
  else status = 'feasible';
  const message = status === 'optimal' ? undefined : explain(outcome);
  const endedBy: SearchEnd = status === 'timedout' ? budgetEnd : stopped && status !== 'optimal' ? 'request' : 'proof';
  return { status, assignment, objective, bound, seconds, gap, strategy, boundSource: bound === null ? null : outcome.boundSource, endedBy, ...(message ? { message } : {}) };
}

/** What ended the search, as the answer says it: a stop request says who asked. */
export function stopPhrase(reason: StopReason | undefined): string {
  switch (reason) {
    case 'cancel': return 'cancelled on request';
    case 'client-gone': return 'stopped because the client went away';
    case 'shutdown': return 'stopped because the service is shutting down';
    default: return 'stopped on request';
  }
}

/** Which budget ended a search its budget ended: the work budget, unless its safety net came first. */
function budgetEndOf(outcome: Outcome): SearchEnd {
  return outcome.counted === true && outcome.wallStopped !== true ? 'work' : 'time';
}

/** The budget that ended the search, in words. */
function budgetPhrase(outcome: Outcome): string {
  return budgetEndOf(outcome) === 'work'
    ? 'work budget reached (the same input and seed give this plan again)'
    : outcome.counted === true
      ? 'time limit reached before the work budget (a slow or busy machine): another run may give another plan'
      : 'time limit reached';
}

/** Why there is no plan: a stop request (and whose), the budget, or what the engine said. */
function noPlanMessage(outcome: Outcome, status: SolveStatus): string {
  const { highs, stopped, stopReason, timeUp } = outcome;
  if (stopped) return `${stopPhrase(stopReason)} before any plan was found`;
  if (status === 'timedout' || timeUp) return `no plan within the ${budgetEndOf(outcome) === 'work' ? 'work budget' : 'time limit'}: give it more time`;
  return highs?.message ?? 'no assignment found';
}

/** Why an answer is not proven optimal, in one phrase (undefined when HiGHS's own words suffice). */
function explain(outcome: Outcome): string | undefined {
  const { highs, stopped, stopReason, timeUp, skipped } = outcome;
  if (stopped) return skipped ? `${stopPhrase(stopReason)}; ${skipped}` : stopPhrase(stopReason);
  if (highs === null) return skipped ?? (timeUp ? budgetPhrase(outcome) : 'within the requested gap of the Lagrangian bound');
  if (highs.status === 'infeasible') return 'HiGHS reported the model infeasible, yet the heuristic assignment passes every check';
  if (highs.status === 'error') return `${highs.message ?? 'HiGHS failed'}; the answer comes from the heuristics`;
  if (timeUp || highs.status === 'timedout') return budgetPhrase(outcome);
  return highs.message;
}

/** Whether every objective value is an integer (integral pair costs, no soft-band penalties). */
export function integralObjective(model: AssignmentModel): boolean {
  return model.bands.every((band) => band.penalty === null) && model.pairCost.every((c) => Number.isInteger(c));
}

/**
 * A bound on an integral objective rounded up to the next integer; the small slack keeps float noise
 * just above an integer (1697.0000000001) from rounding a whole unit up.
 */
export function roundUp(bound: number | null): number | null {
  return bound === null ? null : Math.ceil(bound - 1e-6 * Math.max(1, Math.abs(bound)));
}

/** The higher of two lower bounds (either may be missing). */
export function bestBound(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** Progress from HiGHS, with the heuristic incumbent and the Lagrangian bound folded in. */
export function mergedProgress(
  onProgress: ((progress: SolveProgress) => void) | undefined,
  heuristic: number | null,
  lagrangian: number | null,
): (progress: SolveProgress) => void {
  return (progress) => {
    if (!onProgress) return;
    const incumbent = progress.incumbent === null ? heuristic : heuristic === null ? progress.incumbent : Math.min(heuristic, progress.incumbent);
    const raw = bestBound(progress.bound, lagrangian);
    const bound = raw !== null && incumbent !== null ? Math.min(raw, incumbent) : raw;
    onProgress({ ...progress, incumbent, bound, gap: relativeGap(incumbent, bound) });
  };
}
