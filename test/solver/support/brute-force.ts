/**
 * An independent brute-force optimiser for tiny territory problems: enumerate every assignment of
 * accounts to reps, keep those the independent verifier accepts, and take the least objective.
 * It shares nothing with the engine (no compile, no model, no HiGHS): only `verify()`.
 */
import type { Problem } from '../../../solver/problem.ts';
import { verify } from '../../../solver/verify.ts';

/** Enumerations above this many plans are refused: the helper is for tiny cases only. */
export const MAX_PLANS = 100_000;

export interface BruteForceOptimum {
  /** The least verified objective total. */
  readonly objective: number;
  /** One optimal plan: rep id per account, in the order of the accounts. */
  readonly repIds: readonly string[];
  /** How many plans reach the optimum (within 1e-9 relative): 1 means the optimal plan is unique. */
  readonly optimalPlans: number;
  /** How many plans the verifier accepted. */
  readonly feasiblePlans: number;
}

/** The optimum of a tiny problem by exhaustive enumeration, or null when no plan is valid. */
export function bruteForce(problem: Problem): BruteForceOptimum | null {
  const n = problem.accounts.length;
  const m = problem.reps.length;
  const plans = m ** n;
  if (plans > MAX_PLANS) throw new Error(`brute force over ${plans} plans is too large (limit ${MAX_PLANS})`);
  const digits = new Array<number>(n).fill(0);
  let best: { objective: number; repIds: string[] } | null = null;
  let optimalPlans = 0;
  let feasiblePlans = 0;
  for (let k = 0; k < plans; k++) {
    const assignments = problem.accounts.map((a, i) => ({ accountId: a.id, repId: problem.reps[digits[i]!]!.id }));
    const check = verify(problem, assignments);
    if (check.ok) {
      feasiblePlans++;
      const total = check.objective.total;
      const tie = best !== null && Math.abs(total - best.objective) <= 1e-9 * Math.max(1, Math.abs(best.objective));
      if (best === null || (!tie && total < best.objective)) {
        best = { objective: total, repIds: assignments.map((a) => a.repId) };
        optimalPlans = 1;
      } else if (tie) {
        optimalPlans++;
      }
    }
    // Odometer increment over the accounts' rep digits.
    for (let i = 0; i < n; i++) {
      digits[i]!++;
      if (digits[i]! < m) break;
      digits[i] = 0;
    }
  }
  return best === null ? null : { ...best, optimalPlans, feasiblePlans };
}
