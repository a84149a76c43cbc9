/**
 * Compiles a territory problem into the generic assignment model, in the order of a MIP model
 * (after OR-tools' `assignment_mip.py`): the data, the variables (one per eligible account-rep pair,
 * `compile-pairs.ts`), the constraints family by family (one builder each), the objective; plus
 * the per-pair facts the reports need.
 */
import type { AssignmentModel, BandFamily, CapacityFamily, SideConstraint } from './assignment.ts';
import { eligiblePairs, type EligiblePairs, type Unassignable } from './compile-pairs.ts';
import { PairRows, type PairData } from './pair-rows.ts';
import type { Problem } from './problem.ts';
import { assignableHours } from './rep-hours.ts';
import { segmentAccounts } from './segments.ts';
import { FAMILY } from './types.ts';
import { indexPatterns, pairWorkload, type PatternIndex } from './workload.ts';

export { pinOf, type Unassignable } from './compile-pairs.ts';

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
  /** Per pair: introduction hours of a takeover (else 0), and the load on the rep's capacity. */
  readonly pairTransitionHours: Float64Array;
  readonly pairCapacityHours: Float64Array;
  /** What a move costs, per account (in the disruption measure). */
  readonly disruption: Float64Array;
  readonly unassignable: readonly Unassignable[];
  readonly warnings: readonly string[];
}

export function compileProblem(problem: Problem): CompiledProblem {
  const data = compileData(problem);
  // Variables: x[p] = 1 when the account of pair p goes to its rep.
  return assembleModel(data, eligiblePairs(new PairRows(problem, data.pairData)));
}

/** What the pairs are computed from: segments, call patterns, roles, today's owners and what moving each account costs. */
export interface CompileData {
  readonly problem: Problem;
  readonly roles: readonly string[];
  readonly pairData: PairData;
}

export function compileData(problem: Problem): CompileData {
  const segments = segmentAccounts(problem);
  const patterns = indexPatterns(problem.callPatterns);
  const repIndex = new Map(problem.reps.map((r, j) => [r.id, j] as const));
  const roles = [...new Set(problem.reps.map((r) => r.role))];
  const roleOfRep = Int32Array.from(problem.reps, (r) => roles.indexOf(r.role));
  // An owner that is no rep counts as unassigned today (parseProblem has warned about it once).
  const current = Int32Array.from(problem.accounts, (a) => (a.currentRepId === undefined ? -1 : (repIndex.get(a.currentRepId) ?? -1)));
  const disruption = disruptionPerAccount(problem, segments, patterns, current);
  return { problem, roles, pairData: { segments, patterns, repIndex, current, roleOfRep, disruption } };
}

/** The model over `pairs` (every eligible pair, or a report's selection of them): constraints family by family, the objective. */
export function assembleModel(data: CompileData, pairs: EligiblePairs): CompiledProblem {
  const { problem, roles } = data;
  const { segments, current, roleOfRep, disruption } = data.pairData;
  // Constraints, family by family (each account to one rep is the model's own assignment row).
  const capacities = [...capacityFamilies(problem, pairs), ...takeoverLimits(problem, pairs, current)];
  const bands = bandFamilies(problem, pairs, roleOfRep);
  const sideConstraints = staySides(problem, current).map((side) => sideOverPairs(side, pairs, current));
  const { pairStart, pairAgent } = pairs;
  return {
    problem,
    model: { items: problem.accounts.length, agents: problem.reps.length, pairStart, pairAgent, pairCost: pairs.cost, capacities, bands, sideConstraints },
    segments,
    roles,
    roleOfRep,
    current,
    pairCalls: pairs.calls,
    pairCallHours: pairs.callHours,
    pairTravelHours: pairs.travelHours,
    pairWorkload: pairs.workload,
    pairKm: pairs.km,
    pairTravelKm: pairs.travelKm,
    pairTransitionHours: pairs.transitionHours,
    pairCapacityHours: pairs.capacityHours,
    disruption,
    unassignable: pairs.unassignable,
    warnings: [],
  };
}

/**
 * Each rep's workload within its hours for accounts (capacity less prospecting; plus the
 * introduction calls of its takeovers when they count against capacity), and its accounts within
 * its `maxAccounts` when any rep has one.
 */
function capacityFamilies(problem: Problem, pairs: EligiblePairs): CapacityFamily[] {
  const capacities: CapacityFamily[] = [
    { name: FAMILY.capacity, load: pairs.capacityHours, limit: Float64Array.from(problem.reps, assignableHours) },
  ];
  if (problem.reps.some((r) => r.maxAccounts !== undefined)) {
    const P = pairs.pairAgent.length;
    capacities.push({ name: FAMILY.maxAccounts, load: new Float64Array(P).fill(1), limit: Float64Array.from(problem.reps, (r) => r.maxAccounts ?? Infinity) });
  }
  return capacities;
}

/**
 * Each rep's workload, and its value when `valueTolerance` is set, within ±tolerance of its
 * capacity share of its role's total; soft bands charge `softPenalty` instead.
 */
function bandFamilies(problem: Problem, pairs: EligiblePairs, roleOfRep: Int32Array): BandFamily[] {
  const bands: BandFamily[] = [];
  // Shares are of the hours for accounts: a rep who reserves time for prospecting is expected to
  // carry less of the role's book (docs/architecture.md, "Balance bands within each role").
  const capacityWeights = Float64Array.from(problem.reps, assignableHours);
  const soft = problem.balance.mode === 'soft';
  // softPenalty is charged per 1% of a typical rep's share: the mean capacity for workload, the
  // mean value per rep for value. Converted here to a cost per unit of load outside the band.
  const perUnit = (typicalShare: number) => (typicalShare > 0 ? problem.balance.softPenalty / (0.01 * typicalShare) : 0);
  const meanCapacity = problem.reps.reduce((s, r) => s + r.capacity, 0) / problem.reps.length;
  const meanValue = problem.accounts.reduce((s, a) => s + a.value, 0) / problem.reps.length;
  bands.push({
    name: FAMILY.workloadBand,
    load: pairs.workload,
    group: roleOfRep,
    weight: capacityWeights,
    tolerance: problem.balance.workloadTolerance,
    penalty: soft ? perUnit(meanCapacity) : null,
  });
  if (problem.balance.valueTolerance !== null) {
    const valueLoad = new Float64Array(pairs.pairAgent.length);
    for (let i = 0; i < problem.accounts.length; i++) valueLoad.fill(problem.accounts[i]!.value, pairs.pairStart[i]!, pairs.pairStart[i + 1]!);
    bands.push({
      name: FAMILY.valueBand,
      load: valueLoad,
      group: roleOfRep,
      weight: capacityWeights,
      tolerance: problem.balance.valueTolerance,
      penalty: soft ? perUnit(meanValue) : null,
    });
  }
  return bands;
}

/**
 * With `maxTakeovers` on any rep: per rep, the accounts that today belong to another rep and come
 * to it, at most its limit (load 1 on every pair (i, j) with a current rep c(i) >= 0 and j != c(i)).
 */
function takeoverLimits(problem: Problem, pairs: EligiblePairs, current: Int32Array): CapacityFamily[] {
  if (!problem.reps.some((r) => r.maxTakeovers !== undefined)) return [];
  const load = new Float64Array(pairs.pairAgent.length);
  for (let i = 0; i < problem.accounts.length; i++) {
    if (current[i]! < 0) continue;
    for (let p = pairs.pairStart[i]!; p < pairs.pairStart[i + 1]!; p++) if (pairs.pairAgent[p] !== current[i]) load[p] = 1;
  }
  return [{ name: FAMILY.maxTakeovers, load, limit: Float64Array.from(problem.reps, (r) => r.maxTakeovers ?? Infinity) }];
}

/**
 * A side constraint over stay pairs: at least `lower` of `accounts` stay with their current rep.
 * Stated over accounts, not pairs, so that the held model (`sideOverPairs`) and the streamed one
 * (compile-stream.ts) name the same pairs: each account's pair with its current rep, where that
 * rep may own it. Only stay pairs, so the large strategy's candidates stay O(accounts).
 */
export interface StaySide {
  readonly name: string;
  readonly accounts: Int32Array;
  readonly lower: number;
}

/**
 * With `maxMoves`: at least (accounts with a current rep) - maxMoves of them stay with it. Per rep
 * with `maxHandoffs`: at least (its current accounts) - maxHandoffs of them stay with it (no row
 * when the limit exceeds its accounts: it cannot bind). An account whose current rep may not own
 * it has no stay pair and counts as moved or handed off.
 */
export function staySides(problem: Problem, current: Int32Array): StaySide[] {
  const out: StaySide[] = [];
  const withCurrent = (j: number | null) => Int32Array.from(problem.accounts.keys()).filter((i) => current[i]! >= 0 && (j === null || current[i] === j));
  const { maxMoves } = problem.objective;
  if (maxMoves !== undefined) {
    const accounts = withCurrent(null);
    out.push({ name: FAMILY.maxMoves, accounts, lower: accounts.length - maxMoves });
  }
  problem.reps.forEach((rep, j) => {
    if (rep.maxHandoffs === undefined) return;
    const accounts = withCurrent(j);
    if (accounts.length > rep.maxHandoffs) out.push({ name: FAMILY.maxHandoffs, accounts, lower: accounts.length - rep.maxHandoffs });
  });
  return out;
}

/** A stay side as a model row: the pairs of its accounts with their current reps. */
function sideOverPairs(side: StaySide, pairs: EligiblePairs, current: Int32Array): SideConstraint {
  const stay: number[] = [];
  for (const i of side.accounts) {
    for (let p = pairs.pairStart[i]!; p < pairs.pairStart[i + 1]!; p++) if (pairs.pairAgent[p] === current[i]) stay.push(p);
  }
  return { name: side.name, pairs: Int32Array.from(stay), coefs: new Float64Array(stay.length).fill(1), lower: side.lower, upper: Infinity };
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
