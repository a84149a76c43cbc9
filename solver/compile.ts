/**
 * Compiles a territory problem into the generic assignment model: eligible pairs with their
 * workloads, costs and loads, capacity and max-accounts limits, workload and value bands per role,
 * and the disruption budget as a side constraint.
 */
import type { AssignmentModel, BandFamily, CapacityFamily, SideConstraint } from './assignment.ts';
import type { Problem } from './problem.ts';
import { estimateModelPairs } from './model-size.ts';
import { segmentAccounts } from './segments.ts';
import { FAMILY } from './types.ts';
import { indexPatterns, ineligibility, pairWorkload, type PatternIndex } from './workload.ts';

/** An account no rep may own, with the reason. */
export interface Unassignable {
  readonly account: number;
  readonly reason: string;
}

export interface CompiledProblem {
  readonly problem: Problem;
  readonly model: AssignmentModel;
  readonly segments: readonly string[];
  readonly roles: readonly string[];
  /** Role index of each rep. */
  readonly roleOfRep: Int32Array;
  /** Current rep index of each account, or -1. */
  readonly current: Int32Array;
  /** Per pair: calls/year, call hours, travel hours, workload, km, annual travel km, travel cost. */
  readonly pairCalls: Float64Array;
  readonly pairCallHours: Float64Array;
  readonly pairTravelHours: Float64Array;
  readonly pairWorkload: Float64Array;
  readonly pairKm: Float64Array;
  readonly pairTravelKm: Float64Array;
  /** What a move costs, per account (in the disruption measure). */
  readonly disruption: Float64Array;
  readonly unassignable: readonly Unassignable[];
  readonly warnings: readonly string[];
}

export function compileProblem(problem: Problem): CompiledProblem {
  const segments = segmentAccounts(problem);
  const patterns = indexPatterns(problem.callPatterns);
  const repIndex = new Map(problem.reps.map((r, j) => [r.id, j] as const));
  const roles = [...new Set(problem.reps.map((r) => r.role))];
  const roleOfRep = Int32Array.from(problem.reps, (r) => roles.indexOf(r.role));
  const warnings: string[] = [];
  // An owner that is no rep counts as unassigned today (parseProblem has warned about it once).
  const current = Int32Array.from(problem.accounts, (a) => (a.currentRepId === undefined ? -1 : (repIndex.get(a.currentRepId) ?? -1)));

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
    problem.reps.forEach((rep, j) => {
      if (only >= 0 && j !== only) return;
      const why = ineligibility(problem, patterns, segments[i]!, i, j);
      if (why !== null) {
        reasons.set(why, (reasons.get(why) ?? 0) + 1);
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
      const why = [...reasons.keys()].join('; ');
      const pinned =
        pin === 'locked' ? `locked to ${account.lockedRepId}, but `
        : pin === 'frozen' ? `segment ${segments[i]} is frozen (the account keeps its current rep ${account.currentRepId}), but `
        : '';
      unassignable.push({ account: i, reason: `${pinned}${why || 'there are no reps'}` });
    }
  });
  pairStart[problem.accounts.length] = agents.length;

  const P = agents.length;
  const pairAgent = agents.finish();
  const pairWorkloads = facts.workload.finish();
  const pairKm = facts.km.finish();
  const pairTravelKm = facts.travelKm.finish();
  const disruption = disruptionPerAccount(problem, segments, patterns, current);

  // Objective: travel (annual km driven, or home-to-account km) plus the cost of moving accounts.
  const obj = problem.objective;
  const pairCost = new Float64Array(P);
  for (let i = 0; i < problem.accounts.length; i++) {
    for (let p = pairStart[i]!; p < pairStart[i + 1]!; p++) {
      const travel = obj.travel === 'visits' ? pairTravelKm[p]! : pairKm[p]!;
      const moved = current[i]! >= 0 && pairAgent[p] !== current[i];
      pairCost[p] = obj.travelWeight * travel + (moved ? obj.disruptionWeight * disruption[i]! : 0);
    }
  }

  const capacities: CapacityFamily[] = [
    { name: FAMILY.capacity, load: pairWorkloads, limit: Float64Array.from(problem.reps, (r) => r.capacity) },
  ];
  if (problem.reps.some((r) => r.maxAccounts !== undefined)) {
    capacities.push({ name: FAMILY.maxAccounts, load: new Float64Array(P).fill(1), limit: Float64Array.from(problem.reps, (r) => r.maxAccounts ?? Infinity) });
  }

  const bands: BandFamily[] = [];
  const capacityWeights = Float64Array.from(problem.reps, (r) => r.capacity);
  const soft = problem.balance.mode === 'soft';
  // softPenalty is charged per 1% of a typical rep's share: the mean capacity for workload, the
  // mean value per rep for value. Converted here to a cost per unit of load outside the band.
  const perUnit = (typicalShare: number) => (typicalShare > 0 ? problem.balance.softPenalty / (0.01 * typicalShare) : 0);
  const meanCapacity = problem.reps.reduce((s, r) => s + r.capacity, 0) / problem.reps.length;
  const meanValue = problem.accounts.reduce((s, a) => s + a.value, 0) / problem.reps.length;
  bands.push({
    name: FAMILY.workloadBand,
    load: pairWorkloads,
    group: roleOfRep,
    weight: capacityWeights,
    tolerance: problem.balance.workloadTolerance,
    penalty: soft ? perUnit(meanCapacity) : null,
  });
  if (problem.balance.valueTolerance !== null) {
    const valueLoad = new Float64Array(P);
    for (let i = 0; i < problem.accounts.length; i++) valueLoad.fill(problem.accounts[i]!.value, pairStart[i]!, pairStart[i + 1]!);
    bands.push({
      name: FAMILY.valueBand,
      load: valueLoad,
      group: roleOfRep,
      weight: capacityWeights,
      tolerance: problem.balance.valueTolerance,
      penalty: soft ? perUnit(meanValue) : null,
    });
  }

  const sideConstraints: SideConstraint[] = [];
  if (obj.maxMoves !== undefined) {
    // Accounts that stay with their current rep: at least (accounts with a current rep) - maxMoves.
    const stay: number[] = [];
    let withCurrent = 0;
    for (let i = 0; i < problem.accounts.length; i++) {
      if (current[i]! < 0) continue;
      withCurrent++;
      for (let p = pairStart[i]!; p < pairStart[i + 1]!; p++) if (pairAgent[p] === current[i]) stay.push(p);
    }
    sideConstraints.push({
      name: FAMILY.maxMoves,
      pairs: Int32Array.from(stay),
      coefs: new Float64Array(stay.length).fill(1),
      lower: withCurrent - obj.maxMoves,
      upper: Infinity,
    });
  }

  return {
    problem,
    model: { items: problem.accounts.length, agents: problem.reps.length, pairStart, pairAgent, pairCost, capacities, bands, sideConstraints },
    segments,
    roles,
    roleOfRep,
    current,
    pairCalls: facts.calls.finish(),
    pairCallHours: facts.callHours.finish(),
    pairTravelHours: facts.travelHours.finish(),
    pairWorkload: pairWorkloads,
    pairKm,
    pairTravelKm,
    disruption,
    unassignable,
    warnings,
  };
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

/**
 * The cost of moving account i, in the disruption measure: 1, its value, or its workload with its
 * current rep. When the current rep's role has no call pattern for the account's segment, its least
 * workload over the reps whose role has one. Eligibility details (skills, locks, exclusions) do not
 * change what a move costs.
 */
function disruptionPerAccount(problem: Problem, segments: readonly string[], patterns: PatternIndex, current: Int32Array): Float64Array {
  const measure = problem.objective.disruptionMeasure;
  return Float64Array.from(problem.accounts, (account, i) => {
    if (current[i]! < 0 || measure === 'accounts') return 1;
    if (measure === 'value') return account.value;
    const byRole = patterns.get(segments[i]!);
    const cur = current[i]!;
    const curPattern = byRole?.get(problem.reps[cur]!.role);
    if (curPattern || account.workload !== undefined) return pairWorkload(problem, curPattern, i, cur).workload;
    let least = Infinity;
    problem.reps.forEach((rep, j) => {
      const p = byRole?.get(rep.role);
      if (p) least = Math.min(least, pairWorkload(problem, p, i, j).workload);
    });
    return Number.isFinite(least) ? least : 0;
  });
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
