/**
 * The page's only way to the service: the public API, with the API key (when the service has keys)
 * sent as a Bearer token. The key lives in sessionStorage: it is gone when the tab closes, and no
 * other site can read it. Errors are the API's problem+json, turned into an Error naming the fields.
 */
import type { ProblemInput } from '../../solver/problem.ts';
import type { TerritoryResult } from '../../solver/result.ts';
import type { ComparisonRow } from '../../solver/scenario.ts';

export type { ComparisonRow };

const KEY = 'territory.apiKey';

export interface WebConfig {
  readonly mapTileUrl: string | null;
  readonly authRequired: boolean;
  readonly evaluateMaxAccounts: number;
  readonly samples: ReadonlyArray<{ name: string; title: string; default: boolean }>;
}

export interface Violation { family: string; message: string; repId?: string; accountId?: string; value?: number; limit?: number }
export interface Evaluation { ok: boolean; violations: Violation[]; bound: number | null; aboveBound: number | null; summary: string }
export type Result = TerritoryResult & { evaluation?: Evaluation };

export interface JobProgress { phase: string; percent: number | null; incumbent: number | null; bound: number | null; gap: number | null; frontier?: FrontierProgress }

/** A frontier's point as progress shows it (src/http/frontier-progress-schema.ts); the table's rows add index and dominated. */
export interface FrontierPoint {
  maxMoves: number | null; status: string; plan: boolean; moves: number | null; valueMoved: number | null; disruption: number | null;
  travel: number | null; objective: number | null; bound: number | null; gap: number | null; note: string | null;
}
export interface FrontierRow extends FrontierPoint { index: number; dominated: boolean }
export interface FrontierProgress { planned: number; points: FrontierPoint[] }
export interface FrontierTable { leastMoves: { count: number; exact: boolean } | null; points: FrontierRow[] }
export interface Job {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: JobProgress | null;
  error?: { code: string; message: string } | null;
  links: { self?: string; result: string; events?: string };
  [key: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly errors: ReadonlyArray<{ path: string; message: string }> = [], readonly body: unknown = null) {
    super(message);
  }
}

let askKey: (() => Promise<string>) | null = null;
/** How the page asks for a key when the service answers 401 (main.ts shows a dialog). */
export function onKeyNeeded(ask: () => Promise<string>): void {
  askKey = ask;
}

export function apiKey(): string | null {
  return sessionStorage.getItem(KEY);
}
export function setApiKey(key: string): void {
  sessionStorage.setItem(KEY, key);
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const key = apiKey();
  return { ...extra, ...(key ? { authorization: `Bearer ${key}` } : {}) };
}

/** fetch with the key; a 401 asks for a key once and retries. */
async function send(url: string, init: RequestInit & { headers?: Record<string, string> } = {}, retried = false): Promise<Response> {
  const res = await fetch(url, { ...init, headers: headers(init.headers) });
  if (res.status === 401 && !retried && askKey) {
    setApiKey(await askKey());
    return send(url, init, true);
  }
  if (!res.ok) {
    const body = await res.json().catch(() => null) as { code?: string; detail?: string; errors?: Array<{ path: string; message: string }> } | null;
    throw new ApiError(res.status, body?.code ?? `HTTP_${res.status}`, body?.detail ?? res.statusText, body?.errors ?? [], body);
  }
  return res;
}

const json = async <T>(url: string, init?: RequestInit & { headers?: Record<string, string> }): Promise<T> => (await send(url, init)).json() as Promise<T>;
const post = <T>(url: string, body: unknown) => json<T>(url, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

export const api = {
  config: () => json<WebConfig>('/web-config.json'),
  sample: (name: string) => json<ProblemInput>(`/samples/${encodeURIComponent(name)}.json`),
  submitJob: (problem: ProblemInput, timeLimitSeconds: number) => post<Job>('/v1/jobs', { problem, options: { timeLimitSeconds } }),
  job: (id: string) => json<Job>(`/v1/jobs/${encodeURIComponent(id)}`),
  cancel: (id: string) => json<Job>(`/v1/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' }),
  result: (id: string) => json<Result>(`/v1/jobs/${encodeURIComponent(id)}/result`),
  submitFrontier: (problem: ProblemInput, points: number, timeLimitSecondsPerPoint: number) => post<Job>('/v1/frontier', { problem, points, timeLimitSecondsPerPoint }),
  frontier: (id: string) => json<Job & { frontier: FrontierTable | null }>(`/v1/frontier/${encodeURIComponent(id)}`),
  frontierPoint: (id: string, index: number) => json<Result>(`/v1/frontier/${encodeURIComponent(id)}/points/${index}`),
  geojson: (id: string) => json<GeoJSON.FeatureCollection>(`/v1/jobs/${encodeURIComponent(id)}/result?format=geojson`),
  evaluate: (problem: ProblemInput, assignments: Array<{ accountId: string; repId: string }>, bound: number | null) =>
    post<Result>('/v1/evaluate', { problem, assignments, ...(bound !== null ? { bound } : {}) }),
  scenarios: (base: ProblemInput, variants: unknown[], timeLimitSeconds: number) => post<{ id: string }>('/v1/scenarios', { base, variants, options: { timeLimitSeconds } }),
  scenario: (id: string) => json<Scenario>(`/v1/scenarios/${encodeURIComponent(id)}`),
  importCrm: async (accounts: File, reps: File) => {
    const form = new FormData();
    form.append('accounts', accounts, accounts.name);
    form.append('reps', reps, reps.name);
    return json<ImportOutcome>('/v1/imports', { method: 'POST', body: form });
  },
  /** A result file (CSV, .xlsx) as a blob, to download under its own name. */
  download: async (url: string) => fileOf(await send(url), url),
  /** Any alignment as a result file (POST /v1/evaluate?format=...): the export of a plan edited by hand. */
  exportAlignment: async (problem: ProblemInput, assignments: Array<{ accountId: string; repId: string }>, bound: number | null, format: string) => {
    const url = `/v1/evaluate?format=${encodeURIComponent(format)}`;
    const res = await send(url, { method: 'POST', body: JSON.stringify({ problem, assignments, ...(bound !== null ? { bound } : {}) }), headers: { 'content-type': 'application/json' } });
    return fileOf(res, url);
  },
};

/** A file answer and the name the service gives it (Content-Disposition). */
async function fileOf(res: Response, url: string): Promise<{ blob: Blob; name: string }> {
  const disposition = res.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? url.split('/').pop()!;
  return { blob: await res.blob(), name };
}

export interface ImportOutcome { id: string; problem: ProblemInput; report: Record<string, unknown> }

export interface Scenario {
  id: string;
  status: 'running' | 'done';
  variants: Array<Job & { name: string }>;
  comparison: ComparisonRow[] | null;
}

/**
 * A job's server-sent events, read with fetch (EventSource cannot send an Authorization header).
 * Calls `on` per event until the stream ends or `signal` aborts.
 */
export async function jobEvents(id: string, on: (event: string, data: unknown) => void, signal: AbortSignal): Promise<void> {
  const res = await send(`/v1/jobs/${encodeURIComponent(id)}/events`, { signal, headers: { accept: 'text/event-stream' } });
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      let event = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data) on(event, JSON.parse(data));
    }
  }
}
