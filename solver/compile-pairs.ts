/**
 * The variables of the compiled model: one per eligible (account, rep) pair, in account order, with
 * the facts the costs, loads and reports read (calls, hours, workload, km, cost; pair-rows.ts), and
 * the accounts no rep may own, with the reason.
 */
import { estimateModelPairs } from './model-size.ts';
import { pinOf, type AccountRow, type PairRows } from './pair-rows.ts';
import type { Problem } from './problem.ts';
import { ineligibilityOf, ineligibilityWords } from './workload.ts';

export { pinOf } from './pair-rows.ts';

/** An account no rep may own, with the reason. */
export interface Unassignable {
  readonly account: number;
  readonly reason: string;
}

export interface EligiblePairs {
  /** Pairs of account i are `pairStart[i] .. pairStart[i+1]-1`. */
  readonly pairStart: Int32Array;
  readonly pairAgent: Int32Array;
  /** Per pair: calls/year, call hours, travel hours, workload, km, annual travel km, objective cost. */
  readonly calls: Float64Array;
  readonly callHours: Float64Array;
  readonly travelHours: Float64Array;
  readonly workload: Float64Array;
  readonly km: Float64Array;
  readonly travelKm: Float64Array;
  readonly cost: Float64Array;
  /** Per pair: introduction hours of a takeover (else 0), and the load on capacity (pair-rows.ts). */
  readonly transitionHours: Float64Array;
  readonly capacityHours: Float64Array;
  readonly unassignable: readonly Unassignable[];
}

/**
 * Which pairs of account i's row to keep (all when left out): a report model of a national plan
 * keeps the few its reports read (compile-stream.ts). Called once per row; returns indexes into it.
 */
export type RowSelection = (i: number, row: AccountRow) => Iterable<number>;

/**
 * One variable per pair a rep may own (call pattern, skills, exclusions, locks and frozen segments
 * decide), or per selected pair, with the facts of each.
 */
export function eligiblePairs(rows: PairRows, select?: RowSelection): EligiblePairs {
  const { problem } = rows;
  const pairStart = new Int32Array(problem.accounts.length + 1);
  // Typed columns, not number[]: a national model has millions of pairs (memory and GC time). Sized
  // by the upper bound on the pairs, which is exact but for exclusions: grown by doubling from a
  // guess, the columns peaked at 120 bytes per pair for the 68 they keep (BENCHMARKS.md).
  const guess = select ? 4 * problem.accounts.length : estimateModelPairs(problem);
  const agents = new GrowableColumn(Int32Array, guess);
  const facts = {
    calls: new GrowableColumn(Float64Array, guess),
    callHours: new GrowableColumn(Float64Array, guess),
    travelHours: new GrowableColumn(Float64Array, guess),
    workload: new GrowableColumn(Float64Array, guess),
    km: new GrowableColumn(Float64Array, guess),
    travelKm: new GrowableColumn(Float64Array, guess),
    cost: new GrowableColumn(Float64Array, guess),
    transitionHours: new GrowableColumn(Float64Array, guess),
  };
  // The capacity load differs from the workload only when introduction calls count against it.
  const counted = problem.transition.countAgainstCapacity;
  const capacityHours = counted ? new GrowableColumn(Float64Array, guess) : null;
  const unassignable: Unassignable[] = [];
  const all: number[] = [];

  for (let i = 0; i < problem.accounts.length; i++) {
    pairStart[i] = agents.length;
    const row = rows.row(i);
    if (row.count === 0) {
      unassignable.push({ account: i, reason: unassignableReason(rows, i) });
      continue;
    }
    let picked: Iterable<number> = all;
    if (select) picked = select(i, row);
    else for (all.length = 0; all.length < row.count; ) all.push(all.length);
    for (const k of picked) {
      agents.push(row.agent[k]!);
      facts.calls.push(row.calls[k]!);
      facts.callHours.push(row.callHours[k]!);
      facts.travelHours.push(row.travelHours[k]!);
      facts.workload.push(row.workload[k]!);
      facts.km.push(row.km[k]!);
      facts.travelKm.push(row.travelKm[k]!);
      facts.cost.push(row.cost[k]!);
      facts.transitionHours.push(row.transitionHours[k]!);
      capacityHours?.push(row.capacityHours[k]!);
    }
  }
  pairStart[problem.accounts.length] = agents.length;

  const workload = facts.workload.finish();
  return {
    pairStart,
    pairAgent: agents.finish(),
    workload,
    km: facts.km.finish(),
    travelKm: facts.travelKm.finish(),
    calls: facts.calls.finish(),
    callHours: facts.callHours.finish(),
    travelHours: facts.travelHours.finish(),
    cost: facts.cost.finish(),
    transitionHours: facts.transitionHours.finish(),
    capacityHours: capacityHours ? capacityHours.finish() : workload,
    unassignable,
  };
}

/** No pairs at all: what the families are built of when only their limits, groups and weights matter. */
export function noPairs(accounts: number): EligiblePairs {
  const none = new Float64Array(0);
  return { pairStart: new Int32Array(accounts + 1), pairAgent: new Int32Array(0), calls: none, callHours: none, travelHours: none, workload: none, km: none, travelKm: none, cost: none, transitionHours: none, capacityHours: none, unassignable: [] };
}

/** Why no rep may own account i (its row is empty): the lock or freeze, and each rep's reason, grouped. */
export function unassignableReason(rows: PairRows, i: number): string {
  const { problem, data } = rows;
  const account = problem.accounts[i]!;
  const pin = pinOf(problem, data.segments, data.current, i);
  const only = rows.pinnedRep(i);
  const reasons = new Map<string, number>();
  // The nearest rep a hard distance limit ruled out, for the diagnosis.
  let nearestBeyond: { j: number; km: number; words: string } | null = null;
  problem.reps.forEach((_, j) => {
    if (only >= 0 && j !== only) return;
    const ineligible = ineligibilityOf(problem, data.patterns, data.segments[i]!, i, j);
    if (ineligible === null) return;
    if (ineligible.kind === 'distance') {
      if (nearestBeyond === null || ineligible.km < nearestBeyond.km) nearestBeyond = { j, km: ineligible.km, words: ineligible.words };
    } else {
      const why = ineligibilityWords(ineligible);
      reasons.set(why, (reasons.get(why) ?? 0) + 1);
    }
  });
  const beyond = nearestBeyond as { j: number; km: number; words: string } | null;
  const distanceWhy = beyond === null ? [] : [distanceReason(problem, beyond)];
  const why = [...distanceWhy, ...reasons.keys()].join('; ');
  const pinned =
    pin === 'locked' ? `locked to ${account.lockedRepId}, but `
    : pin === 'frozen' ? `segment ${data.segments[i]} is frozen (the account keeps its current rep ${account.currentRepId}), but `
    : '';
  return `${pinned}${why || 'there are no reps'}`;
}

/** "no field rep within 80 km: the nearest is Anna Huber at 112 km" (road km). */
function distanceReason(problem: Problem, beyond: { j: number; km: number; words: string }): string {
  const rep = problem.reps[beyond.j]!;
  return `no ${rep.role} rep within ${beyond.words}: the nearest is ${rep.name ?? rep.id} at ${Math.round(beyond.km)} km`;
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
