/**
 * POST /v1/imports on the real app: the CRM sample uploaded as multipart/form-data becomes a problem,
 * a report and an import id that POST /v1/jobs and /v1/scenarios take instead of the problem (and
 * the job solves); rejected rows are a 422 listing each; the wrong content type is 415, an oversized
 * file 413; another tenant's import id is 404; imports expire with retention.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemInput, TerritoryResult } from '../../solver/index.ts';
import { sweepExpired } from '../../src/jobs/retention.ts';
import { buildTestApp, waitForEnd, type JobView, type TestApp } from './support/app.ts';
import { BACKENDS, storeHarness } from './support/stores.ts';

const A = 'td_import_a_0123456789abcdefghijklmnop';
const B = 'td_import_b_0123456789abcdefghijklmnop';
const crm = (name: string) => readFileSync(new URL(`../../data/crm/${name}`, import.meta.url));

type Part = { name: string; filename?: string; body: string | Buffer; type?: string };

/** A multipart/form-data body, written out by hand (what a browser or curl -F sends). */
function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----territory-test-boundary';
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.filename ? `Content-Type: ${p.type ?? 'text/csv'}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(p.body) ? p.body : Buffer.from(p.body));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const sampleParts = (extra: Part[] = []): Part[] => [
  { name: 'accounts', filename: 'accounts.csv', body: crm('accounts.csv') },
  { name: 'reps', filename: 'users.csv', body: crm('users.csv') },
  ...extra,
];

interface ImportBody { id: string; createdAt: string; problem: ProblemInput; report: { accounts: number; owners: { matched: Record<string, number> }; defaults: Array<{ what: string; detail: string }> } }

describe('POST /v1/imports', () => {
  let t: TestApp;
  const post = (key: string, parts: Part[]) => {
    const { payload, headers } = multipart(parts);
    return t.app.inject({ method: 'POST', url: '/v1/imports', payload, headers: { ...headers, authorization: `Bearer ${key}` } });
  };
  const as = (key: string, method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await buildTestApp({ API_KEYS: `a:${A},b:${B}`, BODY_LIMIT_BYTES: String(64 * 1024) });
  });
  afterAll(async () => {
    await t?.close();
  });

  let imported: ImportBody;

  it('imports the CRM sample: 201 with the problem, the report and an id', async () => {
    const res = await post(A, sampleParts([{ name: 'options', body: JSON.stringify({ capacity: { sellingShare: 0.62 }, name: 'CRM sample' }) }]));
    expect(res.statusCode, res.body).toBe(201);
    imported = res.json<ImportBody>();
    expect(res.headers.location).toBe(`/v1/imports/${imported.id}`);
    expect(imported.problem.name).toBe('CRM sample');
    expect(imported.problem.accounts).toHaveLength(357);
    expect(imported.problem.reps.every((r) => r.capacity === 1140.8)).toBe(true);
    expect(imported.report.owners.matched).toEqual({ id: 0, name: 343, email: 0 });
    expect(imported.report.defaults[0]!.detail).toBe('40 h/week x 46 weeks x 0.62 selling share = 1,140.8 h/year (1 FTE)');
    const stored = await as(A, 'GET', `/v1/imports/${imported.id}`);
    expect(stored.statusCode).toBe(200);
    expect(stored.json<ImportBody>().problem).toEqual(imported.problem);
  });

  it('a job and a scenario take the import id instead of the problem; the job solves', async () => {
    const res = await as(A, 'POST', '/v1/jobs', { importId: imported.id, options: { timeLimitSeconds: 3 } });
    expect(res.statusCode, res.body).toBe(202);
    const job = res.json<JobView>();
    const ended = await waitForEnd(t.app, job.id, 60_000, { authorization: `Bearer ${A}` });
    expect(ended.status).toBe('succeeded');
    const result = (await as(A, 'GET', `/v1/jobs/${job.id}/result`)).json<TerritoryResult>();
    expect(result.assignments).toHaveLength(357);
    expect(result.moves.length).toBeLessThan(343 * 0.5);

    const scenario = await as(A, 'POST', '/v1/scenarios', { importId: imported.id, includeBase: false, variants: [{ name: 'quick', patch: { options: { timeLimitSeconds: 1 } } }] });
    expect(scenario.statusCode, scenario.body).toBe(202);
  });

  it('another tenant\'s import id, or an unknown one, is 404; importId beside a problem is 400', async () => {
    for (const [method, url, body] of [['GET', `/v1/imports/${imported.id}`, undefined], ['POST', '/v1/jobs', { importId: imported.id }], ['POST', '/v1/scenarios', { importId: imported.id, variants: [{ name: 'v' }] }]] as const) {
      const res = await as(B, method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json<{ code: string }>().code).toBe('TD_ERR_IMPORT_NOT_FOUND');
    }
    const unknown = await as(A, 'POST', '/v1/jobs', { importId: 'no-such-import' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
    const both = await as(A, 'POST', '/v1/jobs', { importId: imported.id, problem: imported.problem });
    expect(both.statusCode).toBe(400);
    expect(both.json<{ errors: Array<{ path: string }> }>().errors[0]!.path).toBe('importId');
  });

  it('rejected rows are a 422 listing each with file, row, column and reason', async () => {
    const accounts = 'Account ID,Annual Revenue,Account Owner,Lat,Lon\nA1,"12,5 Mio",Lena Huber,48,11\nA2,100,Nobody,48,11\n';
    const res = await post(A, [{ name: 'accounts', filename: 'accounts.csv', body: accounts }, { name: 'reps', filename: 'users.csv', body: crm('users.csv') }]);
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<{ code: string; detail: string; errors: Array<Record<string, unknown>>; report: unknown }>();
    expect(body.code).toBe('TD_ERR_IMPORT_REJECTED');
    expect(body.detail).toBe('The import was rejected: 2 rows to fix; errors lists each with its file, row and column');
    expect(body.errors[0]).toEqual({
      path: 'accounts.csv, row 2, column "Annual Revenue"', message: expect.stringMatching(/^"12,5 Mio" is not a number/),
      file: 'accounts.csv', row: 2, column: 'Annual Revenue', reason: expect.stringMatching(/^"12,5 Mio" is not a number/),
    });
    expect(body.errors[1]).toMatchObject({ row: 3, column: 'Account Owner' });
    expect(body.report).toBeDefined();
  });

  it('a missing part, an unknown part and bad options are 400 naming each', async () => {
    const noReps = await post(A, [{ name: 'accounts', filename: 'accounts.csv', body: crm('accounts.csv') }]);
    expect(noReps.statusCode).toBe(400);
    expect(noReps.json<{ errors: Array<{ path: string }> }>().errors.map((e) => e.path)).toEqual(['reps']);
    const unknown = await post(A, sampleParts([{ name: 'contacts', filename: 'c.csv', body: 'x\n1\n' }]));
    expect(unknown.statusCode).toBe(400);
    const options = await post(A, sampleParts([{ name: 'options', body: '{"capacity":{"sellingShare":2},"colour":"red"}' }]));
    expect(options.statusCode).toBe(400);
    expect(options.json<{ errors: Array<{ path: string }> }>().errors.map((e) => e.path).sort()).toEqual(['options.capacity.sellingShare', 'options.colour']);
    const notJson = await post(A, sampleParts([{ name: 'options', body: '{' }]));
    expect(notJson.statusCode).toBe(400);
  });

  it('a body that is not multipart is 415, a file over the limit 413', async () => {
    const json = await as(A, 'POST', '/v1/imports', { accounts: 'x' });
    expect(json.statusCode).toBe(415);
    expect(json.json<{ code: string }>().code).toBe('TD_ERR_MULTIPART_REQUIRED');
    const text = await t.app.inject({ method: 'POST', url: '/v1/imports', payload: 'a,b\n', headers: { 'content-type': 'text/csv', authorization: `Bearer ${A}` } });
    expect(text.statusCode).toBe(415);
    expect(text.headers['content-type']).toMatch(/^application\/problem\+json/);
    const big = await post(A, sampleParts([{ name: 'patterns', filename: 'p.csv', body: `Segment,Role\n${'A,field\n'.repeat(10_000)}` }]));
    expect(big.statusCode).toBe(413);
    expect(big.json<{ code: string }>().code).toBe('TD_ERR_BODY_TOO_LARGE');
  });
});

describe.each(BACKENDS)('imports expire with retention (%s)', (backend) => {
  const harness = storeHarness(backend);
  it('are swept RETENTION_DAYS after they were made, per tenant scope', async () => {
    let now = Date.parse('2026-01-01T00:00:00.000Z');
    const { jobs: store, imports } = await harness.open({ now: () => new Date(now) });
    const { id } = await imports.create('a', '{"accounts":[]}', '{}');
    const other = await imports.create('b', '{"accounts":[]}', '{}');
    expect(await sweepExpired(store, { days: 30 }, imports)).toEqual({ jobs: 0, scenarios: 0, imports: 0 });
    now += 31 * 24 * 60 * 60 * 1000;
    expect(await imports.get(id, 'a')).toBeDefined();
    // Another tenant's id is as unknown as one that never existed.
    expect(await imports.get(id, 'b')).toBeUndefined();
    expect(await sweepExpired(store, { days: 30, tenants: { b: 60 } }, imports)).toEqual({ jobs: 0, scenarios: 0, imports: 1 });
    expect(await imports.get(id, 'a')).toBeUndefined();
    expect(await imports.problemText(other.id, 'b')).toBe('{"accounts":[]}');
  });
});
