/**
 * The last CPU work taken off the HTTP thread: a scenario variant's comparison row built by its
 * solve thread and stored with the result (GET /v1/scenarios/:id reads it and parses no problem;
 * a job stored before that falls back to building it from the problem and result); CRM imports
 * read in the parse pool (the same bytes as the main thread's answer, /health answering during a
 * large one), and a large stored import named by importId read there as a large body is.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { comparisonRow, type ComparisonRow, type ProblemInput, type TerritoryResult, type Variant } from '../../solver/index.ts';
import { Errors } from '../../src/errors.ts';
import { importSchema } from '../../src/http/import-schema.ts';
import { importFiles, parseImportOptions, type ImportFiles } from '../../src/imports/import-problem.ts';
import { jobProblem } from '../../src/jobs/job-problem.ts';
import type { SqliteJobStore } from '../../src/jobs/sqlite-store.ts';
import { problemBody } from '../../src/plugins/error-handler.ts';
import { countOf, errorItem } from '../../src/workers/import-worker.ts';
import { buildTestApp, ON_POSTGRES, pollUntil, readFixture, type JobView, type ProblemBody, type TestApp } from './support/app.ts';

const tiny = readFixture('tiny.json');
const crm = (name: string) => readFileSync(new URL(`../../data/crm/${name}`, import.meta.url));

type Part = { name: string; filename: string; body: Buffer | string };

/** A multipart/form-data body, written out by hand (what curl -F sends). */
function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----territory-offthread-boundary';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: text/csv\r\n\r\n`));
    chunks.push(Buffer.isBuffer(p.body) ? p.body : Buffer.from(p.body));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function postImport(t: TestApp, accounts: Buffer | string, reps: Buffer | string = crm('users.csv')) {
  return t.app.inject({ method: 'POST', url: '/v1/imports', ...multipart([{ name: 'accounts', filename: 'accounts.csv', body: accounts }, { name: 'reps', filename: 'users.csv', body: reps }]) });
}

/** What the route used to compute on the main thread, for the same files (default options). */
async function onMainThread(accounts: Buffer | string, reps: Buffer | string = crm('users.csv')) {
  const options = parseImportOptions({});
  if (!options.ok) throw new Error('options');
  const bytes = (b: Buffer | string) => new Uint8Array(Buffer.isBuffer(b) ? b : Buffer.from(b));
  const files: ImportFiles = { accounts: { name: 'accounts.csv', bytes: bytes(accounts) }, reps: { name: 'users.csv', bytes: bytes(reps) } };
  return importFiles(files, options.options);
}

/** The sample's accounts repeated `times` over with fresh ids: a CRM export of 357 x times rows. */
function manyAccounts(times: number): string {
  const [header, ...rows] = crm('accounts.csv').toString('utf8').trim().split('\n');
  const out = [header!];
  for (let k = 0; k < times; k++) for (const row of rows) out.push(row.replace(/^(\d+)/, `$1-${k}`));
  return `${out.join('\n')}\n`;
}

interface ScenarioView {
  id: string;
  status: 'running' | 'done';
  variants: Array<JobView & { name: string }>;
  comparison: ComparisonRow[] | null;
}

async function finishedScenario(t: TestApp, base: ProblemInput, variants: Variant[]): Promise<{ location: string; view: ScenarioView; body: string }> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/scenarios', payload: { base, variants, options: { timeLimitSeconds: 10 } } });
  expect(res.statusCode, res.body.slice(0, 500)).toBe(202);
  const location = res.headers.location as string;
  const view = await pollUntil(async () => (await t.app.inject({ url: location })).json<ScenarioView>(), (s) => s.status === 'done', { timeoutMs: 60_000, intervalMs: 100, what: 'the scenario to be done' });
  return { location, view, body: (await t.app.inject({ url: location })).body };
}

// SQLite only: one step rewrites rows through the SQLite connection.
describe.skipIf(ON_POSTGRES)('scenario comparison rows built by the solve thread', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '2' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const starved: Variant = { name: 'starved', patch: { reps: tiny.reps.map((r) => ({ ...r, capacity: 1 })) } };
  const renamed: Variant = { name: 'renamed', patch: { accounts: tiny.accounts.map((a) => ({ ...a, name: `V ${a.name ?? a.id}` })) } };

  it('stores each variant\'s row with its result, the row the problem and result give; the view reads no problem', async () => {
    const { location, view, body } = await finishedScenario(t, tiny, [renamed, starved]);
    expect(view.variants.map((v) => [v.name, v.status])).toEqual([['base', 'succeeded'], ['renamed', 'succeeded'], ['starved', 'succeeded']]);
    for (const v of view.variants) {
      const stored = (await t.app.store.comparisonText(v.id));
      expect(stored, v.name).toBeDefined();
      // The row the route used to build on the HTTP thread, from the stored problem and result.
      const old = comparisonRow(v.name, (await jobProblem(t.app.store, v.id)) as ProblemInput, JSON.parse((await t.app.store.resultText(v.id))!) as TerritoryResult);
      expect(stored).toBe(JSON.stringify(old));
    }
    expect(view.comparison!.find((r) => r.variant === 'starved')!.plan).toBe(false);
    expect(view.comparison!.find((r) => r.variant === 'renamed')!.plan).toBe(true);

    const problemParts = vi.spyOn(t.app.store, 'problemParts');
    const resultText = vi.spyOn(t.app.store, 'resultText');
    try {
      const again = await t.app.inject({ url: location });
      expect(again.statusCode).toBe(200);
      expect(again.body).toBe(body);
      expect(problemParts).not.toHaveBeenCalled();
      expect(resultText).not.toHaveBeenCalled();
    } finally {
      problemParts.mockRestore();
      resultText.mockRestore();
    }

    // A job stored before the rows were kept (no comparison): built the old way, the same answer.
    (t.app.store as SqliteJobStore).database.prepare('UPDATE jobs SET comparison = NULL WHERE scenario_id = ?').run(view.id);
    for (const v of view.variants) expect((await t.app.store.comparisonText(v.id))).toBeUndefined();
    const fallback = await t.app.inject({ url: location });
    expect(fallback.statusCode).toBe(200);
    expect(fallback.body).toBe(body);
  });

  it('stores no row for a plain job', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/jobs', payload: { problem: tiny, options: { timeLimitSeconds: 5 } } });
    expect(res.statusCode).toBe(202);
    const id = res.json<JobView>().id;
    await pollUntil(async () => (await t.app.store.get(id))!.status, (s) => s === 'succeeded', { timeoutMs: 30_000, what: 'the job to succeed' });
    expect((await t.app.store.comparisonText(id))).toBeUndefined();
  });
});

describe('CRM imports in the parse pool', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('imports in one pool task; the 201 is the bytes the route\'s serializer wrote from the main thread\'s outcome', async () => {
    const before = t.app.parsePool.completed;
    const res = await postImport(t, crm('accounts.csv'));
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
    expect(t.app.parsePool.completed).toBe(before + 1);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const outcome = await onMainThread(crm('accounts.csv'));
    if (!outcome.ok) throw new Error('the sample imports');
    const { id, createdAt } = res.json<{ id: string; createdAt: string }>();
    expect(res.body).toBe(JSON.stringify(z.encode(importSchema, { id, createdAt, problem: outcome.problem, report: outcome.report } as never)));
    expect((await t.app.imports.problemText(id, 'default'))).toBe(JSON.stringify(outcome.problem));
    const stored = (await t.app.imports.get(id, 'default'))!;
    expect(stored.report).toBe(JSON.stringify(outcome.report));
  });

  it('a rejected import is the main thread\'s 422, byte for byte', async () => {
    const accounts = 'Account ID,Annual Revenue,Account Owner,Lat,Lon\nA1,"12,5 Mio",Lena Huber,48,11\nA2,100,Nobody,48,11\nA3,7,Lena Huber,,\n';
    const before = t.app.parsePool.completed;
    const res = await postImport(t, accounts);
    expect(res.statusCode).toBe(422);
    expect(t.app.parsePool.completed).toBe(before + 1);
    const outcome = await onMainThread(accounts);
    if (outcome.ok) throw new Error('rejected');
    const err = new Errors.ImportRejected(countOf(outcome.errors));
    expect(res.body).toBe(JSON.stringify({ ...problemBody(422, err.code, err.message, '/v1/imports'), errors: outcome.errors.map(errorItem), report: outcome.report }));
  });

  it('a thread that fails is TD_ERR_INTERNAL', async () => {
    const run = vi.spyOn(t.app.parsePool, 'run').mockRejectedValueOnce(new Error('the thread died'));
    try {
      const res = await postImport(t, crm('accounts.csv'));
      expect(res.statusCode).toBe(500);
      expect(res.json<ProblemBody>().code).toBe('TD_ERR_INTERNAL');
      expect(res.body).not.toContain('the thread died');
    } finally {
      run.mockRestore();
    }
  });

  it('answers /health while a large import is read', async () => {
    const accounts = manyAccounts(60);
    const order: string[] = [];
    const imported = postImport(t, accounts).then((res) => {
      order.push('import');
      return res;
    });
    const pool = t.app.parsePool;
    const inPool = () => pool.queueSize > 0 || pool.idleThreads < pool.threads.length;
    await pollUntil(async () => inPool() || order.length > 0, Boolean, { intervalMs: 1, what: 'the import to reach the parse pool' });
    const health = await t.app.inject({ url: '/health' });
    order.push('health');
    expect(health.statusCode).toBe(200);
    const res = await imported;
    expect(res.statusCode, res.body.slice(0, 300)).toBe(201);
    expect(res.json<{ problem: ProblemInput }>().problem.accounts.length).toBeGreaterThan(20_000);
    expect(order).toEqual(['health', 'import']);
  });
});

// SQLite only: the large body is checked as the file its row names.
describe.skipIf(ON_POSTGRES)('a large stored import named by importId takes the large-body path', () => {
  let small: TestApp;
  let large: TestApp;
  const importIdOf = async (t: TestApp) => {
    const res = await postImport(t, crm('accounts.csv'));
    expect(res.statusCode).toBe(201);
    return res.json<{ id: string }>().id;
  };

  beforeAll(async () => {
    small = await buildTestApp({ POOL_SIZE: '2' });
    // The sample's ~90 KB problem is above this: read in the parse pool, kept as a file.
    large = await buildTestApp({ POOL_SIZE: '2', OFFTHREAD_BODY_BYTES: '1000' });
  });
  afterAll(async () => {
    await small?.close();
    await large?.close();
  });

  it('a job: read in the pool and kept as a file, with the problem text and request hash the main thread gives', async () => {
    const submit = async (t: TestApp, importId: string) => {
      const before = t.app.parsePool.completed;
      const res = await t.app.inject({ method: 'POST', url: '/v1/jobs', headers: { 'idempotency-key': 'k1' }, payload: { importId, options: { timeLimitSeconds: 3 } } });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(202);
      return { id: res.json<JobView>().id, tasks: t.app.parsePool.completed - before };
    };
    const a = await submit(small, await importIdOf(small));
    const b = await submit(large, await importIdOf(large));
    expect(a.tasks).toBe(0);
    expect(b.tasks).toBe(1);
    const sourceA = (await small.app.store.problemSource(a.id)) as { problemJson: string };
    const sourceB = (await large.app.store.problemSource(b.id)) as { problemFile: string };
    expect(sourceB.problemFile).toBeDefined();
    expect(readFileSync(sourceB.problemFile, 'utf8')).toBe(sourceA.problemJson);
    expect((await large.app.store.findByIdempotencyKey('default', 'k1'))!.hash).toBe((await small.app.store.findByIdempotencyKey('default', 'k1'))!.hash);
    const ended = await pollUntil(async () => (await large.app.store.get(b.id))!.status, (s) => s === 'succeeded' || s === 'failed', { timeoutMs: 60_000, what: 'the job to end' });
    expect(ended).toBe('succeeded');
  });

  it('a scenario\'s base: read in the pool and kept as a file', async () => {
    const before = large.app.parsePool.completed;
    const importId = await importIdOf(large);
    const res = await large.app.inject({ method: 'POST', url: '/v1/scenarios', payload: { importId, includeBase: false, variants: [{ name: 'quick', patch: { options: { timeLimitSeconds: 1 } } }] } });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(202);
    expect(large.app.parsePool.completed).toBe(before + 2);
    const job = res.json<{ variants: JobView[] }>().variants[0]!;
    expect((await large.app.store.problemSource(job.id))).toMatchObject({ variantOf: { baseFile: expect.any(String) } });
  });

  it('refusals are the main thread\'s answers', async () => {
    for (const body of [{ options: { timeLimitSeconds: -1 } }, { webhookUrl: 'http://127.0.0.1/hook' }, { options: { timeLimitSeconds: 1 }, colour: 'red' }]) {
      const a = await small.app.inject({ method: 'POST', url: '/v1/jobs', payload: { importId: await importIdOf(small), ...body } });
      const b = await large.app.inject({ method: 'POST', url: '/v1/jobs', payload: { importId: await importIdOf(large), ...body } });
      expect(a.statusCode, a.body).toBeGreaterThanOrEqual(400);
      expect([b.statusCode, b.body]).toEqual([a.statusCode, a.body]);
    }
  });
});

describe('POST /v1/compliance in the parse pool', () => {
  let t: TestApp;
  let jobId: string;
  /** Bodies above this are read and computed in the pool; padding a body with spaces takes it there. */
  const THRESHOLD = 64 * 1024;
  const plan = tiny.accounts.flatMap((a) => (a.currentRepId ? [{ accountId: a.id, repId: a.id === 'pforzheim' ? 'ben' : a.currentRepId }] : []));
  const records = [
    { accountId: 'stuttgart', repId: 'anna', date: '2026-01-05', channel: 'in_person', minutes: 60, km: 4 },
    { accountId: 'pforzheim', repId: 'anna', date: '2026-02-02', channel: 'in_person', minutes: 45, km: 70 },
    { accountId: 'calw', repId: 'clara', date: '2026-03-02', channel: 'phone', minutes: 20 },
  ];
  const csv = 'Kunde;Mitarbeiter;Datum;Kanal;Dauer\nstuttgart;anna;05.01.2026;Besuch;60\ncalw;clara;02.03.2026;Telefon;20\n';
  const post = (text: string) => t.app.inject({ method: 'POST', url: '/v1/compliance', headers: { 'content-type': 'application/json' }, payload: text });
  /** The same JSON value, spaces after its first brace: above THRESHOLD. */
  const padded = (text: string) => `${text.slice(0, 1)}${' '.repeat(THRESHOLD)}${text.slice(1)}`;

  beforeAll(async () => {
    t = await buildTestApp({ OFFTHREAD_BODY_BYTES: String(THRESHOLD) });
    const res = await t.app.inject({ method: 'POST', url: '/v1/jobs', payload: { problem: tiny, options: { timeLimitSeconds: 5 } } });
    expect(res.statusCode).toBe(202);
    jobId = res.json<JobView>().id;
    await pollUntil(async () => (await t.app.store.get(jobId))!.status, (s) => s === 'succeeded', { timeoutMs: 30_000, what: 'the job to succeed' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a large body as the same small one, computed in the pool; a job\'s plan always there', async () => {
    const cases: Array<{ body: unknown; status: number; small: number; large: number }> = [
      { body: { problem: tiny, plan: { assignments: plan }, activities: records, from: '2026-01-01', to: '2026-03-31' }, status: 200, small: 0, large: 1 },
      { body: { problem: tiny, activitiesCsv: csv, dateOrder: 'dmy' }, status: 200, small: 0, large: 1 },
      { body: { plan: { jobId: 'JOB' }, activitiesCsv: csv, dateOrder: 'dmy', top: 3 }, status: 200, small: 1, large: 2 },
      { body: { problem: tiny, plan: { jobId: 'JOB' }, activities: records }, status: 200, small: 1, large: 2 },
      { body: { problem: tiny, plan: { assignments: plan, jobId: 'JOB' }, activities: records }, status: 400, small: 0, large: 1 },
      { body: { plan: { jobId: 'no-such-job' }, activities: records }, status: 404, small: 0, large: 1 },
      { body: { plan: { assignments: plan }, activities: records }, status: 400, small: 0, large: 1 },
      { body: { problem: tiny, activitiesCsv: 'Kunde;Mitarbeiter;Datum\nstuttgart;anna;kein Datum\n' }, status: 400, small: 0, large: 1 },
      { body: { problem: tiny, activities: records, dateOrder: 'dmy' }, status: 400, small: 0, large: 1 },
      { body: { problem: { ...tiny, accounts: tiny.accounts.map((a) => ({ ...a, lockedRepId: 'nobody' })) }, activities: records }, status: 400, small: 0, large: 1 },
      { body: { problem: tiny, activities: [{ accountId: 7 }] }, status: 400, small: 0, large: 1 },
    ];
    for (const c of cases) {
      const text = JSON.stringify(c.body).replaceAll('"JOB"', JSON.stringify(jobId));
      expect(text.length).toBeLessThan(THRESHOLD);
      let before = t.app.parsePool.completed;
      const small = await post(text);
      expect(t.app.parsePool.completed - before, text.slice(0, 200)).toBe(c.small);
      before = t.app.parsePool.completed;
      const large = await post(padded(text));
      expect(t.app.parsePool.completed - before, text.slice(0, 200)).toBe(c.large);
      expect(small.statusCode, small.body.slice(0, 300)).toBe(c.status);
      expect([large.statusCode, large.headers['content-type'], large.body]).toEqual([small.statusCode, small.headers['content-type'], small.body]);
    }
  });

  it('a body that is not JSON, or too deep, is the main thread\'s answer', async () => {
    for (const text of ['{"problem": ', `{"problem":${'['.repeat(100)}${']'.repeat(100)}}`]) {
      const small = await post(text);
      const large = await post(padded(text));
      expect(small.statusCode).toBe(400);
      expect([large.statusCode, large.body]).toEqual([small.statusCode, small.body]);
    }
  });

  it('a thread that fails is TD_ERR_INTERNAL', async () => {
    const run = vi.spyOn(t.app.parsePool, 'run').mockRejectedValueOnce(new Error('the thread died'));
    try {
      const res = await post(padded(JSON.stringify({ problem: tiny, activities: records })));
      expect(res.statusCode).toBe(500);
      expect(res.json<ProblemBody>().code).toBe('TD_ERR_INTERNAL');
    } finally {
      run.mockRestore();
    }
  });
});
