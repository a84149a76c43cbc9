/**
 * Domain checks that are not about shape: unique ids, references to reps that exist, coordinates
 * or a distance matrix of the right size, call patterns that cover the accounts. Each issue names
 * its field by JSON path. Warnings do not stop a solve; errors do.
 */
import type { InputIssue } from './types.ts';
import type { Problem } from './problem.ts';
import { validateHiring } from './validate-hiring.ts';

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
  // Prospecting time is carved out of capacity: what is left is the rep's hours for accounts.
  problem.reps.forEach((rep, j) => {
    const prospecting = rep.prospectingHours ?? 0;
    if (prospecting >= rep.capacity) {
      error(`reps[${j}].prospectingHours`, `must be below the rep's capacity (${rep.capacity} h): ${prospecting} h of prospecting leaves no hours for accounts`);
    }
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

  const unknownOwners: Array<{ path: string; ref: string }> = [];
  const unknownExclusions: Array<{ path: string; ref: string }> = [];
  problem.accounts.forEach((a, i) => {
    if (a.lockedRepId !== undefined && !repIds.has(a.lockedRepId)) {
      error(`accounts[${i}].lockedRepId`, `unknown rep "${a.lockedRepId}"`);
    }
    if (a.currentRepId !== undefined && !repIds.has(a.currentRepId)) unknownOwners.push({ path: `accounts[${i}].currentRepId`, ref: a.currentRepId });
    a.excludedRepIds?.forEach((id, k) => {
      if (!repIds.has(id)) unknownExclusions.push({ path: `accounts[${i}].excludedRepIds[${k}]`, ref: id });
    });
  });
  // One warning per cause, not one per account: a CRM export with the wrong owner column would
  // otherwise bury everything else under hundreds of identical lines.
  const idsLike = `reps have ids like ${[...repIds.keys()].slice(0, 3).map((id) => `"${id}"`).join(', ')}`;
  if (unknownOwners.length > 0) {
    const hint = unknownOwners.length === problem.accounts.filter((a) => a.currentRepId !== undefined).length ? `; is this the right owner column? ${idsLike}` : `; ${idsLike}`;
    warn(unknownOwners[0]!.path, `${countOf(unknownOwners.length, 'account names an owner', 'accounts name an owner')} that is not a rep id or name (e.g. ${examples(unknownOwners)}): counted as unassigned today${hint}`);
  }
  if (unknownExclusions.length > 0) {
    warn(unknownExclusions[0]!.path, `${countOf(unknownExclusions.length, 'excluded rep is', 'excluded reps are')} not a rep id or name (e.g. ${examples(unknownExclusions)}): ignored`);
  }

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
  // Distance limits for a role no rep has are never used: most likely a typo.
  const roles = new Set(problem.reps.map((r) => r.role));
  for (const role of Object.keys(problem.limits?.byRole ?? {})) {
    if (!roles.has(role)) warn(`limits.byRole.${role}`, `no rep has role ${role} (roles: ${[...roles].join(', ')}): this limit applies to no one`);
  }
  const hiring = validateHiring(problem);
  errors.push(...hiring.errors);
  warnings.push(...hiring.warnings);
  return { errors, warnings };
}

function countOf(n: number, one: string, many: string): string {
  return n === 1 ? `1 ${one}` : `${n.toLocaleString('en-US')} ${many}`;
}

/** Up to three distinct offending values. */
function examples(found: ReadonlyArray<{ ref: string }>): string {
  const distinct = [...new Set(found.map((f) => f.ref))];
  return distinct.slice(0, 3).map((ref) => `"${ref}"`).join(', ') + (distinct.length > 3 ? `, … (${distinct.length} distinct)` : '');
}
