/**
 * Call patterns -> eligibility and workload per (account, rep) (docs/architecture.md, "Workload and
 * travel" and "Accounts, reps, segments and eligibility").
 *
 *   w[i,j] = callsPerYear x (minutesPerCall / 60 + travelHoursPerVisit[i,j])   in person
 *   w[i,j] = callsPerYear x minutesPerCall / 60                                 phone, video
 *   w[i,j] = account.workload                                                  when given
 */
import type { CallPattern, Problem } from './problem.ts';
import { pairLimit, roadKm } from './limits.ts';
import { distanceKm, travelHoursPerVisit, travelKmPerVisit } from './travel.ts';

/** Call patterns by segment, then by role. */
export type PatternIndex = ReadonlyMap<string, ReadonlyMap<string, CallPattern>>;

export function indexPatterns(patterns: readonly CallPattern[]): PatternIndex {
  const index = new Map<string, Map<string, CallPattern>>();
  for (const p of patterns) {
    const byRole = index.get(p.segment) ?? new Map<string, CallPattern>();
    byRole.set(p.role, p);
    index.set(p.segment, byRole);
  }
  return index;
}

/** Everything the plan's reports need about one (account, rep) pair. */
export interface PairWorkload {
  /** Calls per year (0 when the account has a fixed workload and no pattern for the role). */
  readonly calls: number;
  /** Hours of calls per year. */
  readonly callHours: number;
  /** Hours of travel per year. */
  readonly travelHours: number;
  /** Workload hours per year (calls + travel, or the fixed workload). */
  readonly workload: number;
  /** Home-to-account km (matrix or haversine). */
  readonly km: number;
  /** Road km driven per year for this account's in-person visits. */
  readonly travelKm: number;
}

/** Workload of account i when owned by rep j. The pattern may be undefined for fixed workloads. */
export function pairWorkload(problem: Problem, pattern: CallPattern | undefined, i: number, j: number): PairWorkload {
  const km = distanceKm(problem, i, j);
  const calls = pattern?.callsPerYear ?? 0;
  const inPerson = pattern?.channel === 'in_person';
  const callHours = pattern ? (calls * pattern.minutesPerCall) / 60 : 0;
  const travelHours = inPerson ? calls * travelHoursPerVisit(problem, km) : 0;
  const travelKm = inPerson ? calls * travelKmPerVisit(problem, km) : 0;
  const fixed = problem.accounts[i]!.workload;
  if (fixed !== undefined) {
    // A fixed workload replaces the pattern's hours; it is reported as call hours.
    return { calls, callHours: fixed, travelHours: 0, workload: fixed, km, travelKm };
  }
  return { calls, callHours, travelHours, workload: callHours + travelHours, km, travelKm };
}

/** Why a rep may not own an account, as data (move explanations word it their own way). */
export type Ineligibility =
  | { readonly kind: 'pattern'; readonly segment: string; readonly role: string }
  | { readonly kind: 'skill'; readonly missing: readonly string[] }
  | { readonly kind: 'excluded' }
  /** Beyond a hard distance limit: the pair's road km and the limit's. */
  | { readonly kind: 'distance'; readonly km: number; readonly limitKm: number; readonly words: string };

/**
 * Why rep j may not own account i, or null when it may. Locks and frozen segments are handled by
 * the caller (they narrow the candidates to one rep, who must still pass this test).
 */
export function ineligibilityOf(problem: Problem, patterns: PatternIndex, segment: string, i: number, j: number): Ineligibility | null {
  const account = problem.accounts[i]!;
  const rep = problem.reps[j]!;
  const bySegment = patterns.get(segment);
  // With a fixed workload and no pattern naming the segment, every role may own the account.
  const patternFree = account.workload !== undefined && bySegment === undefined;
  if (!patternFree && !bySegment?.has(rep.role)) return { kind: 'pattern', segment, role: rep.role };
  const missing = (account.skills ?? []).filter((s) => !(rep.skills ?? []).includes(s));
  if (missing.length > 0) return { kind: 'skill', missing };
  if (account.excludedRepIds?.includes(rep.id)) return { kind: 'excluded' };
  const limit = pairLimit(problem, segment, rep.role);
  if (limit?.mode === 'hard') {
    const km = roadKm(problem, distanceKm(problem, i, j));
    if (km > limit.limitKm * (1 + 1e-9)) return { kind: 'distance', km, limitKm: limit.limitKm, words: limit.words };
  }
  return null;
}

/** `ineligibilityOf` in the words of the diagnosis (grouped by this text), or null. */
export function ineligibility(problem: Problem, patterns: PatternIndex, segment: string, i: number, j: number): string | null {
  const why = ineligibilityOf(problem, patterns, segment, i, j);
  return why === null ? null : ineligibilityWords(why);
}

/** An ineligibility in the words of the diagnosis (grouped by this text). */
export function ineligibilityWords(why: Ineligibility): string {
  switch (why.kind) {
    case 'pattern':
      return `no call pattern for segment ${why.segment} and role ${why.role}`;
    case 'skill':
      return `rep lacks skill ${why.missing.join(', ')}`;
    case 'excluded':
      return 'rep is excluded';
    case 'distance':
      return `rep is beyond the distance limit of ${why.words}`;
  }
}
