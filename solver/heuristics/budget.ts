/**
 * The clock of a solve and of each of its steps: a wall-clock limit read through performance.now() (a
 * clock, not I/O) and the caller's stop request (cancellation, and why). A step gets a child budget,
 * which ends at its own limit, when its parent's time is up, or when the caller asks to stop; the
 * heuristics poll it often, so `expired` reads the clock only every few calls.
 */
import type { StopReason } from '../types.ts';

/** The caller's side of a stop: whether it asked (polled), and why. */
export interface StopSignal {
  readonly requested: () => boolean;
  readonly reason: () => StopReason | undefined;
}

/** A caller that never asks to stop. */
export const NO_STOP: StopSignal = { requested: () => false, reason: () => undefined };

export class Budget {
  /** The limit in milliseconds this budget started with (Infinity for none). */
  readonly limitMs: number;
  private readonly started: number;
  private readonly end: number;
  private calls = 0;
  private done = false;

  private constructor(
    timeLimitMs: number,
    private readonly signal: StopSignal,
    private readonly parent: Budget | null,
  ) {
    this.limitMs = Math.max(0, timeLimitMs);
    this.started = performance.now();
    this.end = this.started + this.limitMs;
  }

  /** A solve's budget: `timeLimitMs` from now (Infinity for none), ended early when `signal` asks. */
  static root(timeLimitMs: number, signal: StopSignal = NO_STOP): Budget {
    return new Budget(timeLimitMs, signal, null);
  }

  /** A step's budget: `timeLimitMs` from now, ended also when this budget is over. */
  child(timeLimitMs: number): Budget {
    return new Budget(timeLimitMs, this.signal, this);
  }

  /** A child with `fraction` of the time left. */
  share(fraction: number): Budget {
    return this.child(this.remainingMs() * fraction);
  }

  /**
   * A budget of `timeLimitMs` from now that only the caller's stop ends early, not this budget's
   * clock: for a step with an allowance of its own (the engine after compiling, a diagnosis).
   */
  detached(timeLimitMs: number): Budget {
    return new Budget(timeLimitMs, this.signal, null);
  }

  /** Milliseconds since this budget started. */
  elapsedMs(): number {
    return performance.now() - this.started;
  }

  /** Whether this budget's own time limit has passed (a stop request is not time). */
  timeUp(): boolean {
    return performance.now() >= this.end;
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
   * Whether this budget is over: its time, a parent's time, or a stop request. Reads the clock and
   * asks the caller (once) on every call, and remembers nothing (the engine's deadline).
   */
  over(): boolean {
    return this.timeUp() || this.outerOver();
  }

  /** Whether time is up; cheap enough to call in inner loops. Once true, stays true. */
  expired(): boolean {
    if (this.done) return true;
    if ((++this.calls & 15) !== 0) return false;
    return this.check();
  }

  /** Whether time is up, reading the clock now. Once true, stays true. */
  check(): boolean {
    if (this.done) return true;
    this.done = performance.now() >= this.end || this.outerOver();
    return this.done;
  }

  /** Milliseconds left (0 once `expired` or `check` said so). */
  remainingMs(): number {
    return this.done ? 0 : Math.max(0, this.end - performance.now());
  }

  /** The parent is over, or (at the top, where the signal lives) the caller asked to stop. */
  private outerOver(): boolean {
    return this.parent !== null ? this.parent.over() : this.signal.requested();
  }
}
