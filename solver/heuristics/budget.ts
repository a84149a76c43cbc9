/**
 * The clock of a solve and of each of its steps, and the caller's stop request (cancellation, and
 * why). A step gets a child budget, which ends at its own limit, when its parent's is up, or when the
 * caller asks to stop; the heuristics poll it often, so `expired` reads the clock only every few calls.
 *
 * A budget's limit is on its run's clock (`RunClock`): either the wall clock, or counted work, which
 * makes a run reproducible: every step says what it did (`expired(ns)`, HiGHS's LP iterations), in
 * nanoseconds a reference machine would take, and a limit on that clock ends at the same point of
 * the search on any machine at any load. On counted work, each budget also has a wall-clock limit,
 * the safety net: when it ends the search first, the clock remembers (`wallStopped`) and the answer
 * says the plan may differ on another run.
 */
import type { StopReason } from '../types.ts';

/** The caller's side of a stop: whether it asked (polled), and why. */
export interface StopSignal {
  readonly requested: () => boolean;
  readonly reason: () => StopReason | undefined;
}

/** A caller that never asks to stop. */
export const NO_STOP: StopSignal = { requested: () => false, reason: () => undefined };

/** Where a run's budgets read the time: the wall clock, or the work counted so far. */
export class RunClock {
  private spentNs = 0;
  private wallHit = false;

  private constructor(
    /** Whether this clock counts work (reproducible) rather than reading the wall clock. */
    readonly counted: boolean,
  ) {}

  static wall(): RunClock {
    return new RunClock(false);
  }

  static work(): RunClock {
    return new RunClock(true);
  }

  /** Milliseconds on this clock: the wall clock's, or the work counted so far in reference ms. */
  nowMs(): number {
    return this.counted ? this.spentNs / 1e6 : performance.now();
  }

  /** Counts `ns` reference nanoseconds of work (the wall clock counts itself). */
  spend(ns: number): void {
    if (this.counted) this.spentNs += ns;
  }

  /** Whether a wall-clock safety net ended a budget of this run (counted clocks only). */
  get wallStopped(): boolean {
    return this.wallHit;
  }

  /** Marks that a wall-clock safety net ended a budget. */
  noteWallStop(): void {
    this.wallHit = true;
  }
}

export class Budget {
  /** The limit this budget started with, in milliseconds on its run's clock (Infinity for none). */
  readonly limitMs: number;
  private readonly started: number;
  private readonly end: number;
  private readonly wallStarted: number;
  /** The wall-clock safety net (counted clocks only; on the wall clock `end` is that already). */
  private readonly wallEnd: number;
  private calls = 0;
  private done = false;

  private constructor(
    readonly clock: RunClock,
    limitMs: number,
    wallLimitMs: number,
    private readonly signal: StopSignal,
    private readonly parent: Budget | null,
  ) {
    this.limitMs = Math.max(0, limitMs);
    this.started = clock.nowMs();
    this.end = this.started + this.limitMs;
    this.wallStarted = performance.now();
    this.wallEnd = this.wallStarted + Math.max(0, wallLimitMs);
  }

  /** A solve's budget on the wall clock: `timeLimitMs` from now (Infinity for none), ended early when `signal` asks. */
  static root(timeLimitMs: number, signal: StopSignal = NO_STOP): Budget {
    return new Budget(RunClock.wall(), timeLimitMs, Infinity, signal, null);
  }

  /**
   * A solve's budget on counted work: `workLimitMs` reference milliseconds of work, with
   * `wallLimitMs` of wall time as the safety net; ended early when `signal` asks.
   */
  static counted(workLimitMs: number, wallLimitMs: number, signal: StopSignal = NO_STOP): Budget {
    return new Budget(RunClock.work(), workLimitMs, wallLimitMs, signal, null);
  }

  /** A step's budget: `limitMs` from now on the run's clock, ended also when this budget is over. */
  child(limitMs: number): Budget {
    return new Budget(this.clock, limitMs, Infinity, this.signal, this);
  }

  /** A child with `fraction` of the time left. */
  share(fraction: number): Budget {
    return this.child(this.remainingMs() * fraction);
  }

  /**
   * A budget of `limitMs` from now that only the caller's stop ends early, not this budget's clock:
   * for a step with an allowance of its own (the engine after compiling, a diagnosis). Its safety
   * net is `wallLimitMs` of wall time (default: the allowance at this run's ratio of wall to work).
   */
  detached(limitMs: number, wallLimitMs: number = limitMs * this.wallPerClockMs()): Budget {
    return new Budget(this.clock, limitMs, this.clock.counted ? wallLimitMs : Infinity, this.signal, null);
  }

  /** Milliseconds since this budget started, on its run's clock. */
  elapsedMs(): number {
    return this.clock.nowMs() - this.started;
  }

  /** Wall-clock milliseconds since this budget started (for reports: what a person waited). */
  wallElapsedMs(): number {
    return performance.now() - this.wallStarted;
  }

  /** Wall-clock milliseconds this budget's safety net leaves (its time left on the wall clock). */
  wallRemainingMs(): number {
    if (!this.clock.counted) return this.remainingMs();
    const own = Math.max(0, this.wallEnd - performance.now());
    return this.parent ? Math.min(own, this.parent.wallRemainingMs()) : own;
  }

  /** The share of this budget used, on its clock or on the wall (the larger), in [0, 1]. */
  usedShare(): number {
    const byClock = this.limitMs > 0 && Number.isFinite(this.limitMs) ? this.elapsedMs() / this.limitMs : 0;
    const wallLimit = this.wallEnd - this.wallStarted;
    const byWall = this.clock.counted && wallLimit > 0 && Number.isFinite(wallLimit) ? this.wallElapsedMs() / wallLimit : 0;
    return Math.min(1, Math.max(byClock, byWall));
  }

  /** Whether this budget's own limit has passed on its clock (a stop request is not time). */
  timeUp(): boolean {
    return this.clock.nowMs() >= this.end;
  }

  /** Whether the caller asked to stop. */
  stopRequested(): boolean {
    return this.signal.requested();
  }

  /** Why the caller asked to stop, when it said. */
  stopReason(): StopReason | undefined {
    return this.signal.reason();
  }

  /**
   * Whether this budget is over: its limit, a parent's, the safety net or a stop request. Reads the
   * clock and asks the caller (once) on every call, and remembers nothing (the engine's deadline).
   */
  over(): boolean {
    return this.timeUp() || this.wallUp() || this.outerOver();
  }

  /**
   * Counts `ns` reference nanoseconds of work just done (what the step did since its last poll),
   * then says whether the budget is over; cheap enough to call in inner loops. Once true, stays true.
   */
  expired(ns = 0): boolean {
    this.clock.spend(ns);
    if (this.done) return true;
    if ((++this.calls & 15) !== 0) return false;
    return this.check();
  }

  /** Counts `ns` of work, then whether the budget is over, reading the clock now. Once true, stays true. */
  check(ns = 0): boolean {
    this.clock.spend(ns);
    if (this.done) return true;
    this.done = this.over();
    return this.done;
  }

  /** Milliseconds left on the run's clock (0 once `expired` or `check` said so). */
  remainingMs(): number {
    return this.done ? 0 : Math.max(0, this.end - this.clock.nowMs());
  }

  /** Wall milliseconds per millisecond of this budget's clock, for a detached allowance's safety net. */
  private wallPerClockMs(): number {
    if (!this.clock.counted) return 1;
    const wall = this.wallEnd - this.wallStarted;
    if (this.parent) return this.parent.wallPerClockMs();
    return this.limitMs > 0 && Number.isFinite(wall) && Number.isFinite(this.limitMs) ? wall / this.limitMs : Infinity;
  }

  /** Whether this budget's wall-clock safety net has passed (counted clocks only); noted on the clock. */
  private wallUp(): boolean {
    if (!this.clock.counted || performance.now() < this.wallEnd) return false;
    this.clock.noteWallStop();
    return true;
  }

  /** The parent is over, or (at the top, where the signal lives) the caller asked to stop. */
  private outerOver(): boolean {
    return this.parent !== null ? this.parent.over() : this.signal.requested();
  }
}
