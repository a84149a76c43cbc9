/**
 * The engine's cross-cutting contract, declared once: how a solve ends, why a caller stopped it,
 * which relaxation proved a bound, the names of the constraint families the compiler builds (and
 * the diagnosis, the reports and the result speak of), and an issue with the input. The result
 * schema (result.ts) builds its enums from these arrays, so the public contract and the engine
 * cannot drift apart.
 */

/** Outcome of a solve, shared by every backend and strategy. */
export const SOLVE_STATUSES = ['optimal', 'feasible', 'infeasible', 'timedout', 'error'] as const;
/**
 * - `optimal`: the assignment is proven optimal (relative gap <= 1e-4); objective = bound.
 * - `feasible`: a valid assignment, stopped at the requested gap or on request; bound is proven.
 * - `infeasible`: proven that no assignment satisfies the hard constraints; no assignment.
 * - `timedout`: the budget (work or time, see SEARCH_ENDS) ended the search; the best assignment found (if any) and the bound.
 * - `error`: the engine failed; no assignment.
 */
export type SolveStatus = (typeof SOLVE_STATUSES)[number];

/**
 * Why a caller asked a solve to stop, so the answer can say what happened: `cancel` (someone cancelled
 * the job), `client-gone` (the synchronous caller disconnected), `shutdown` (the service is stopping).
 * The time limit is not a stop request: the engine tells it apart on its own.
 */
export const STOP_REASONS = ['cancel', 'client-gone', 'shutdown'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

/**
 * What ended the search: `proof` (optimal, within the gap target, or proven infeasible), `work` (the
 * work budget: the same input and seed give this plan again, on any machine), `time` (the time
 * limit: on the wall clock by choice, or the safety net of a work budget that a slow or loaded
 * machine did not finish; another run may give another plan), `request` (a stop request), `error`.
 */
export const SEARCH_ENDS = ['proof', 'work', 'time', 'request', 'error'] as const;
export type SearchEnd = (typeof SEARCH_ENDS)[number];

/** Where a bound comes from: HiGHS's branch-and-cut, the Lagrangian dual, or the priced LP relaxation. */
export const BOUND_SOURCES = ['highs-mip', 'lagrangian', 'lp'] as const;
export type BoundSource = (typeof BOUND_SOURCES)[number];

/** The constraint families of a compiled territory model, by name (the model's `name` fields). */
export const FAMILY = {
  /** Hours of workload per rep within its capacity. */
  capacity: 'capacity',
  /** Accounts per rep within its `maxAccounts`. */
  maxAccounts: 'max-accounts',
  /** Each rep's workload within its role's band. */
  workloadBand: 'workload-band',
  /** Each rep's territory value within its role's band. */
  valueBand: 'value-band',
  /** At most `maxMoves` accounts leave their current rep. */
  maxMoves: 'max-moves',
  /** Per rep with `maxTakeovers`: at most that many accounts of other reps come to it. */
  maxTakeovers: 'max-takeovers',
  /** Per rep with `maxHandoffs`: at most that many of its current accounts go to other reps. */
  maxHandoffs: 'max-handoffs',
  /**
   * Rebalance mode's second run: the move cost at most the first run's fewest. Never diagnosed (the
   * first run's plan satisfies it), so it is no family of the public contract.
   */
  fewestMoves: 'fewest-moves',
} as const;

/** Per-rep limits (capacity families of the model). */
export const CAPACITY_FAMILIES = [FAMILY.capacity, FAMILY.maxAccounts, FAMILY.maxTakeovers] as const;
/** Balance bands within a role (band families of the model). */
export const BAND_FAMILIES = [FAMILY.workloadBand, FAMILY.valueBand] as const;
/** Linear constraints over many pairs (side constraints of the model). */
export const SIDE_FAMILIES = [FAMILY.maxMoves, FAMILY.maxHandoffs] as const;
export const CONSTRAINT_FAMILIES = [...CAPACITY_FAMILIES, ...BAND_FAMILIES, ...SIDE_FAMILIES] as const;
export type ConstraintFamily = (typeof CONSTRAINT_FAMILIES)[number];
/**
 * What can cap the load one rep carries in every plan: its hours, its accounts and its hard bands.
 * Takeovers are a capacity family too, but they count arrivals, not load: the diagnoses that ask
 * what a rep can carry leave them out and diagnose them on their own (diagnose-handoffs.ts).
 */
export const REP_LIMIT_FAMILIES = [FAMILY.capacity, FAMILY.maxAccounts, ...BAND_FAMILIES] as const;
export type RepLimitFamily = (typeof REP_LIMIT_FAMILIES)[number];

/**
 * What a diagnosis of an infeasible problem names: the constraint families, and the causes that are
 * no family of their own (no eligible rep, locks, frozen segments, all of them together).
 */
export const DIAGNOSIS_FAMILIES = ['eligibility', 'locks', 'frozen-segments', ...CONSTRAINT_FAMILIES, 'combination'] as const;
export type DiagnosisFamily = (typeof DIAGNOSIS_FAMILIES)[number];

/** One thing wrong with (or worth a warning about) the input, at a JSON path like `accounts[17].lat`. */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}
