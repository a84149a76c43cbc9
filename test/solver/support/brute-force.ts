/**
 * An independent brute-force optimiser for tiny territory problems: enumerate every assignment of
 * accounts to reps, keep those the independent verifier accepts, and take the least objective; in
 * rebalance mode (`objectiveMode`), the least objective among the plans of the least move cost.
 * It shares nothing with the engine (no compile, no model, no HiGHS): only `verify()`, the
 * segments and the mode rule.
 */
import type { Problem } from '../../../solver/problem.ts';
import { objectiveMode } from '../../../solver/objective-mode.ts';
import { segmentAccounts } from '../../../solver/segments.ts';
import { verify } from '../../../solver/verify.ts';

/** Enumerations above this many plans are refused: the helper is for tiny cases only. */
export const MAX_PLANS = 100_000;

export interface BruteForceOptimum {
  /** The least verified objective total (in rebalance mode, among the plans of the least move cost). */
  readonly objective: number;
  /** Rebalance mode: the least move cost of a valid plan (moveCostBySegment over the accounts that move). */
  readonly moveCost?: number;
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
  const rebalance = objectiveMode(problem) === 'rebalance';
  // Rebalance: a move costs its segment's moveCostBySegment (1 for a segment not named).
  const segments = segmentAccounts(problem);
  const moveCost = (assignments: ReadonlyArray<{ accountId: string; repId: string }>) =>
    assignments.reduce((sum, a, i) => {
      const current = problem.accounts[i]!.currentRepId;
      return current === undefined || current === a.repId ? sum : sum + (problem.objective.moveCostBySegment[segments[i]!] ?? 1);
    }, 0);
  const same = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y));
  let best: { objective: number; moveCost: number; repIds: string[] } | null = null;
  let optimalPlans = 0;
  let feasiblePlans = 0;
  for (let k = 0; k < plans; k++) {
    const assignments = problem.accounts.map((a, i) => ({ accountId: a.id, repId: problem.reps[digits[i]!]!.id }));
    const check = verify(problem, assignments);
    if (check.ok) {
      feasiblePlans++;
      const total = check.objective.total;
      const cost = rebalance ? moveCost(assignments) : 0;
      const sameCost = best !== null && same(cost, best.moveCost);
      const tie = sameCost && same(total, best!.objective);
      if (best === null || (!sameCost && cost < best.moveCost) || (sameCost && !tie && total < best.objective)) {
        best = { objective: total, moveCost: cost, repIds: assignments.map((a) => a.repId) };
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
  if (best === null) return null;
  const { moveCost: leastCost, ...plan } = best;
  return { ...plan, ...(rebalance ? { moveCost: leastCost } : {}), optimalPlans, feasiblePlans };
}
