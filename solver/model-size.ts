/**
 * An upper bound on the eligible (account, rep) pairs compileProblem() will build, computed without
 * building them: the service refuses a problem whose model would not fit in memory before it is
 * queued (src/routes/admission.ts), and compile's memory grows with the pairs (about 100 bytes each,
 * see BENCHMARKS.md, "Model size and memory").
 *
 * Per account, with its segment as compile gives it (its own, or the 80/20 rule's): 1 when it is
 * locked, or frozen with a known current rep; otherwise the reps of every role that has a call
 * pattern for its segment (every role for a fixed workload without one) that have all of its skills.
 * Exclusions are ignored, so the bound may exceed the exact count. Accounts are grouped by what the
 * count depends on, so the cost is a sort plus O(accounts + groups x reps), not O(accounts x reps).
 */
import type { Problem } from './problem.ts';
import { segmentAccounts } from './segments.ts';

const NO_SKILLS: readonly string[] = [];

type SizedProblem = Pick<Problem, 'accounts' | 'reps' | 'callPatterns' | 'objective' | 'segmentation'> & Partial<Pick<Problem, 'candidateSites' | 'hire'>>;

/**
 * With `hire`, every candidate site counts as a rep of the hire's role: the location choice builds
 * the model with all of them (hiring.ts), the largest the solve holds.
 */
export function estimateModelPairs(problem: SizedProblem): number {
  const { hire, candidateSites } = problem;
  if (hire && candidateSites) {
    const sites = candidateSites.map((site) => ({ id: `hire-${site.id}`, role: hire.role, capacity: hire.capacity, ...(hire.skills ? { skills: hire.skills } : {}) }));
    return countPairs({ ...problem, reps: [...problem.reps, ...sites] });
  }
  return countPairs(problem);
}

function countPairs(problem: SizedProblem): number {
  const rolesBySegment = new Map<string, Set<string>>();
  for (const p of problem.callPatterns) {
    const roles = rolesBySegment.get(p.segment) ?? new Set<string>();
    roles.add(p.role);
    rolesBySegment.set(p.segment, roles);
  }
  const allRoles = new Set(problem.reps.map((r) => r.role));
  const repIds = new Set(problem.reps.map((r) => r.id));
  const frozen = new Set(problem.objective.frozenSegments);
  const counted = new Map<string, number>();
  const segments = segmentAccounts(problem);
  let total = 0;
  problem.accounts.forEach((account, i) => {
    const segment = segments[i]!;
    // A lock or a freeze leaves one candidate (an owner given by name may still be a rep: not counted as pinned).
    if (account.lockedRepId !== undefined || (frozen.has(segment) && account.currentRepId !== undefined && repIds.has(account.currentRepId))) {
      total += 1;
      return;
    }
    const skills = account.skills && account.skills.length > 0 ? [...new Set(account.skills)].sort() : NO_SKILLS;
    const fixed = account.workload !== undefined;
    // Length-prefixed, so no two groups share a key whatever their ids hold.
    const key = `${fixed ? 1 : 0}${[segment, ...skills].map((x) => `${x.length}:${x}`).join('')}`;
    let n = counted.get(key);
    if (n === undefined) {
      // A fixed workload whose segment no pattern names may go to a rep of any role (workload.ts).
      const roles = rolesBySegment.get(segment) ?? (fixed ? allRoles : new Set<string>());
      n = eligibleReps(problem, roles, skills);
      counted.set(key, n);
    }
    total += n;
  });
  return total;
}

function eligibleReps(problem: SizedProblem, roles: ReadonlySet<string>, skills: readonly string[]): number {
  let n = 0;
  for (const rep of problem.reps) {
    if (!roles.has(rep.role)) continue;
    if (skills.length > 0 && !skills.every((s) => rep.skills?.includes(s))) continue;
    n++;
  }
  return n;
}
