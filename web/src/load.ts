/**
 * What the page can start from: a bundled sample, a problem JSON file, CRM files through
 * POST /v1/imports (the import report shown, the rows to fix listed), or a job by id. A job's
 * problem is not part of the public API, so a job opened by id shows the problem the page itself
 * submitted (kept for the tab in sessionStorage) or, failing that, its plan read off the GeoJSON
 * export: enough to see it, not to edit it.
 */
import type { ProblemInput } from '../../solver/problem.ts';
import { api, ApiError, type ImportOutcome, type Result } from './api.ts';
import { el } from './format.ts';

const JOB_PROBLEMS = 'territory.jobProblems';

export function rememberJobProblem(jobId: string, problem: ProblemInput): void {
  try {
    const map = JSON.parse(sessionStorage.getItem(JOB_PROBLEMS) ?? '{}') as Record<string, ProblemInput>;
    map[jobId] = problem;
    sessionStorage.setItem(JOB_PROBLEMS, JSON.stringify(map));
  } catch {
    // A problem too large for sessionStorage: the job can still be opened from its GeoJSON.
  }
}

export async function readProblemFile(file: File): Promise<ProblemInput> {
  const doc = JSON.parse(await file.text()) as ProblemInput & { problem?: ProblemInput };
  // A request body ({ problem }) is accepted as well as the problem itself.
  return doc.problem ?? doc;
}

export async function importCrm(accounts: File, reps: File, report: HTMLElement): Promise<ImportOutcome | null> {
  report.hidden = false;
  report.replaceChildren(el('h2', {}, 'CRM import'), el('p', {}, 'Importing…'));
  try {
    const out = await api.importCrm(accounts, reps);
    renderReport(report, out.report, []);
    return out;
  } catch (err) {
    if (err instanceof ApiError && err.status === 422) {
      const body = err.body as { report?: Record<string, unknown>; errors?: Array<{ file?: string; row?: number; column?: string; reason?: string; message: string }> };
      renderReport(report, body.report ?? {}, body.errors ?? []);
      return null;
    }
    report.replaceChildren(el('h2', {}, 'CRM import'), el('p', { class: 'bad' }, `The import failed: ${(err as Error).message}`));
    return null;
  }
}

function renderReport(root: HTMLElement, report: Record<string, unknown>, errors: Array<{ file?: string; row?: number; column?: string; reason?: string; message: string }>): void {
  root.replaceChildren(el('h2', {}, 'CRM import'));
  const facts = ['accounts', 'reps'].filter((k) => typeof report[k] === 'number').map((k) => `${report[k]} ${k}`).join(', ');
  if (facts) root.append(el('p', { 'data-testid': 'import-summary' }, `Imported ${facts}.`));
  const defaults = (report.defaults as Array<{ what: string; detail: string }> | undefined) ?? [];
  if (defaults.length) root.append(el('p', {}, 'Assumed:'), el('ul', {}, ...defaults.map((d) => el('li', {}, `${d.what}: ${d.detail}`))));
  const warnings = (report.warnings as Array<{ message: string } | string> | undefined) ?? [];
  if (warnings.length) root.append(el('ul', {}, ...warnings.slice(0, 20).map((w) => el('li', {}, typeof w === 'string' ? w : w.message))));
  if (errors.length) {
    root.append(el('p', { class: 'bad', 'data-testid': 'import-rejected' }, `${errors.length} rows to fix:`),
      el('table', { class: 'rows-to-fix' }, el('thead', {}, el('tr', {}, ...['file', 'row', 'column', 'reason'].map((h) => el('th', {}, h)))),
        el('tbody', {}, ...errors.slice(0, 200).map((e) => el('tr', {}, el('td', {}, e.file ?? ''), el('td', {}, e.row !== undefined ? String(e.row) : ''), el('td', {}, e.column ?? ''), el('td', {}, e.reason ?? e.message))))));
  }
}

/** A job by id: its result, and its problem when this tab submitted it (else one rebuilt from the GeoJSON, view only). */
export async function openJob(id: string): Promise<{ problem: ProblemInput; result: Result; editable: boolean }> {
  const job = await api.job(id);
  if (job.status !== 'succeeded') throw new Error(`job ${id} is ${job.status}; open it once it has succeeded`);
  const result = await api.result(id);
  const known = (JSON.parse(sessionStorage.getItem(JOB_PROBLEMS) ?? '{}') as Record<string, ProblemInput>)[id];
  if (known) return { problem: known, result, editable: true };
  const geo = await api.geojson(id);
  const accounts: ProblemInput['accounts'] = [];
  const reps: ProblemInput['reps'] = [];
  for (const f of geo.features) {
    const p = f.properties as Record<string, unknown>;
    if (f.geometry.type !== 'Point') continue;
    const [lon, lat] = f.geometry.coordinates as [number, number];
    if (p.kind === 'account') accounts.push({ id: String(p.accountId), name: (p.name as string | null) ?? undefined, lat, lon, value: Number(p.value), segment: String(p.segment), currentRepId: (p.fromRepId as string | null) ?? String(p.repId) } as ProblemInput['accounts'][number]);
    if (p.kind === 'rep') {
      const t = result.territories.find((x) => x.repId === p.repId);
      reps.push({ id: String(p.repId), name: (p.name as string | null) ?? undefined, lat, lon, role: String(p.role), capacity: t?.capacity ?? 1 } as ProblemInput['reps'][number]);
    }
  }
  return { problem: { name: result.name ?? `job ${id}`, accounts, reps } as ProblemInput, result, editable: false };
}
