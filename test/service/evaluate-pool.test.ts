/**
 * POST /v1/evaluate in the parse pool: every body is scored there (the pool's completed count
 * rises), a large body (above OFFTHREAD_BODY_BYTES) is read there too with the same answer, a thread
 * that fails is TD_ERR_INTERNAL, and ?format exports the alignment given (a plan edited by hand) as
 * a job's result is exported: crm-csv, crm-xlsx, xlsx, with ?columns.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TerritoryResult } from '../../solver/index.ts';
import { buildTestApp, readFixture, type ProblemBody, type TestApp } from './support/app.ts';

const tiny = readFixture('tiny.json');
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('POST /v1/evaluate off the event loop, and its exports', () => {
  let t: TestApp;
  let large: TestApp;
  let plan: Array<{ accountId: string; repId: string }>;
  let edited: Array<{ accountId: string; repId: string }>;

  beforeAll(async () => {
    t = await buildTestApp();
    // Every body above 0 bytes arrives as bytes: the evaluate task reads it itself.
    large = await buildTestApp({ OFFTHREAD_BODY_BYTES: '0' });
    const res = await t.app.inject({ method: 'POST', url: '/v1/solve', payload: { problem: tiny, options: { timeLimitSeconds: 5 } } });
    plan = res.json<TerritoryResult>().assignments.map(({ accountId, repId }) => ({ accountId, repId }));
    const owner = plan.find((a) => a.accountId === 'pforzheim')!.repId;
    edited = plan.map((a) => (a.accountId === 'pforzheim' ? { ...a, repId: owner === 'anna' ? 'ben' : 'anna' } : a));
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await large?.close();
  });

  const evaluate = (app: TestApp, payload: object, query = '') => app.app.inject({ method: 'POST', url: `/v1/evaluate${query}`, payload });
  /** The document without its timing, which differs between any two runs. */
  const timeless = (body: string) => body.replace(/"seconds":[\d.e-]+/, '"seconds":0');

  it('scores in the parse pool, for a small body and for a large one read there, with the same answer', async () => {
    const before = t.app.parsePool.completed;
    const small = await evaluate(t, { problem: tiny, assignments: edited, bound: 1000 });
    expect(small.statusCode).toBe(200);
    expect(small.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(t.app.parsePool.completed).toBe(before + 1);

    const beforeLarge = large.app.parsePool.completed;
    const read = await evaluate(large, { problem: tiny, assignments: edited, bound: 1000 });
    expect(read.statusCode).toBe(200);
    expect(large.app.parsePool.completed).toBe(beforeLarge + 1);
    expect(timeless(read.body)).toBe(timeless(small.body));

    // Refusals read in the thread are the main thread's: shape, JSON, references.
    const shape = await evaluate(large, { problem: tiny, assignments: [{ accountId: 'calw' }] });
    expect(shape.statusCode).toBe(400);
    expect(shape.json<ProblemBody>().errors!.map((e) => e.path)).toContain('assignments[0].repId');
    const notJson = await large.app.inject({ method: 'POST', url: '/v1/evaluate', payload: '{"problem":', headers: { 'content-type': 'application/json' } });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json<ProblemBody>().code).toBe('TD_ERR_INVALID_JSON');
    const unknown = await evaluate(large, { problem: tiny, assignments: [{ accountId: 'atlantis', repId: 'anna' }] });
    expect(unknown.json<ProblemBody>().errors!.map((e) => e.path)).toEqual(['assignments[0].accountId']);
  });

  it('answers TD_ERR_INTERNAL when the thread fails, and the next request is served', async () => {
    const spy = vi.spyOn(t.app.parsePool, 'run').mockRejectedValueOnce(new Error('the thread ran out of memory'));
    try {
      const res = await evaluate(t, { problem: tiny, assignments: plan });
      expect(res.statusCode).toBe(500);
      expect(res.json<ProblemBody>().code).toBe('TD_ERR_INTERNAL');
      expect(res.body).not.toContain('out of memory');
    } finally {
      spy.mockRestore();
    }
    expect((await evaluate(t, { problem: tiny, assignments: plan })).statusCode).toBe(200);
  });

  it('exports the alignment given: crm-csv with the edited owner, crm-xlsx, the workbook, ?columns; a bad format or columns is 400', async () => {
    const csv = await evaluate(t, { problem: tiny, assignments: edited }, '?format=crm-csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe('attachment; filename="crm-plan.csv"');
    const lines = csv.body.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^account_id,account_name,segment,owner_id,/);
    const newOwner = edited.find((a) => a.accountId === 'pforzheim')!.repId;
    expect(lines.find((l) => l.startsWith('pforzheim,'))!.split(',')[3]).toBe(newOwner);
    expect(lines).toHaveLength(tiny.accounts.length + 1);

    const columns = await evaluate(t, { problem: tiny, assignments: edited }, `?format=crm-csv&columns=${encodeURIComponent('accountId:Account ID,newOwnerId:OwnerId')}`);
    expect(columns.statusCode).toBe(200);
    expect(columns.body.split(/\r?\n/)[0]).toBe('Account ID,OwnerId');
    expect(columns.body).toContain(`pforzheim,${newOwner}`);

    for (const [format, filename] of [['crm-xlsx', 'crm-plan.xlsx'], ['xlsx', 'territory-plan.xlsx']] as const) {
      const file = await evaluate(t, { problem: tiny, assignments: edited, bound: 1000 }, `?format=${format}`);
      expect(file.statusCode, file.body.slice(0, 200)).toBe(200);
      expect(file.headers['content-type']).toBe(XLSX);
      expect(file.headers['content-disposition']).toBe(`attachment; filename="${filename}"`);
      expect(file.rawPayload.subarray(0, 2).toString()).toBe('PK');
    }

    const bad = await evaluate(t, { problem: tiny, assignments: edited }, '?format=pdf');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ProblemBody>().errors!.map((e) => e.path)).toContain('querystring.format');
    const misplaced = await evaluate(t, { problem: tiny, assignments: edited }, '?columns=accountId');
    expect(misplaced.statusCode).toBe(400);
    expect(misplaced.json<ProblemBody>().errors!.map((e) => e.path)).toEqual(['querystring.columns']);
  });
});
