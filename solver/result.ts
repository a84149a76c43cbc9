/**
 * The result of a territory solve: the public output contract (docs/result-format.md). Plain JSON:
 * the same document `territory solve --json` prints and the service returns.
 */
import type { SolveStatus } from './assignment.ts';
import type { InputIssue } from './parse.ts';

export interface SolverFacts {
  /** See `SolveStatus` for what each status means for objective, bound and assignments. */
  readonly status: SolveStatus;
  readonly objective: number | null;
  /** Proven lower bound on the optimum. */
  readonly bound: number | null;
  /** (objective - bound) / |objective|. */
  readonly gap: number | null;
  readonly seconds: number;
  /** Which path produced the plan (e.g. `greedy+ls+highs-mip`). */
  readonly strategy: string;
  /** Which relaxation proved the bound: HiGHS branch-and-cut, the Lagrangian dual or the LP (null: no bound). */
  readonly boundSource: 'highs-mip' | 'lagrangian' | 'lp' | null;
  readonly timeLimitSeconds: number;
  readonly mipGap: number;
  readonly message?: string;
}

export interface Assignment {
  readonly accountId: string;
  readonly repId: string;
  /** The account's segment (given, or derived by the 80/20 rule). */
  readonly segment: string;
}

/** Why an account moved (see solver/move-reasons.ts and docs/result-format.md). */
export type MoveReason = 'current-rep-ineligible' | 'capacity' | 'workload-band' | 'value-band' | 'travel' | 'rebalance';

export interface Move {
  readonly accountId: string;
  /** The current rep, or null when the account had none (or an unknown one). */
  readonly fromRepId: string | null;
  readonly toRepId: string;
  readonly reason: MoveReason;
  /** One sentence with the numbers behind the reason. */
  readonly explanation: string;
}

export interface WorkloadSplit {
  /** Hours of calls per year (or the fixed workload). */
  readonly calls: number;
  /** Hours of travel per year. */
  readonly travel: number;
  readonly total: number;
}

export interface Territory {
  readonly repId: string;
  readonly repName?: string;
  readonly role: string;
  readonly accounts: number;
  readonly accountsBySegment: Readonly<Record<string, number>>;
  readonly workload: WorkloadSplit;
  readonly capacity: number;
  /** workload.total / capacity. */
  readonly utilization: number;
  /** Workload divided by the rep's capacity-proportional share of its role's workload (1 = on target). */
  readonly workloadIndex: number;
  readonly value: number;
  /** value divided by the rep's capacity-proportional share of its role's value. */
  readonly valueIndex: number;
  /** Road km driven per year for in-person calls. */
  readonly travelKm: number;
  /** Sum of home-to-account km (the compactness measure). */
  readonly distanceKm: number;
  readonly callsPerYear: number;
  /** Mean of the accounts' coordinates; null without coordinates or accounts. */
  readonly centroid: { readonly lat: number; readonly lon: number } | null;
}

/** Spread of a per-rep quantity within a role. */
export interface Spread {
  readonly min: number;
  readonly max: number;
  /** max / min (null when min is 0). */
  readonly maxMinRatio: number | null;
  /** Coefficient of variation: standard deviation / mean. */
  readonly cv: number;
  /** Largest |index - 1| over the role's reps, where index is quantity / capacity-proportional share. */
  readonly maxDeviationFromShare: number;
}

export interface RoleBalance {
  readonly role: string;
  readonly reps: number;
  readonly workload: Spread;
  readonly value: Spread;
}

export interface SegmentDemand {
  readonly segment: string;
  readonly accounts: number;
  readonly callsPerYear: number;
  readonly hours: number;
}

export interface RoleCapacity {
  readonly role: string;
  readonly reps: number;
  readonly demandHours: number;
  readonly capacityHours: number;
  /** demand / capacity. */
  readonly utilization: number;
  /** Share of demand the role's capacity can cover: min(1, capacity / demand). */
  readonly coverage: number;
  /** Reps needed to carry the demand at the target utilisation. */
  readonly headcountNeeded: number;
  /** reps - headcountNeeded: positive is surplus, negative a deficit, in FTE. */
  readonly surplusFte: number;
}

export interface RepCalls {
  readonly repId: string;
  readonly callsPerYear: number;
  readonly callsPerWeek: number;
  readonly utilization: number;
}

export interface CapacityReport {
  readonly targetUtilization: number;
  readonly weeksPerYear: number;
  /** True when demand is estimated without a plan (each account at its least-workload rep). */
  readonly estimated: boolean;
  readonly segments: readonly SegmentDemand[];
  readonly roles: readonly RoleCapacity[];
  readonly reps: readonly RepCalls[];
}

export interface Quota {
  readonly repId: string;
  readonly quota: number;
  readonly share: number;
}

/** A hard-constraint family that cannot hold, and by how much. */
export interface Diagnosis {
  readonly family: 'eligibility' | 'locks' | 'frozen-segments' | 'capacity' | 'max-accounts' | 'workload-band' | 'value-band' | 'max-moves' | 'combination';
  readonly message: string;
  /** The shortfall in the family's unit (hours, accounts, value), when it can be measured. */
  readonly shortfall?: number;
  readonly unit?: string;
  /** Account, rep or role ids involved. */
  readonly ids?: readonly string[];
  /** `max-moves`: the least number of moves a valid plan needs, exact or a proven lower bound. */
  readonly leastMoves?: LeastMoves;
  /** `frozen-segments`: the frozen segments whose accounts cannot all stay. */
  readonly segments?: readonly string[];
  /** `max-moves`, `frozen-segments`: the territories that force accounts out, and how many each. */
  readonly territories?: readonly ForcedTerritory[];
}

export interface LeastMoves {
  /** At least this many accounts must leave their current rep in every valid plan. */
  readonly count: number;
  /** True when a valid plan with exactly `count` moves was found; false: `count` is only a proven lower bound. */
  readonly exact: boolean;
  readonly maxMoves: number;
  /** Accounts that may not stay with their current rep at all (locked elsewhere, skills, exclusions, call patterns). */
  readonly currentRepIneligible: number;
}

/** A rep whose accounts exceed what it may carry in any plan, so some of them must leave. */
export interface ForcedTerritory {
  readonly repId: string;
  readonly repName?: string;
  /** The limit exceeded: its capacity, its maxAccounts, or the most its hard band allows in any plan. */
  readonly limit: 'capacity' | 'max-accounts' | 'workload-band' | 'value-band';
  /** Load of the accounts concerned (its current accounts, or its frozen ones), in `unit`. */
  readonly load: number;
  /** The most the rep may carry, in `unit`. */
  readonly max: number;
  readonly unit: 'hours' | 'accounts' | 'value';
  /** At least this many of those accounts must leave the rep. */
  readonly mustLeave: number;
}

export interface ObjectiveBreakdown {
  /** Annual in-person km (`travel: visits`) or summed home-to-account km (`travel: distance`). */
  readonly travel: number;
  readonly travelWeight: number;
  /** Summed disruption measure of the accounts that leave their current rep. */
  readonly disruption: number;
  readonly disruptionWeight: number;
  readonly balancePenalty: number;
  /** travelWeight x travel + disruptionWeight x disruption + balancePenalty. */
  readonly total: number;
}

export interface TerritoryResult {
  readonly name?: string;
  readonly solver: SolverFacts;
  readonly assignments: readonly Assignment[];
  readonly moves: readonly Move[];
  readonly territories: readonly Territory[];
  readonly balance: readonly RoleBalance[];
  readonly capacity: CapacityReport;
  readonly quotas?: readonly Quota[];
  readonly objective: ObjectiveBreakdown | null;
  readonly diagnosis?: readonly Diagnosis[];
  readonly warnings: readonly InputIssue[];
}
