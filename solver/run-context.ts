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
  /** Wall-clock limit in seconds; none (Infinity) when left out. */
  readonly timeLimitSeconds?: number;
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

/** A run starting now: its root budget, HiGHS factory, seed and progress from `options`. */
export function runContext(options: RunOptions = {}): RunContext {
  const { shouldStop, stopReason, onProgress } = options;
  const budget = Budget.root((options.timeLimitSeconds ?? Infinity) * 1000, {
    requested: () => shouldStop?.() === true,
    reason: () => stopReason?.(),
  });
  return new RunContext(budget, options.highs ?? defaultHighsFactory, options.seed ?? 1, onProgress ?? silent);
}
