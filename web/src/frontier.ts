/**
 * The disruption frontier on the page: "how much travel do we save for each account we move?" One
 * POST /v1/frontier for the loaded problem, followed on its event stream (each point plotted as it
 * is solved), then the table of GET /v1/frontier/:id under the curve. Clicking a point opens its
 * plan (GET /v1/frontier/:id/points/:index) on the map and in the territory panel, as a solved plan.
 */
import type { ProblemInput } from '../../solver/problem.ts';
import { api, jobEvents, type FrontierPoint, type FrontierRow, type FrontierTable, type Job, type JobProgress, type Result } from './api.ts';
import { drawFrontier, type FrontierDot } from './chart.ts';
import { el, int, km, pct } from './format.ts';

export interface FrontierUi {
  readonly points: HTMLInputElement;
  readonly seconds: HTMLInputElement;
  readonly run: HTMLButtonElement;
  readonly cancel: HTMLButtonElement;
  readonly status: HTMLElement;
  readonly chart: SVGSVGElement;
  readonly table: HTMLElement;
}

export interface FrontierDeps {
  problem: () => ProblemInput | null;
  /** Puts a point's plan on the page; `origin` names it and gives its result document's path. */
  show: (result: Result, origin: { name: string; path: string }) => void;
  fail: (what: string, err: unknown) => void;
  status: (text: string) => void;
}

const hasPlan = (p: FrontierPoint): p is FrontierPoint & { moves: number; travel: number } => p.plan && p.moves !== null && p.travel !== null;

export function createFrontier(ui: FrontierUi, deps: FrontierDeps) {
  let jobId: string | null = null;
  let rows: FrontierRow[] = [];
  let leastMoves: FrontierTable['leastMoves'] = null;
  let chosen: number | null = null;
  // A new problem makes a running frontier's answer stale: each run checks it is still the latest.
  let generation = 0;
  let abort: AbortController | null = null;

  /** Forgets the last frontier (its rows, its chart and table, its job) before a new one or none. */
  const clearResults = (status: string) => {
    rows = [];
    leastMoves = null;
    chosen = null;
    jobId = null;
    ui.chart.replaceChildren();
    ui.table.replaceChildren();
    ui.status.textContent = status;
    delete ui.status.dataset.status;
    delete ui.status.dataset.job;
  };

  const dotsOf = (points: readonly FrontierPoint[]): FrontierDot[] =>
    points.filter(hasPlan).map((p) => ({ index: 'index' in p ? (p as FrontierRow).index : -1, moves: p.moves, travel: p.travel, dominated: 'dominated' in p && (p as FrontierRow).dominated }));

  const showProgress = (p: JobProgress | null) => {
    const f = p?.frontier;
    if (!p || !f) return;
    ui.status.textContent = `${f.points.length} of ${f.planned} points solved · ${p.phase}${p.percent !== null ? ` ${int(p.percent)}%` : ''}`;
    // Points so far are not yet the table's rows (no index, dominance unknown): plotted, not clickable.
    drawFrontier(ui.chart, dotsOf(f.points));
  };

  const renderTable = (table: FrontierTable) => {
    const body = el('tbody');
    for (const r of table.points) {
      const kind = !r.plan ? 'no-plan' : r.dominated ? 'dominated' : 'front';
      const open = el('button', { type: 'button', 'data-open': String(r.index) }, 'Show');
      open.disabled = !r.plan;
      open.addEventListener('click', () => void openPoint(r.index));
      body.append(el('tr', { 'data-index': String(r.index), class: `${kind}${r.index === chosen ? ' chosen' : ''}` },
        el('td', {}, r.maxMoves === null ? 'none' : int(r.maxMoves)),
        el('td', { class: 'moves' }, r.moves === null ? '—' : int(r.moves)),
        el('td', {}, r.travel === null ? '—' : km(r.travel)),
        el('td', {}, r.gap === null ? '—' : pct(r.gap)),
        el('td', {}, r.status),
        el('td', { class: 'note' }, el('small', {}, r.note ?? (r.dominated ? 'dominated' : ''))),
        el('td', {}, open)));
    }
    const least = table.leastMoves && table.leastMoves.count > 0 ? el('p', {}, el('small', {}, `A valid plan moves at least ${int(table.leastMoves.count)} accounts${table.leastMoves.exact ? '' : ' (a proven lower bound)'}.`)) : '';
    ui.table.replaceChildren(el('table', { class: 'frontier', 'data-testid': 'frontier-table' },
      el('thead', {}, el('tr', {}, ...['Budget', 'Moves', 'Travel', 'Gap', 'Status', '', ''].map((h) => el('th', {}, h)))), body), least);
  };

  const render = () => {
    drawFrontier(ui.chart, dotsOf(rows), chosen);
    renderTable({ leastMoves, points: rows });
  };

  const openPoint = async (index: number) => {
    const row = rows.find((r) => r.index === index);
    if (!jobId || !row?.plan) return;
    const id = jobId;
    try {
      const result = await api.frontierPoint(id, index);
      chosen = index;
      render();
      deps.show(result, { name: `frontier ${id} point ${index} (${row.maxMoves === null ? 'no budget' : `budget ${row.maxMoves}`})`, path: `/v1/frontier/${encodeURIComponent(id)}/points/${index}` });
    } catch (err) {
      deps.fail(`Opening frontier point ${index}`, err);
    }
  };

  ui.chart.addEventListener('click', (e) => {
    const dot = (e.target as Element).closest('circle[data-index]') as SVGCircleElement | null;
    const index = Number(dot?.dataset.index ?? -1);
    if (index >= 0) void openPoint(index);
  });

  ui.run.addEventListener('click', async () => {
    const problem = deps.problem();
    if (!problem) return;
    const mine = ++generation;
    const points = Math.round(Number(ui.points.value)) || 5;
    const seconds = Number(ui.seconds.value) || 5;
    ui.run.disabled = true;
    clearResults('submitting');
    abort = new AbortController();
    let job: Job | null = null;
    try {
      job = await api.submitFrontier(problem, points, seconds);
      const id = job.id;
      jobId = id;
      ui.status.dataset.job = id;
      ui.cancel.disabled = false;
      ui.cancel.onclick = async () => {
        ui.cancel.disabled = true;
        ui.status.textContent = 'cancelling';
        await api.cancel(id).catch((err) => deps.fail('Cancelling the frontier', err));
      };
      deps.status(`Frontier ${id} submitted: ${points} points of ${seconds} s each.`);
      await jobEvents(id, (event, data) => {
        if (event === 'progress') showProgress(data as JobProgress);
        else if (event === 'status' || event === 'end') showProgress((data as Job).progress);
      }, abort.signal);
      if (mine !== generation) return;
      // The stream ends with the job (or a shutdown): the frontier's view says how it ended.
      const view = await api.frontier(id);
      if (mine !== generation) return;
      rows = view.frontier?.points ?? [];
      leastMoves = view.frontier?.leastMoves ?? null;
      render();
      const front = rows.filter((r) => r.plan && !r.dominated).length;
      const apart = rows.filter((r) => r.dominated).length;
      const none = rows.filter((r) => !r.plan).length;
      ui.status.textContent = `${view.status === 'succeeded' ? 'done' : view.status}: ${rows.length} points, ${front} on the frontier${apart ? `, ${apart} dominated` : ''}${none ? `, ${none} without a plan` : ''}. Click a point to see its plan.`;
      ui.status.dataset.status = view.status;
      deps.status(`Frontier ${id} ${view.status}${view.error ? `: ${view.error.message}` : ''}.`);
    } catch (err) {
      if (mine !== generation) return;
      ui.status.textContent = job ? `frontier ${job.id} could not be followed` : 'not submitted';
      ui.status.dataset.status = 'error';
      deps.fail('The frontier', err);
    } finally {
      if (mine === generation) {
        ui.cancel.disabled = true;
        ui.run.disabled = !deps.problem();
      }
    }
  });

  return {
    /** A new problem: the frontier shown was another problem's; stop following it. */
    reset() {
      generation++;
      abort?.abort();
      abort = null;
      clearResults('');
      ui.cancel.disabled = true;
      ui.run.disabled = !deps.problem();
    },
  };
}
