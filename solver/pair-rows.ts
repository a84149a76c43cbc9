/**
 * One account's eligible pairs, computed from the problem: which reps may own it (call pattern,
 * skills, exclusions, hard distance limits, locks and frozen segments), each pair's calls, hours and
 * km (workload.ts), and its cost in the objective (travel, disruption, soft distance and stretch
 * penalties). The one source of pair facts: compile materialises every row into the model's columns
 * (compile-pairs.ts), and a national model too large to hold is read row by row (compile-stream.ts).
 */
import { pairLimit, roadKm } from './limits.ts';
import type { Problem } from './problem.ts';
import { introHours } from './rep-hours.ts';
import { ineligibilityOf, pairWorkload, type PatternIndex } from './workload.ts';

/** What the rows are computed from: segments, call patterns, reps and today's owners. */
export interface PairData {
  readonly segments: readonly string[];
  readonly patterns: PatternIndex;
  readonly repIndex: ReadonlyMap<string, number>;
  /** Current rep index of each account, or -1. */
  readonly current: Int32Array;
  /** Role index of each rep. */
  readonly roleOfRep: Int32Array;
  /** What moving each account costs, in the disruption measure. */
  readonly disruption: Float64Array;
}

/** One account's pairs, read from 0 to `count`; the arrays are reused by the next `row` call. */
export interface AccountRow {
  readonly count: number;
  readonly agent: Int32Array;
  /** Per pair: calls/year, call hours, travel hours, workload, km, annual travel km, objective cost. */
  readonly calls: Float64Array;
  readonly callHours: Float64Array;
  readonly travelHours: Float64Array;
  readonly workload: Float64Array;
  readonly km: Float64Array;
  readonly travelKm: Float64Array;
  readonly cost: Float64Array;
  /** Per pair: the new owner's introduction hours when it takes the account over from another rep, else 0. */
  readonly transitionHours: Float64Array;
  /** Per pair: the load on the rep's capacity, workload plus transitionHours when `transition.countAgainstCapacity`. */
  readonly capacityHours: Float64Array;
}

export class PairRows {
  readonly #agent: Int32Array;
  readonly #calls: Float64Array;
  readonly #callHours: Float64Array;
  readonly #travelHours: Float64Array;
  readonly #workload: Float64Array;
  readonly #km: Float64Array;
  readonly #travelKm: Float64Array;
  readonly #cost: Float64Array;
  readonly #transitionHours: Float64Array;
  readonly #capacityHours: Float64Array;
  /** Per role: the least km of the row's pairs (the stretch penalty's reference). */
  readonly #nearest: Float64Array;
  /** The mean account value (the tier term's unit), 0 when there is none. */
  readonly #meanValue: number;

  constructor(
    readonly problem: Problem,
    readonly data: PairData,
  ) {
    const n = problem.reps.length;
    this.#agent = new Int32Array(n);
    this.#calls = new Float64Array(n);
    this.#callHours = new Float64Array(n);
    this.#travelHours = new Float64Array(n);
    this.#workload = new Float64Array(n);
    this.#km = new Float64Array(n);
    this.#travelKm = new Float64Array(n);
    this.#cost = new Float64Array(n);
    this.#transitionHours = new Float64Array(n);
    this.#capacityHours = new Float64Array(n);
    this.#nearest = new Float64Array(Math.max(1, ...data.roleOfRep) + 1);
    this.#meanValue = problem.accounts.length > 0 ? problem.accounts.reduce((s, a) => s + a.value, 0) / problem.accounts.length : 0;
  }

  /** The rep account i is tied to by its lock or frozen segment, or -1 (see `pinOf`). */
  pinnedRep(i: number): number {
    const { problem, data } = this;
    const pin = pinOf(problem, data.segments, data.current, i);
    if (pin === 'locked') return data.repIndex.get(problem.accounts[i]!.lockedRepId!)!;
    return pin === 'frozen' ? data.current[i]! : -1;
  }

  /** Whether rep j may own account i. */
  eligible(i: number, j: number): boolean {
    const only = this.pinnedRep(i);
    return (only < 0 || only === j) && ineligibilityOf(this.problem, this.data.patterns, this.data.segments[i]!, i, j) === null;
  }

  /** Account i's eligible pairs, in rep order, with their facts and costs. */
  row(i: number): AccountRow {
    const { problem, data } = this;
    const only = this.pinnedRep(i);
    const segment = data.segments[i]!;
    const bySegment = data.patterns.get(segment);
    const cur = data.current[i]!;
    const counted = problem.transition.countAgainstCapacity;
    let count = 0;
    const add = (j: number) => {
      if (ineligibilityOf(problem, data.patterns, segment, i, j) !== null) return;
      const pattern = bySegment?.get(problem.reps[j]!.role);
      const w = pairWorkload(problem, pattern, i, j);
      // A takeover: the account has a rep today and it is another one (new accounts are no takeover).
      const transition = cur >= 0 && j !== cur ? introHours(problem, pattern) : 0;
      this.#transitionHours[count] = transition;
      this.#capacityHours[count] = counted ? w.workload + transition : w.workload;
      this.#agent[count] = j;
      this.#calls[count] = w.calls;
      this.#callHours[count] = w.callHours;
      this.#travelHours[count] = w.travelHours;
      this.#workload[count] = w.workload;
      this.#km[count] = w.km;
      this.#travelKm[count] = w.travelKm;
      count++;
    };
    if (only >= 0) add(only);
    else for (let j = 0; j < problem.reps.length; j++) add(j);
    this.#costs(i, count);
    return {
      count,
      agent: this.#agent,
      calls: this.#calls,
      callHours: this.#callHours,
      travelHours: this.#travelHours,
      workload: this.#workload,
      km: this.#km,
      travelKm: this.#travelKm,
      cost: this.#cost,
      transitionHours: this.#transitionHours,
      capacityHours: this.#capacityHours,
    };
  }

  /**
   * Each pair's cost: travel (annual km driven, or home-to-account km) plus the cost of moving the
   * account, plus the soft distance limits' penalty (penaltyPerKm x road km beyond the pair's limit)
   * and the stretch penalty (docs/architecture.md, "Distance limits" and "Compactness").
   */
  #costs(i: number, count: number): void {
    const { problem, data } = this;
    const obj = problem.objective;
    const cur = data.current[i]!;
    for (let k = 0; k < count; k++) {
      const travel = obj.travel === 'visits' ? this.#travelKm[k]! : this.#km[k]!;
      const moved = cur >= 0 && this.#agent[k] !== cur;
      this.#cost[k] = obj.travelWeight * travel + (moved ? obj.disruptionWeight * data.disruption[i]! : 0);
    }
    // Strength matching: tierWeight x (value / mean value) x (tier - 1), so high-value accounts go
    // to the strongest reps first (docs/problem-format.md, "tier").
    if (obj.tierWeight > 0 && this.#meanValue > 0) {
      const share = problem.accounts[i]!.value / this.#meanValue;
      for (let k = 0; k < count; k++) this.#cost[k]! += obj.tierWeight * share * ((problem.reps[this.#agent[k]!]!.tier ?? 1) - 1);
    }
    const segment = data.segments[i]!;
    if (problem.limits) {
      for (let k = 0; k < count; k++) {
        const limit = pairLimit(problem, segment, problem.reps[this.#agent[k]!]!.role);
        if (limit?.mode !== 'soft') continue;
        this.#cost[k]! += limit.penaltyPerKm * Math.max(0, roadKm(problem, this.#km[k]!) - limit.limitKm);
      }
    }
    const weight = obj.compactnessWeight;
    if (weight === 0) return;
    // compactnessWeight x the road km by which a pair's rep lies beyond twice the road km of the
    // account's nearest eligible rep of the same role; in-person pairs only (phone and video calls
    // drive no km, so their distance is no outlier).
    const { roleOfRep } = data;
    this.#nearest.fill(Infinity);
    for (let k = 0; k < count; k++) {
      const r = roleOfRep[this.#agent[k]!]!;
      this.#nearest[r] = Math.min(this.#nearest[r]!, this.#km[k]!);
    }
    const bySegment = data.patterns.get(segment);
    for (let k = 0; k < count; k++) {
      const j = this.#agent[k]!;
      if (bySegment?.get(problem.reps[j]!.role)?.channel !== 'in_person') continue;
      const beyond = roadKm(problem, this.#km[k]! - 2 * this.#nearest[roleOfRep[j]!]!);
      if (beyond > 0) this.#cost[k]! += weight * beyond;
    }
  }
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
