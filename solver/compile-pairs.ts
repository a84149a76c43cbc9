/**
 * The variables of the compiled model: one per eligible (account, rep) pair, in account order, with
 * the facts the costs, loads and reports read (calls, hours, workload, km), and the accounts no rep
 * may own, with the reason.
 */
import type { Problem } from './problem.ts';
import { estimateModelPairs } from './model-size.ts';
import { ineligibilityOf, ineligibilityWords, pairWorkload, type PatternIndex } from './workload.ts';

/** An account no rep may own, with the reason. */
export interface Unassignable {
  readonly account: number;
  readonly reason: string;
}

/** What the pairs are built from: the problem's segments, call patterns, rep ids and today's owners. */
export interface PairData {
  readonly segments: readonly string[];
  readonly patterns: PatternIndex;
  readonly repIndex: ReadonlyMap<string, number>;
  /** Current rep index of each account, or -1. */
  readonly current: Int32Array;
}

export interface EligiblePairs {
  /** Pairs of account i are `pairStart[i] .. pairStart[i+1]-1`. */
  readonly pairStart: Int32Array;
  readonly pairAgent: Int32Array;
  /** Per pair: calls/year, call hours, travel hours, workload, km, annual travel km. */
  readonly calls: Float64Array;
  readonly callHours: Float64Array;
  readonly travelHours: Float64Array;
  readonly workload: Float64Array;
  readonly km: Float64Array;
  readonly travelKm: Float64Array;
  readonly unassignable: readonly Unassignable[];
}

/** One variable per pair a rep may own: call pattern, skills, exclusions, locks and frozen segments decide. */
export function eligiblePairs(problem: Problem, data: PairData): EligiblePairs {
  const { segments, patterns, repIndex, current } = data;
  const pairStart = new Int32Array(problem.accounts.length + 1);
  // Typed columns, not number[]: a national model has millions of pairs (memory and GC time). Sized
  // by the upper bound on the pairs, which is exact but for exclusions: grown by doubling from a
  // guess, the columns peaked at 120 bytes per pair for the 68 they keep (BENCHMARKS.md).
  const guess = estimateModelPairs(problem);
  const agents = new GrowableColumn(Int32Array, guess);
  const facts = {
    calls: new GrowableColumn(Float64Array, guess),
    callHours: new GrowableColumn(Float64Array, guess),
    travelHours: new GrowableColumn(Float64Array, guess),
    workload: new GrowableColumn(Float64Array, guess),
    km: new GrowableColumn(Float64Array, guess),
    travelKm: new GrowableColumn(Float64Array, guess),
  };
  const unassignable: Unassignable[] = [];

  problem.accounts.forEach((account, i) => {
    pairStart[i] = agents.length;
    const pin = pinOf(problem, segments, current, i);
    const lockedTo = pin === 'locked' ? repIndex.get(account.lockedRepId!)! : -1;
    const frozenTo = pin === 'frozen' ? current[i]! : -1;
    const only = lockedTo >= 0 ? lockedTo : frozenTo;
    const reasons = new Map<string, number>();
    // The nearest rep a hard distance limit ruled out, for the diagnosis.
    let nearestBeyond: { j: number; km: number; words: string } | null = null;
    problem.reps.forEach((rep, j) => {
      if (only >= 0 && j !== only) return;
      const ineligible = ineligibilityOf(problem, patterns, segments[i]!, i, j);
      if (ineligible !== null) {
        if (ineligible.kind === 'distance') {
          if (nearestBeyond === null || ineligible.km < nearestBeyond.km) nearestBeyond = { j, km: ineligible.km, words: ineligible.words };
        } else {
          const why = ineligibilityWords(ineligible);
          reasons.set(why, (reasons.get(why) ?? 0) + 1);
        }
        return;
      }
      const w = pairWorkload(problem, patterns.get(segments[i]!)?.get(rep.role), i, j);
      agents.push(j);
      facts.calls.push(w.calls);
      facts.callHours.push(w.callHours);
      facts.travelHours.push(w.travelHours);
      facts.workload.push(w.workload);
      facts.km.push(w.km);
      facts.travelKm.push(w.travelKm);
    });
    if (agents.length === pairStart[i]) {
      const beyond = nearestBeyond as { j: number; km: number; words: string } | null;
      const distanceWhy = beyond === null ? [] : [distanceReason(problem, beyond)];
      const why = [...distanceWhy, ...reasons.keys()].join('; ');
      const pinned =
        pin === 'locked' ? `locked to ${account.lockedRepId}, but `
        : pin === 'frozen' ? `segment ${segments[i]} is frozen (the account keeps its current rep ${account.currentRepId}), but `
        : '';
      unassignable.push({ account: i, reason: `${pinned}${why || 'there are no reps'}` });
    }
  });
  pairStart[problem.accounts.length] = agents.length;

  return {
    pairStart,
    pairAgent: agents.finish(),
    workload: facts.workload.finish(),
    km: facts.km.finish(),
    travelKm: facts.travelKm.finish(),
    calls: facts.calls.finish(),
    callHours: facts.callHours.finish(),
    travelHours: facts.travelHours.finish(),
    unassignable,
  };
}

/** "no field rep within 80 km: the nearest is Anna Huber at 112 km" (road km). */
function distanceReason(problem: Problem, beyond: { j: number; km: number; words: string }): string {
  const rep = problem.reps[beyond.j]!;
  return `no ${rep.role} rep within ${beyond.words}: the nearest is ${rep.name ?? rep.id} at ${Math.round(beyond.km)} km`;
}

/**
 * What ties account i to one rep before eligibility is checked: its lock, or its frozen segment
 * (frozen accounts keep their current rep; a lock wins over a freeze, and an account without a known
 * current rep is not held by a freeze). Null when neither applies.
 */
export function pinOf(problem: Problem, segments: readonly string[], current: Int32Array, i: number): 'locked' | 'frozen' | null {
  if (problem.accounts[i]!.lockedRepId !== undefined) return 'locked';
  return current[i]! >= 0 && problem.objective.frozenSegments.includes(segments[i]!) ? 'frozen' : null;
}

/** An append-only typed array that doubles when full; `finish` returns it trimmed to its length. */
class GrowableColumn<T extends Float64Array | Int32Array> {
  #data: T;
  length = 0;

  constructor(
    private readonly Kind: { new (length: number): T },
    initial: number,
  ) {
    this.#data = new Kind(Math.max(16, initial));
  }

  push(value: number): void {
    if (this.length === this.#data.length) {
      const grown = new this.Kind(this.#data.length * 2);
      grown.set(this.#data);
      this.#data = grown;
    }
    this.#data[this.length++] = value;
  }

  /**
   * The filled part. A view when the slack is small (a copy would hold the column twice until the
   * original is collected: that was the 120-byte peak), a copy when it is not; either way this
   * column lets go of its buffer.
   */
  finish(): T {
    const data = this.#data;
    this.#data = new this.Kind(0);
    if (this.length === data.length) return data;
    return (data.length - this.length <= this.length / 8 ? data.subarray(0, this.length) : data.slice(0, this.length)) as T;
  }
}
