/**
 * Hiring on the page, when the result shown has a `hiring` section (a problem with candidateSites
 * and hire or retire: docs/result-format.md): the sites chosen, each with its new rep and accounts,
 * and the reps let go. The result's territories already list the hires (reps `hire-<site id>`), but
 * the problem does not, so the map gets the team the plan is for: the hires added at their sites
 * (drawn as rep homes, marked as new) and the reps let go removed.
 */
import type { ProblemInput } from '../../solver/problem.ts';
import type { Result } from './api.ts';
import { el, int, km, pct } from './format.ts';

/** The problem with the result's team: as solver/staffed-problem.ts's solvedProblem, for drawing only. */
export function teamOf(problem: ProblemInput, result: Result | null): ProblemInput {
  const hiring = result?.hiring;
  if (!hiring) return problem;
  const retired = new Set(hiring.retired.map((r) => r.repId));
  const role = hiring.role ?? problem.hire?.role ?? '';
  const hires = hiring.sites.map((s) => ({ id: s.repId, name: `new ${role} rep (${s.name ?? s.id})`, lat: s.lat, lon: s.lon, role, capacity: problem.hire?.capacity ?? 0 }));
  return { ...problem, reps: [...problem.reps.filter((r) => !retired.has(r.id)), ...hires] };
}

/** The rep ids of the hires in the result shown (the map marks their homes as new). */
export function hiredRepIds(result: Result | null): Set<string> {
  return new Set((result?.hiring?.sites ?? []).map((s) => s.repId));
}

export function renderHiring(section: HTMLElement, root: HTMLElement, result: Result | null): void {
  root.replaceChildren();
  const hiring = result?.hiring;
  section.hidden = !hiring;
  if (!hiring) return;
  const asked = hiring.requested === null ? '' : ` (asked for ${hiring.requested === 'auto' ? 'auto: as many as the capacity report needs' : int(hiring.requested)})`;
  root.append(el('p', {}, `${int(hiring.hired)} ${hiring.role ?? ''} rep${hiring.hired === 1 ? '' : 's'} hired${asked}.`));
  if (hiring.sites.length > 0) {
    root.append(el('table', { class: 'hiring', 'data-testid': 'hired-sites' },
      el('thead', {}, el('tr', {}, ...['Site', 'New rep', 'Accounts'].map((h) => el('th', {}, h)))),
      el('tbody', {}, ...hiring.sites.map((s) => el('tr', { 'data-site': s.id }, el('td', {}, s.name ?? s.id), el('td', {}, s.repId), el('td', {}, int(s.accounts)))))));
  }
  if (hiring.retired.length > 0) {
    root.append(el('p', { 'data-testid': 'retired-reps' }, el('strong', {}, 'Let go: '),
      hiring.retired.map((r) => `${r.repName ?? r.repId} (${r.role}, ${int(r.accountsToday)} accounts today, all move)`).join('; ')));
  }
  const l = hiring.location;
  if (l) root.append(el('p', {}, el('small', {}, `Location choice ${l.status}${l.gap !== null ? `, gap ${pct(l.gap)}` : ''}.`)));
  const c = hiring.change;
  if (c.travelKmPlan !== null) root.append(el('p', {}, el('small', {}, `Travel ${km(c.travelKmToday)} a year today, ${km(c.travelKmPlan)} with this team.`)));
  if (hiring.message) root.append(el('p', {}, el('small', {}, hiring.message)));
}
