/**
 * What every step of a solve shares, created once where the solve starts (`solve()`, or
 * `solveAssignment` when called on a generic model): the budget (deadline, time left, the caller's
 * stop request and its reason), the HiGHS factory, the seed and progress reporting. Steps pass the
 * context down; a step with a share of the time gets a child budget (`child`, `share`), one that
 * restarts a search from another seed gets `reseeded`.
 */
import type { SolveProgress } from './assignment.ts';
import { defaultHighsFactory, type HighsFactory } from './backends/highs.ts';
import { Budget } from './heuristics/budget.ts';
import type { StopReason } from './types.ts';

/** What a caller gives a solve about how to run it (the run's side of SolveOptions and EngineOptions). */
export interface RunOptions {
  /** Wall-clock limit in seconds; none (Infinity) when left out. On counted work, the safety net. */
  readonly timeLimitSeconds?: number;
  /**
   * What ends the search: counted work ('work', the default: the same input and seed give the same
   * plan on any machine and at any load) or the wall clock ('wall': all of the time limit is used).
   */
  readonly clock?: 'work' | 'wall';
  /**
   * The work budget in reference seconds (what the machine in BENCHMARKS.md does in that time).
   * Default: DEFAULT_WORK_SHARE of `timeLimitSeconds`.
   */
  readonly workLimitSeconds?: number;
  /** Seed of every randomised step. Default 1. */
  readonly seed?: number;
  /** HiGHS instances; pass one built on a precompiled module (see src/highs-runtime.ts) for speed. */
  readonly highs?: HighsFactory;
  readonly onProgress?: (progress: SolveProgress) => void;
  /** Polled during the search: true asks for the best plan so far. */
  readonly shouldStop?: () => boolean;
  /** Why the stop was asked (read once the search has stopped), for the answer's message. */
  readonly stopReason?: () => StopReason | undefined;
}

export class RunContext {
  constructor(
    /** The clock of this step. */
    readonly budget: Budget,
    /** Creates a fresh HiGHS instance per solve. */
    readonly highs: HighsFactory,
    /** The seed of this step. */
    readonly seed: number,
    /** Reports a progress snapshot to the caller (does nothing when nobody listens). */
    readonly progress: (progress: SolveProgress) => void,
  ) {}

  /** The same run with another budget. */
  within(budget: Budget): RunContext {
    return new RunContext(budget, this.highs, this.seed, this.progress);
  }

  /** The same run with a child budget of `timeLimitMs` from now. */
  child(timeLimitMs: number): RunContext {
    return this.within(this.budget.child(timeLimitMs));
  }

  /** The same run with a child budget of `fraction` of the time left. */
  share(fraction: number): RunContext {
    return this.within(this.budget.share(fraction));
  }

  /** The same run from another seed (a restarted search derives its seed from the run's). */
  reseeded(seed: number): RunContext {
    return new RunContext(this.budget, this.highs, seed, this.progress);
  }
}

const silent = () => {};

/**
 * The default work budget's share of the time limit. The work a step counts is calibrated on the
 * benchmark machine (BENCHMARKS.md, "Reproducible plans"), where this share of the time limit is
 * spent in about that share of the wall time: a machine up to 1/DEFAULT_WORK_SHARE times slower (or
 * that loaded) still ends on the work budget, the reproducible end, before the time limit does.
 */
export const DEFAULT_WORK_SHARE = 0.6;

/** A run starting now: its root budget, HiGHS factory, seed and progress from `options`. */
export function runContext(options: RunOptions = {}): RunContext {
  const { shouldStop, stopReason, onProgress } = options;
  const signal = { requested: () => shouldStop?.() === true, reason: () => stopReason?.() };
  const timeLimitMs = (options.timeLimitSeconds ?? Infinity) * 1000;
  const workLimitMs = options.workLimitSeconds !== undefined ? options.workLimitSeconds * 1000 : timeLimitMs * DEFAULT_WORK_SHARE;
  const budget = options.clock === 'wall' ? Budget.root(timeLimitMs, signal) : Budget.counted(workLimitMs, timeLimitMs, signal);
  // Each report says how much of the whole budget is used, whichever step's budget it comes from.
  const progress = onProgress ? (p: SolveProgress) => onProgress({ ...p, used: budget.usedShare() }) : silent;
  return new RunContext(budget, options.highs ?? defaultHighsFactory, options.seed ?? 1, progress);
}
