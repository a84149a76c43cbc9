/**
 * A rep's hours for accounts, and the first year's introduction calls: the two rules that turn a
 * rep's capacity and a move into hours, declared once for the compiler, the reports and the
 * diagnosis (verify.ts re-derives both on its own).
 *
 * - Prospecting (`reps[].prospectingHours`) is time reserved for new business: it is not
 *   assignable, so a rep's hard cap and its weight in the balance bands are its capacity less it.
 * - An account taken over from another rep costs its new owner an introduction call in the first
 *   year (`transition.introCallMinutes`, default the minutes of one call of the account's pattern
 *   for the new rep's role). Accounts without a current rep are new business, not takeovers.
 */
import type { CallPattern, Problem, Rep } from './problem.ts';

/** Hours per year the rep has for accounts: capacity less its prospecting hours. */
export function assignableHours(rep: Rep): number {
  return rep.capacity - (rep.prospectingHours ?? 0);
}

/**
 * Hours of the introduction call a new owner makes to an account it takes over, given the
 * account's call pattern for the new owner's role (undefined for a fixed-workload account whose
 * segment has none: then 0 unless `introCallMinutes` is set).
 */
export function introHours(problem: Problem, pattern: CallPattern | undefined): number {
  return (problem.transition.introCallMinutes ?? pattern?.minutesPerCall ?? 0) / 60;
}
