/**
 * The planner's page: wires the loaders, the map, the panel, solving, hand edits, scenarios and
 * exports to one state (state.ts). Every figure comes from the public API: the solver's result for
 * a solved plan, POST /v1/evaluate for today's alignment and for every hand edit.
 */
import './style.css';
import type { ProblemInput } from '../../solver/problem.ts';
import { api, apiKey, ApiError, onKeyNeeded, setApiKey, type Result } from './api.ts';
import { redo, renderSelected, snapshotOf, undo } from './edit.ts';
import { downloadAlignment, downloadFromService } from './exports.ts';
import { importCrm, openJob, readProblemFile, rememberJobProblem } from './load.ts';
import { createMap, type MapView } from './map.ts';
import { renderCapacity, renderProof, renderTerritories, renderVerdict } from './panel.ts';
import { createFrontier } from './frontier.ts';
import { hiredRepIds, renderHiring, teamOf } from './hiring.ts';
import { createScenarios } from './scenarios.ts';
import { runJob } from './solve.ts';
import { changed, onMap, problemWithLocks, state, subscribe } from './state.ts';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const statusLine = $('status');
const status = (text: string) => { statusLine.textContent = text; };
const fail = (what: string, err: unknown) => {
  const e = err as ApiError;
  const fields = e instanceof ApiError && e.errors.length ? `: ${e.errors.slice(0, 3).map((f) => `${f.path} ${f.message}`).join('; ')}` : '';
  status(`${what} failed: ${e.message}${fields}`);
};

/** The alignment shown as the API takes it. */
const alignment = () => [...state.snapshot.alignment].map(([accountId, repId]) => ({ accountId, repId }));
const currentAlignment = (p: ProblemInput) => {
  const reps = new Set(p.reps.map((r) => r.id));
  return p.accounts.flatMap((a) => (a.currentRepId !== undefined && reps.has(a.currentRepId) ? [{ accountId: a.id, repId: a.currentRepId }] : []));
};

let map: MapView;
let editable = true;
let evaluateMax = Infinity;

async function askForKey(): Promise<string> {
  const dialog = $<HTMLDialogElement>('key-dialog');
  const input = $<HTMLInputElement>('key-input');
  input.value = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(input.value.trim()), { once: true });
  });
}

async function loadProblem(problem: ProblemInput, source: string, plan: { result: Result; jobId: string } | null = null, canEdit = true): Promise<void> {
  state.problem = problem;
  state.source = source;
  state.origin = plan ? { name: `job ${plan.jobId}`, path: `/v1/jobs/${encodeURIComponent(plan.jobId)}/result` } : null;
  state.solved = plan?.result ?? null;
  state.undo = [];
  state.redo = [];
  state.selected = null;
  state.viewing = null;
  state.approved = false;
  editable = canEdit;
  state.snapshot = snapshotOf(problem, plan ? plan.result.assignments : currentAlignment(problem));
  state.today = null;
  state.shown = plan?.result ?? null;
  scenarios.reset();
  frontier.reset();
  changed('problem');
  status(`Loaded ${source}: ${problem.accounts.length} accounts, ${problem.reps.length} reps.`);
  if (!canEdit) return;
  if (problem.accounts.length > evaluateMax) {
    status(`Loaded ${source}: ${problem.accounts.length} accounts, ${problem.reps.length} reps (more than ${evaluateMax}: shown, not scored by hand; solve it as a job).`);
    return;
  }
  try {
    // Today's alignment, scored: the "before" of the panel, and the plan shown until one is solved.
    state.today = await api.evaluate(problem, currentAlignment(problem), null);
    if (!state.shown) state.shown = state.today;
    changed('plan');
  } catch (err) {
    // A problem too large to evaluate still shows; a bad one says why.
    if (!(err instanceof ApiError && err.status === 413)) fail(`Scoring today's alignment of ${source}`, err);
  }
}

/** A plan the solver returned (a job's, a frontier point's) becomes the plan shown, edits start from it. */
function showSolved(problem: ProblemInput, result: Result, origin: { name: string; path: string }): void {
  const locks = state.snapshot.locks;
  state.origin = origin;
  state.solved = result;
  state.shown = result;
  state.undo = [];
  state.redo = [];
  state.viewing = null;
  state.approved = false;
  state.snapshot = { ...snapshotOf(problem, result.assignments), locks };
  changed('plan');
}

/** Rescores the shown alignment after an edit, undo or redo. */
async function rescore(): Promise<void> {
  if (!state.problem || state.problem.accounts.length > evaluateMax) return;
  changed('selection');
  try {
    state.shown = await api.evaluate(problemWithLocks(), alignment(), state.solved?.solver.bound ?? null);
    state.approved = false;
    changed('plan');
    status(state.shown.evaluation?.summary ?? 'Rescored.');
  } catch (err) {
    fail('Rescoring', err);
  }
}

function redraw(): void {
  const shown = onMap();
  // A plan with hires is drawn with its team: the hires at their sites, the reps let go gone.
  if (shown) map.draw(teamOf(shown.problem, shown.result), shown.result, { selected: state.selected, hired: hiredRepIds(shown.result) });
  const p = state.viewing?.problem ?? state.problem;
  const result = state.viewing?.result ?? state.shown;
  renderHiring($('hiring-section'), $('hiring'), result);
  if (p) {
    renderTerritories($('territories'), p, result, state.today);
    renderCapacity($('capacity'), result);
  }
  renderProof($('proof'), result, !state.viewing && state.shown === state.today);
  renderVerdict($('verdict'), $('violations'), state.viewing ? null : state.shown);
  $<HTMLButtonElement>('solve').disabled = !state.problem || !editable;
  $<HTMLButtonElement>('undo').disabled = state.undo.length === 0;
  $<HTMLButtonElement>('redo').disabled = state.redo.length === 0;
  $<HTMLButtonElement>('run-scenarios').disabled = !state.problem || $('variants').querySelectorAll('li').length === 0;
  $<HTMLButtonElement>('approve').disabled = !state.shown || state.shown.assignments.length === 0;
  $<HTMLButtonElement>('export-crm').disabled = !state.approved;
  $<HTMLButtonElement>('export-xlsx').disabled = !state.approved;
  document.body.dataset.view = state.viewing ? `variant:${state.viewing.name}` : 'plan';
}

function renderEdit(): void {
  if (!state.problem || !editable) return;
  const segmentOf = (id: string) => state.shown?.assignments.find((a) => a.accountId === id)?.segment ?? state.problem!.accounts.find((a) => a.id === id)?.segment ?? 'C';
  renderSelected($('selected'), state.problem, segmentOf, () => void rescore());
}

const scenarios = createScenarios({ builder: $('variant-builder'), list: $('variants'), run: $<HTMLButtonElement>('run-scenarios'), status: $('scenario-status'), comparison: $('comparison'), diff: $('diff') }, {
  problem: () => (state.problem ? problemWithLocks() : null),
  handLocks: () => [...state.snapshot.locks].filter(([id, rep]) => state.problem!.accounts.find((a) => a.id === id)?.lockedRepId !== rep).map(([accountId, repId]) => ({ accountId, repId })),
  pickPlace: () => map.pickPlace(),
  timeLimit: () => Number($<HTMLInputElement>('time-limit').value) || 10,
  status,
  view: (v) => {
    state.viewing = v;
    changed('view');
    status(v ? `Showing variant "${v.name}" on the map.` : 'Showing the edited plan.');
  },
});

const frontier = createFrontier({ points: $<HTMLInputElement>('frontier-points'), seconds: $<HTMLInputElement>('frontier-seconds'), run: $<HTMLButtonElement>('run-frontier'),
  cancel: $<HTMLButtonElement>('cancel-frontier'), status: $('frontier-status'), chart: $('frontier-chart') as unknown as SVGSVGElement, table: $('frontier-table') }, {
  problem: () => (state.problem && editable ? problemWithLocks() : null),
  show: (result, origin) => {
    showSolved(problemWithLocks(), result, origin);
    status(`Showing ${origin.name}: ${result.moves.length} move${result.moves.length === 1 ? '' : 's'} (${result.solver.status}).`);
  },
  fail,
  status,
});

async function init(): Promise<void> {
  const config = await api.config();
  evaluateMax = config.evaluateMaxAccounts;
  onKeyNeeded(askForKey);
  if (config.authRequired && !apiKey()) setApiKey(await askForKey());
  map = await createMap($('map'), config.mapTileUrl);
  // A handle for the browser tests and the console: they click accounts where a person would.
  (window as unknown as { plannerMap: unknown }).plannerMap = map.leaflet;
  (window as unknown as { plannerAreas: unknown }).plannerAreas = () => map.areas();
  (window as unknown as { plannerStates: unknown }).plannerStates = () => map.states();
  map.onAccountClick((id) => {
    if (state.viewing) return;
    state.selected = id;
    changed('selection');
  });
  subscribe((what) => {
    if (what !== 'selection') redraw();
    else if (state.problem) redraw();
    renderEdit();
  });

  const select = $<HTMLSelectElement>('sample-name');
  for (const s of config.samples) {
    const option = new Option(s.title, s.name);
    option.selected = s.default;
    select.append(option);
  }
  $('load-sample').addEventListener('submit', (e) => {
    e.preventDefault();
    void api.sample(select.value).then((p) => loadProblem(p, `sample ${select.value}`)).catch((err) => fail('Loading the sample', err));
  });
  $<HTMLInputElement>('problem-file').addEventListener('change', (e) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (file) void readProblemFile(file).then((p) => loadProblem(p, file.name)).catch((err) => fail(`Reading ${file.name}`, err));
  });
  $('load-crm').addEventListener('submit', (e) => {
    e.preventDefault();
    const accounts = $<HTMLInputElement>('crm-accounts').files?.[0];
    const reps = $<HTMLInputElement>('crm-reps').files?.[0];
    if (!accounts || !reps) return status('Choose the accounts file and the users file first.');
    void importCrm(accounts, reps, $('import-report')).then((out) => (out ? loadProblem(out.problem, `CRM import ${out.id}`) : status('The import was rejected: see the rows to fix.')));
  });
  $('load-job').addEventListener('submit', (e) => {
    e.preventDefault();
    const id = $<HTMLInputElement>('job-id').value.trim();
    if (!id) return;
    void openJob(id).then((j) => loadProblem(j.problem, `job ${id}${j.editable ? '' : ' (view only: its problem is not known to this tab; load the problem to edit)'}`, { result: j.result, jobId: id }, j.editable))
      .catch((err) => fail(`Opening job ${id}`, err));
  });

  $('solve').addEventListener('click', () => {
    if (!state.problem) return;
    const problem = problemWithLocks();
    const seconds = Number($<HTMLInputElement>('time-limit').value) || 10;
    void runJob({ button: $<HTMLButtonElement>('solve'), cancel: $<HTMLButtonElement>('cancel'), timeLimit: $<HTMLInputElement>('time-limit'), phase: $('phase'), elapsed: $('elapsed'), chart: $('progress-chart') as unknown as SVGSVGElement },
      async () => {
        const job = await api.submitJob(problem, seconds);
        rememberJobProblem(job.id, problem);
        return job;
      }, status)
      .then(async (job) => {
        if (job.status !== 'succeeded') return status(`Job ${job.id} ended ${job.status}${job.error ? `: ${job.error.message}` : ''}.`);
        const result = await api.result(job.id);
        if (result.assignments.length === 0) {
          state.shown = result;
          changed('plan');
          return status(`No plan: ${result.solver.message ?? result.solver.status}.`);
        }
        showSolved(problem, result, { name: `job ${job.id}`, path: `/v1/jobs/${encodeURIComponent(job.id)}/result` });
        status(`Solved (${result.solver.status}): ${result.moves.length} moves. Job ${job.id}.`);
      })
      .catch((err) => fail('The solve', err));
  });

  $('undo').addEventListener('click', () => { if (undo()) void rescore(); });
  $('redo').addEventListener('click', () => { if (redo()) void rescore(); });
  $('approve').addEventListener('click', () => {
    state.approved = true;
    redraw();
    status(state.origin && state.undo.length === 0 ? `Plan of ${state.origin.name} approved: export it below.` : 'Edited plan approved: export it below.');
  });
  const exportStatus = $('export-status');
  // The plan on screen: the job's own file when it is the solver's plan as it came, otherwise the
  // alignment shown, rendered by POST /v1/evaluate?format= (the same renderers).
  const exportPlan = (format: string) => () => {
    const unedited = state.origin !== null && state.shown === state.solved;
    const download = unedited
      ? downloadFromService(`${state.origin!.path}?format=${format}`)
      : downloadAlignment(problemWithLocks(), alignment(), state.solved?.solver.bound ?? null, format);
    void download
      .then((name) => { exportStatus.textContent = `Downloaded ${name} (${unedited ? `the plan of ${state.origin!.name}` : 'the plan on screen, as edited'}).`; })
      .catch((err) => fail('The export', err));
  };
  $('export-crm').addEventListener('click', exportPlan('crm-csv'));
  $('export-xlsx').addEventListener('click', exportPlan('xlsx'));
  // Keyboard undo and redo, as in any editor.
  document.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || (e.target as HTMLElement).closest('input, select, textarea')) return;
    if (e.key === 'z' && !e.shiftKey && undo()) void rescore();
    else if ((e.key === 'y' || (e.key === 'z' && e.shiftKey)) && redo()) void rescore();
  });

  const sample = new URLSearchParams(location.search).get('sample');
  if (sample) await api.sample(sample).then((p) => loadProblem(p, `sample ${sample}`)).catch((err) => fail(`Loading sample ${sample}`, err));
  document.body.dataset.ready = 'true';
}


init().catch((err) => fail('Starting the page', err));
