/**
 * The territory panel: per rep a workload bar against its band and capacity, value, travel and
 * accounts by segment, before (today) and after (the plan shown); the capacity report and the
 * solver's proof in sentences; the verdict on a hand-edited plan with each broken rule.
 */
import type { ProblemInput } from '../../solver/problem.ts';
import type { Territory } from '../../solver/result.ts';
import type { Result } from './api.ts';
import { el, hours, int, km, money, one, pct, repColor, signed } from './format.ts';

export function renderTerritories(root: HTMLElement, problem: ProblemInput, result: Result | null, today: Result | null): void {
  root.replaceChildren();
  if (!result || result.territories.length === 0) {
    root.append(el('p', {}, result ? 'No plan: see the proof above.' : 'No plan yet: solve, or edit by hand.'));
    return;
  }
  const tol = problem.balance?.workloadTolerance ?? 0.1;
  const before = new Map((today?.territories ?? []).map((t) => [t.repId, t] as const));
  const table = el('table', { class: 'territories', 'data-testid': 'territory-table' });
  table.append(el('thead', {}, el('tr', {}, ...['Rep', 'Workload vs band and capacity', 'Accounts', 'Value', 'Travel', 'vs today'].map((h) => el('th', {}, h)))));
  const body = el('tbody');
  result.territories.forEach((t, j) => {
    const b = before.get(t.repId);
    const share = t.workloadIndex > 0 ? t.workload.total / t.workloadIndex : t.capacity;
    const scale = Math.max(t.capacity, t.workload.total, share * (1 + tol)) * 1.05;
    const bar = el('div', { class: 'bar', title: `${hours(t.workload.total)} of ${hours(t.capacity)}; band ${hours(share * (1 - tol))} to ${hours(share * (1 + tol))}` },
      el('span', { class: 'band', style: `left:${(100 * share * (1 - tol)) / scale}%;width:${(100 * share * 2 * tol) / scale}%` }),
      el('span', { class: `fill${t.workload.total > t.capacity ? ' over' : ''}`, style: `width:${(100 * t.workload.total) / scale}%;background:${repColor(j)}` }),
      el('span', { class: 'cap', style: `left:${(100 * t.capacity) / scale}%` }));
    const segs = Object.entries(t.accountsBySegment).map(([s, c]) => `${c} ${s}`).join(' · ');
    const delta = b ? `${signed(t.accounts - b.accounts, int)} accounts, ${signed(t.workload.total - b.workload.total, (x) => hours(x))}` : 'new';
    body.append(el('tr', { 'data-rep': t.repId },
      el('td', {}, el('span', { class: 'swatch', style: `background:${repColor(j)}` }), ` ${t.repName ?? t.repId}`, el('br'), el('small', {}, t.role)),
      el('td', {}, bar, el('small', {}, `${hours(t.workload.total)} · ${pct(t.utilization)} of capacity`)),
      el('td', {}, `${t.accounts}`, el('br'), el('small', {}, segs)),
      el('td', {}, money(t.value)),
      el('td', {}, km(t.travelKm)),
      el('td', {}, el('small', {}, delta))));
  });
  table.append(body);
  root.append(table);
}

export function renderCapacity(root: HTMLElement, result: Result | null): void {
  root.replaceChildren();
  if (!result) return;
  const c = result.capacity;
  for (const r of c.roles) {
    const verdict = r.surplusFte >= 0
      ? `${one(r.surplusFte)} FTE to spare`
      : `short by ${one(-r.surplusFte)} FTE`;
    root.append(el('p', { 'data-role': r.role },
      el('strong', {}, `${r.role}: `),
      `demand ${hours(r.demandHours)} a year against capacity ${hours(r.capacityHours)} (${pct(r.utilization)} used${r.coverage < 1 ? `, only ${pct(r.coverage)} of the calls can be made` : ''}). `,
      `At ${pct(c.targetUtilization)} utilisation the role needs ${one(r.headcountNeeded)} reps and has ${r.reps}: ${verdict}.`));
  }
  if (c.estimated) root.append(el('p', {}, el('small', {}, 'Estimated: there is no plan, so each account is counted at its cheapest eligible rep.')));
}

export function renderProof(root: HTMLElement, result: Result | null, isToday = false): void {
  root.replaceChildren();
  if (!result) return;
  const s = result.solver;
  root.append(el('h2', {}, 'The proof'));
  if (s.strategy === 'evaluate') {
    const summary = result.evaluation?.summary ?? 'An edited plan.';
    root.append(el('p', { 'data-testid': 'proof-text' }, isToday ? `Today's alignment, before solving: ${summary.replace(/^Your plan /, 'it ')}` : summary));
    return;
  }
  if (s.objective === null) {
    const why = result.diagnosis?.map((d) => d.message).join(' ') ?? s.message ?? '';
    root.append(el('p', { 'data-testid': 'proof-text' }, `No plan (${s.status}). ${why}`));
    return;
  }
  const words = s.status === 'optimal'
    ? 'This plan is proven the best possible.'
    : s.gap !== null
      ? `No plan can be more than ${pct(s.gap)} better than this one (proven).`
      : 'No bound was proven: better plans may exist.';
  root.append(el('p', { 'data-testid': 'proof-text' },
    `Objective ${int(s.objective)} (travel and disruption cost)${s.bound !== null ? `, best proven bound ${int(s.bound)}` : ''}. ${words} `,
    el('small', {}, `${s.status}, ${one(s.seconds)} s, ${s.strategy}.`)));
}

/** The verdict on an edited plan, each broken rule on its own line. */
export function renderVerdict(verdict: HTMLElement, list: HTMLElement, result: Result | null): void {
  list.replaceChildren();
  verdict.replaceChildren();
  const e = result?.evaluation;
  if (!e) return;
  verdict.append(el('p', { class: e.ok ? 'ok' : 'bad', 'data-testid': 'verdict' }, e.summary));
  // The families first: a long list of one kind should not hide the one rule of another kind.
  const shown = [...e.violations].sort((a, b) => (a.family === 'unassigned' ? 1 : 0) - (b.family === 'unassigned' ? 1 : 0)).slice(0, 15);
  for (const v of shown) list.append(el('li', { 'data-family': v.family }, el('strong', {}, `${v.family}: `), v.message));
  if (e.violations.length > shown.length) list.append(el('li', {}, `… and ${e.violations.length - shown.length} more`));
}

/** The one territory figure the status line gives after a change. */
export function territoryLine(t: Territory): string {
  return `${t.repName ?? t.repId}: ${hours(t.workload.total)} (${pct(t.utilization)})`;
}
