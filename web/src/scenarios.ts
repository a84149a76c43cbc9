/**
 * What-if scenarios on the page: variants built from a few controls (add a rep where the planner
 * clicks on the map, remove a rep, change a segment's call pattern, widen the workload band, lock
 * the accounts locked by hand), run in parallel as one POST /v1/scenarios, then compared against
 * the base: deltas, warning flags, the accounts that change hands between two variants, and any
 * variant's plan on the map.
 */
import type { ProblemInput } from '../../solver/problem.ts';
import { api, type ComparisonRow, type Result, type Scenario } from './api.ts';
import { el, int, km, one, pct, signed } from './format.ts';

/** A variant as POST /v1/scenarios takes it (solver/scenario.ts variantSchema). */
export interface VariantSpec {
  name: string;
  patch?: Record<string, unknown>;
  addReps?: ProblemInput['reps'];
  removeReps?: string[];
  callPatterns?: NonNullable<ProblemInput['callPatterns']>;
  lockAccounts?: Array<{ accountId: string; repId: string }>;
}

export interface ScenarioDeps {
  problem: () => ProblemInput | null;
  /** The accounts locked by hand on the page (lock-accounts variants take them). */
  handLocks: () => Array<{ accountId: string; repId: string }>;
  pickPlace: () => Promise<{ lat: number; lon: number }>;
  timeLimit: () => number;
  status: (text: string) => void;
  /** Show a variant's plan on the map (null: back to the edited plan). */
  view: (v: { name: string; problem: ProblemInput; result: Result } | null) => void;
}

export function createScenarios(root: { builder: HTMLElement; list: HTMLElement; run: HTMLButtonElement; status: HTMLElement; comparison: HTMLElement; diff: HTMLElement }, deps: ScenarioDeps) {
  const variants: VariantSpec[] = [];
  let results = new Map<string, { problem: ProblemInput; result: Result }>();

  const name = el('input', { id: 'variant-name', placeholder: 'variant name', size: '14' });
  const kind = el('select', { id: 'variant-kind' },
    ...[['add-rep', 'Add a rep (click the map)'], ['remove-rep', 'Remove a rep'], ['call-pattern', 'Change a call pattern'], ['widen-band', 'Widen the workload band'], ['lock', 'Lock the accounts locked by hand']].map(([v, t]) => el('option', { value: v! }, t!)));
  const fields = el('span', { id: 'variant-fields' });
  const add = el('button', { id: 'add-variant', type: 'button' }, 'Add variant');
  root.builder.append(el('div', { class: 'row' }, name, kind), fields, add);

  const repSelect = (id: string) => {
    const s = el('select', { id });
    for (const r of deps.problem()?.reps ?? []) s.append(el('option', { value: r.id }, r.name ?? r.id));
    return s;
  };
  const renderFields = () => {
    fields.replaceChildren();
    const p = deps.problem();
    if (!p) return;
    const roles = [...new Set(p.reps.map((r) => r.role))];
    switch (kind.value) {
      case 'add-rep': {
        const role = el('select', { id: 'variant-role' }, ...roles.map((r) => el('option', { value: r }, r)));
        fields.append(el('label', {}, 'role ', role));
        break;
      }
      case 'remove-rep':
        fields.append(el('label', {}, 'rep ', repSelect('variant-rep')));
        break;
      case 'call-pattern': {
        const segs = [...new Set((p.callPatterns ?? []).map((c) => c.segment))];
        fields.append(
          el('label', {}, 'segment ', el('select', { id: 'variant-segment' }, ...segs.map((s) => el('option', { value: s }, s)))),
          el('label', {}, ' role ', el('select', { id: 'variant-role' }, ...roles.map((r) => el('option', { value: r }, r)))),
          el('label', {}, ' calls a year ', el('input', { id: 'variant-calls', type: 'number', min: '0', value: '6', size: '4' })));
        break;
      }
      case 'widen-band':
        fields.append(el('label', {}, 'workload band ± ', el('input', { id: 'variant-band', type: 'number', step: '0.01', min: '0', max: '1', value: String(Math.min(1, (p.balance?.workloadTolerance ?? 0.1) + 0.05)), size: '4' })));
        break;
    }
  };
  kind.addEventListener('change', renderFields);

  const value = (id: string) => (fields.querySelector(`#${id}`) as HTMLInputElement | HTMLSelectElement).value;
  add.addEventListener('click', async () => {
    const p = deps.problem();
    if (!p) return;
    const label = name.value.trim() || `variant ${variants.length + 1}`;
    if (variants.some((v) => v.name === label) || label === 'base') return deps.status(`A variant named "${label}" exists already.`);
    let spec: VariantSpec;
    switch (kind.value) {
      case 'add-rep': {
        const role = value('variant-role');
        deps.status('Click the map where the new rep lives.');
        const at = await deps.pickPlace();
        const peers = p.reps.filter((r) => r.role === role);
        const capacity = peers.reduce((s, r) => s + r.capacity, 0) / Math.max(1, peers.length);
        let n = p.reps.length + 1;
        while (p.reps.some((r) => r.id === `new-rep-${n}`)) n++;
        spec = { name: label, addReps: [{ id: `new-rep-${n}`, name: `New ${role} rep ${n}`, lat: +at.lat.toFixed(5), lon: +at.lon.toFixed(5), role, capacity }] };
        break;
      }
      case 'remove-rep':
        spec = { name: label, removeReps: [value('variant-rep')] };
        break;
      case 'call-pattern': {
        const segment = value('variant-segment');
        const role = value('variant-role');
        const base = (p.callPatterns ?? []).find((c) => c.segment === segment && c.role === role) ?? (p.callPatterns ?? []).find((c) => c.segment === segment)!;
        spec = { name: label, callPatterns: [{ ...base, segment, role, callsPerYear: Number(value('variant-calls')) }] };
        break;
      }
      case 'widen-band':
        spec = { name: label, patch: { balance: { workloadTolerance: Number(value('variant-band')) } } };
        break;
      default: {
        const locks = deps.handLocks();
        if (locks.length === 0) return deps.status('Lock accounts by hand first (Edit by hand), then add this variant.');
        spec = { name: label, lockAccounts: locks };
      }
    }
    variants.push(spec);
    name.value = '';
    renderList();
    deps.status(`Variant "${label}" added.`);
  });

  const describe = (v: VariantSpec) => [
    ...(v.addReps ?? []).map((r) => `add ${r.name ?? r.id} at ${r.lat}, ${r.lon}`),
    ...(v.removeReps ?? []).map((r) => `remove ${r}`),
    ...(v.callPatterns ?? []).map((c) => `${c.segment}/${c.role}: ${c.callsPerYear} calls a year`),
    ...(v.patch ? [`workload band ±${(v.patch.balance as { workloadTolerance: number }).workloadTolerance}`] : []),
    ...(v.lockAccounts ? [`${v.lockAccounts.length} accounts locked`] : []),
  ].join('; ');
  const renderList = () => {
    root.list.replaceChildren(el('ul', {}, ...variants.map((v, k) => {
      const drop = el('button', { type: 'button', title: 'remove this variant' }, '×');
      drop.addEventListener('click', () => { variants.splice(k, 1); renderList(); });
      return el('li', { 'data-variant': v.name }, el('strong', {}, v.name), `: ${describe(v)} `, drop);
    })));
    root.run.disabled = variants.length === 0;
  };

  root.run.addEventListener('click', async () => {
    const p = deps.problem();
    if (!p || variants.length === 0) return;
    root.run.disabled = true;
    root.comparison.replaceChildren();
    root.diff.replaceChildren();
    try {
      const { id } = await api.scenarios(p, variants, deps.timeLimit());
      let s: Scenario;
      for (;;) {
        s = await api.scenario(id);
        const done = s.variants.filter((v) => ['succeeded', 'failed', 'cancelled'].includes(v.status)).length;
        root.status.textContent = `Scenario ${id}: ${done} of ${s.variants.length} variants done.`;
        if (s.status === 'done' && s.comparison) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      results = new Map();
      for (const v of s.variants) {
        if (v.status !== 'succeeded') continue;
        const result = await api.result(v.id);
        if (result.assignments.length > 0) results.set(v.name, { problem: variantProblem(p, v.name === 'base' ? null : variants.find((x) => x.name === v.name) ?? null), result });
      }
      renderComparison(s.comparison!);
      root.status.textContent = `Scenario ${id}: all ${s.variants.length} variants done.`;
    } catch (err) {
      root.status.textContent = `The scenario failed: ${(err as Error).message}`;
    } finally {
      root.run.disabled = variants.length === 0;
    }
  });

  const renderComparison = (rows: ComparisonRow[]) => {
    const base = rows.find((r) => r.variant === 'base') ?? rows[0]!;
    const cv = (r: ComparisonRow) => Math.max(0, ...r.workloadBalance.map((b) => b.cv));
    const heads = (r: ComparisonRow) => r.capacity.reduce((s, c) => s + c.headcountNeeded, 0);
    const delta = (r: ComparisonRow, v: number | null, b: number | null, f: (x: number) => string) => (v === null ? '—' : r === base || b === null ? f(v) : `${f(v)} (${signed(v - b, f)})`);
    const table = el('table', { class: 'comparison', 'data-testid': 'comparison' }, el('thead', {}, el('tr', {},
      ...['Variant', 'Status', 'Travel', 'Balance (CV)', 'Moves', 'Headcount needed', 'Gap', 'Flags', ''].map((h) => el('th', {}, h)))));
    const body = el('tbody');
    for (const r of rows) {
      const flags: string[] = [];
      if (!r.plan) flags.push(`no plan${r.note ? `: ${r.note.replace(/^no plan:?\s*/, '')}` : ''}`);
      for (const c of r.capacity) if (c.utilization > 0.95) flags.push(`${c.role} above 95% utilisation (${pct(c.utilization)})`);
      const show = el('button', { type: 'button', 'data-show': r.variant }, 'Show on map');
      show.disabled = !results.has(r.variant);
      show.addEventListener('click', () => {
        const got = results.get(r.variant);
        if (got) deps.view({ name: r.variant, ...got });
      });
      body.append(el('tr', { 'data-variant': r.variant, class: flags.length ? 'flagged' : '' },
        el('td', {}, r.variant), el('td', {}, r.status),
        el('td', {}, delta(r, r.travelKm, base.travelKm, km)),
        el('td', {}, r.plan ? delta(r, cv(r), base.plan ? cv(base) : null, (x) => x.toFixed(3)) : '—'),
        el('td', {}, delta(r, r.accountsMoved, base.accountsMoved, int)),
        el('td', {}, delta(r, heads(r), heads(base), one)),
        el('td', {}, r.gap === null ? '—' : pct(r.gap)),
        el('td', { class: 'flags' }, flags.join('; ')),
        el('td', {}, show)));
    }
    table.append(body);
    const back = el('button', { type: 'button', id: 'show-edited' }, 'Back to the edited plan');
    back.addEventListener('click', () => deps.view(null));
    root.comparison.replaceChildren(table, back);
    renderDiffControls(rows.map((r) => r.variant));
  };

  const renderDiffControls = (names: string[]) => {
    const a = el('select', { id: 'diff-a' }, ...names.map((n) => el('option', { value: n }, n)));
    const b = el('select', { id: 'diff-b' }, ...names.map((n) => el('option', { value: n }, n)));
    if (names.length > 1) b.value = names[1]!;
    const out = el('div', { id: 'diff-out' });
    const go = () => {
      const x = results.get(a.value)?.result;
      const y = results.get(b.value)?.result;
      if (!x || !y) {
        out.replaceChildren(el('p', {}, 'Both variants need a plan to compare.'));
        return;
      }
      const ofY = new Map(y.assignments.map((s) => [s.accountId, s.repId] as const));
      const changed = x.assignments.filter((s) => ofY.get(s.accountId) !== s.repId);
      out.replaceChildren(el('p', { 'data-testid': 'diff-count' }, `${changed.length} accounts go to different reps between ${a.value} and ${b.value}.`),
        el('ul', {}, ...changed.slice(0, 50).map((s) => el('li', {}, `${s.accountId}: ${s.repId} → ${ofY.get(s.accountId) ?? 'none'}`))));
    };
    a.addEventListener('change', go);
    b.addEventListener('change', go);
    root.diff.replaceChildren(el('div', { class: 'row' }, 'Accounts that differ between ', a, ' and ', b), out);
    go();
  };

  return {
    /** A new problem: the builder's choices depend on it; old variants no longer apply. */
    reset() {
      variants.length = 0;
      results = new Map();
      renderList();
      renderFields();
      root.comparison.replaceChildren();
      root.diff.replaceChildren();
      root.status.replaceChildren();
    },
  };
}

/** The variant's reps as the map needs them (added and removed reps); the rest is the base's. */
function variantProblem(base: ProblemInput, v: VariantSpec | null): ProblemInput {
  if (!v) return base;
  const removed = new Set(v.removeReps ?? []);
  return { ...base, reps: [...base.reps.filter((r) => !removed.has(r.id)), ...(v.addReps ?? [])] };
}
