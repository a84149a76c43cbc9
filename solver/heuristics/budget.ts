/**
 * A time budget for the heuristics: a wall-clock limit read through performance.now() (a clock, not
 * I/O) and an optional caller's stop predicate (cancellation). Polled often, so it reads the clock only
 * every few calls.
 */
export class Budget {
  private readonly end: number;
  private calls = 0;
  private done = false;

  /** `timeLimitMs` from now (Infinity for none); `deadline` returning true also ends the budget. */
  constructor(
    timeLimitMs: number,
    private readonly deadline?: () => boolean,
  ) {
    this.end = performance.now() + Math.max(0, timeLimitMs);
  }

  /** Whether time is up; cheap enough to call in inner loops. */
  expired(): boolean {
    if (this.done) return true;
    if ((++this.calls & 15) !== 0) return false;
    return this.check();
  }

  /** Whether time is up, reading the clock now. */
  check(): boolean {
    if (this.done) return true;
    this.done = performance.now() >= this.end || this.deadline?.() === true;
    return this.done;
  }

  /** Milliseconds left (0 once expired). */
  remainingMs(): number {
    return this.done ? 0 : Math.max(0, this.end - performance.now());
  }
}
