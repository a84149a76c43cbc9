/**
 * The cross-references of `candidateSites`, `hire` and `retire` (hiring-schema.ts): a hire needs
 * sites, at most as many as there are, of a role the problem knows; a site's rep id must not be
 * taken; the reps let go must exist. Each issue names its field, as validate.ts does.
 */
import type { Problem } from './problem.ts';
import type { InputIssue } from './types.ts';

/** The role whose reps `retire` lets go: its own, else the hire's, else the only role; null when none says. */
export function retireRole(problem: Pick<Problem, 'reps' | 'hire' | 'retire'>): string | null {
  if (!problem.retire) return null;
  if (problem.retire.role !== undefined) return problem.retire.role;
  if (problem.hire) return problem.hire.role;
  const roles = new Set(problem.reps.map((r) => r.role));
  return roles.size === 1 ? [...roles][0]! : null;
}

export function validateHiring(problem: Problem): { errors: InputIssue[]; warnings: InputIssue[] } {
  const errors: InputIssue[] = [];
  const warnings: InputIssue[] = [];
  const error = (path: string, message: string) => errors.push({ path, message });
  const sites = problem.candidateSites ?? [];
  const repIds = new Set(problem.reps.map((r) => r.id));
  const seen = new Map<string, number>();
  sites.forEach((site, k) => {
    const first = seen.get(site.id);
    if (first !== undefined) error(`candidateSites[${k}].id`, `duplicate id "${site.id}" (also candidateSites[${first}])`);
    else seen.set(site.id, k);
    if (repIds.has(`hire-${site.id}`)) error(`candidateSites[${k}].id`, `a rep hired here would be "hire-${site.id}", which is already a rep id`);
  });
  // A matrix has a row per rep and none for a site: a hire there would have no distances.
  if (problem.candidateSites && problem.travel.distanceKm) error('candidateSites', 'not with travel.distanceKm: the matrix has no distances from the sites (give accounts and reps lat/lon)');

  const roles = new Set([...problem.reps.map((r) => r.role), ...problem.callPatterns.map((p) => p.role)]);
  const known = `roles: ${[...roles].join(', ')}`;
  const { hire, retire } = problem;
  if (hire) {
    if (!roles.has(hire.role)) error('hire.role', `no rep or call pattern has role ${hire.role} (${known})`);
    if (!problem.candidateSites) error('hire', 'needs candidateSites: the places the hires may live');
    else if (hire.count !== 'auto' && hire.count > sites.length) error('hire.count', `${hire.count} hires but only ${sites.length} candidate site${sites.length === 1 ? '' : 's'} (one hire per site)`);
  } else if (problem.candidateSites) {
    warnings.push({ path: 'candidateSites', message: 'no hire asks for them: unused' });
  }
  if (retire) {
    const role = retireRole(problem);
    if (role === null) {
      error('retire.role', `required when the reps have more than one role and there is no hire (${known})`);
    } else {
      const reps = problem.reps.filter((r) => r.role === role).length;
      const at = retire.role !== undefined ? 'retire.role' : 'retire';
      if (reps === 0) error(at, `no rep has role ${role}: nobody to let go`);
      else if (retire.count > reps) error('retire.count', `${retire.count} to let go but only ${reps} ${role} rep${reps === 1 ? '' : 's'}`);
    }
  }
  return { errors, warnings };
}
