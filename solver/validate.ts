/**
 * Domain checks that are not about shape: unique ids, references to reps that exist, coordinates
 * or a distance matrix of the right size, call patterns that cover the accounts. Each issue names
 * its field by JSON path. Warnings do not stop a solve; errors do.
 */
import type { InputIssue } from './parse.ts';
import type { Problem } from './problem.ts';

export function validateProblem(problem: Problem): { errors: InputIssue[]; warnings: InputIssue[] } {
  const errors: InputIssue[] = [];
  const warnings: InputIssue[] = [];
  const error = (path: string, message: string) => errors.push({ path, message });
  const warn = (path: string, message: string) => warnings.push({ path, message });

  const repIds = new Map<string, number>();
  problem.reps.forEach((rep, j) => {
    const first = repIds.get(rep.id);
    if (first !== undefined) error(`reps[${j}].id`, `duplicate id "${rep.id}" (also reps[${first}])`);
    else repIds.set(rep.id, j);
  });
  const accountIds = new Map<string, number>();
  problem.accounts.forEach((account, i) => {
    const first = accountIds.get(account.id);
    if (first !== undefined) error(`accounts[${i}].id`, `duplicate id "${account.id}" (also accounts[${first}])`);
    else accountIds.set(account.id, i);
  });

  const matrix = problem.travel.distanceKm;
  if (matrix) {
    if (matrix.length !== problem.reps.length) {
      error('travel.distanceKm', `expected ${problem.reps.length} rows (one per rep, in the order of reps), got ${matrix.length}`);
    }
    matrix.forEach((row, j) => {
      if (row.length !== problem.accounts.length) {
        error(`travel.distanceKm[${j}]`, `expected ${problem.accounts.length} values (one per account, in the order of accounts), got ${row.length}`);
      }
    });
  } else {
    const where = 'required unless travel.distanceKm is given';
    problem.accounts.forEach((a, i) => {
      if (a.lat === undefined) error(`accounts[${i}].lat`, where);
      if (a.lon === undefined) error(`accounts[${i}].lon`, where);
    });
    problem.reps.forEach((r, j) => {
      if (r.lat === undefined) error(`reps[${j}].lat`, where);
      if (r.lon === undefined) error(`reps[${j}].lon`, where);
    });
  }

  problem.accounts.forEach((a, i) => {
    if (a.lockedRepId !== undefined && !repIds.has(a.lockedRepId)) {
      error(`accounts[${i}].lockedRepId`, `unknown rep "${a.lockedRepId}"`);
    }
    if (a.currentRepId !== undefined && !repIds.has(a.currentRepId)) {
      warn(`accounts[${i}].currentRepId`, `unknown rep "${a.currentRepId}": the account counts as unassigned today`);
    }
    a.excludedRepIds?.forEach((id, k) => {
      if (!repIds.has(id)) warn(`accounts[${i}].excludedRepIds[${k}]`, `unknown rep "${id}" (ignored)`);
    });
  });

  const seen = new Map<string, number>();
  problem.callPatterns.forEach((p, k) => {
    const key = `${p.segment}\u0000${p.role}`;
    const first = seen.get(key);
    if (first !== undefined) error(`callPatterns[${k}]`, `duplicate pattern for segment ${p.segment} and role ${p.role} (also callPatterns[${first}])`);
    else seen.set(key, k);
  });
  if (problem.callPatterns.length === 0) {
    const i = problem.accounts.findIndex((a) => a.workload === undefined);
    if (i >= 0) error('callPatterns', `required unless every account has a fixed workload (accounts[${i}] has none)`);
  }

  const s = problem.segmentation;
  if (s.aValueShare + s.bValueShare > 1 + 1e-12) {
    error('segmentation.bValueShare', `aValueShare + bValueShare must not exceed 1 (got ${s.aValueShare + s.bValueShare})`);
  }
  if (problem.objective.maxMoves !== undefined && !problem.accounts.some((a) => a.currentRepId !== undefined)) {
    warn('objective.maxMoves', 'no account has a currentRepId, so nothing can move');
  }
  return { errors, warnings };
}
