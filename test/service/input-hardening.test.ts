/**
 * Inputs that used to get a 500 or a silently wrong answer (issue 8): scenario patches that leave
 * no valid entries behind, JSON nested deeper than any stack, bodies that are not UTF-8, request ids
 * with any characters, a list cursor that gave away the number of jobs. Each now gets a 4xx
 * application/problem+json naming the field, on the real app.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, readFixture, submitOk, waitForStatus, type JobView, type ProblemBody, type TestApp } from './support/app.ts';

/** Asserts a problem+json answer with this status and code; returns its body. */
function problemOf(res: LightMyRequestResponse, status: number, code: string): ProblemBody {
  expect(res.statusCode, res.body.slice(0, 500)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<ProblemBody>();
  expect(body.code).toBe(code);
  expect(body.status).toBe(status);
  return body;
}
const paths = (body: ProblemBody) => (body.errors ?? []).map((e) => e.path);

describe('input hardening', () => {
  let t: TestApp;
  const tiny = readFixture('tiny.json');
  const inject = (opts: InjectOptions) => t.app.inject(opts);
  const scenario = (variant: object) => inject({ method: 'POST', url: '/v1/scenarios', payload: { base: tiny, variants: [variant] } });

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '1', SHUTDOWN_GRACE_SECONDS: '1' });
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('scenario patches that leave no valid entries (500 before)', () => {
    const newRep = { id: 'new', role: 'field', capacity: 1000, lat: 48.1, lon: 11.6 };

    it('a patch key named hasOwnProperty, followed by a deletion', async () => {
      // json-merge-patch called target.hasOwnProperty(key) for the deletion after setting it to 1.
      const body = problemOf(await scenario({ name: 'v', patch: { hasOwnProperty: 1, name: null } }), 400, 'TD_ERR_VALIDATION');
      expect(paths(body)).toEqual(['variants[0].problem.hasOwnProperty']);
      const alone = problemOf(await scenario({ name: 'v', patch: { hasOwnProperty: 1 } }), 400, 'TD_ERR_VALIDATION');
      expect(paths(alone)).toEqual(['variants[0].problem.hasOwnProperty']);
    });

    it('patch {"reps": null} with addReps', async () => {
      const body = problemOf(await scenario({ name: 'v', patch: { reps: null }, addReps: [newRep] }), 400, 'TD_ERR_VALIDATION');
      expect(paths(body).sort()).toEqual(['variants[0].addReps', 'variants[0].problem.reps']);
    });

    it('patch {"accounts": [null]}', async () => {
      const body = problemOf(await scenario({ name: 'v', patch: { accounts: [null] } }), 400, 'TD_ERR_VALIDATION');
      expect(paths(body)).toEqual(['variants[0].problem.accounts[0]']);
      expect(body.errors![0]!.message).toMatch(/received null/);
    });

    it('patch {"reps": [null]} with removeReps', async () => {
      const body = problemOf(await scenario({ name: 'v', patch: { reps: [null] }, removeReps: [tiny.reps[0]!.id] }), 400, 'TD_ERR_VALIDATION');
      expect(paths(body).sort()).toEqual(['variants[0].problem.reps[0]', 'variants[0].removeReps[0]']);
    });

    it('patch {"callPatterns": [null]} with callPatterns, and lockAccounts over accounts [7]', async () => {
      const body = problemOf(await scenario({
        name: 'v',
        patch: { callPatterns: [null], accounts: [7] },
        callPatterns: [{ segment: 'A', role: 'field', callsPerYear: 12, minutesPerCall: 60, channel: 'in_person' }],
        lockAccounts: [{ accountId: 'stuttgart', repId: tiny.reps[0]!.id }],
      }), 400, 'TD_ERR_VALIDATION');
      expect(paths(body)).toEqual(expect.arrayContaining(['variants[0].lockAccounts[0].accountId', 'variants[0].problem.callPatterns[0]', 'variants[0].problem.accounts[0]']));
    });
  });

  describe('nesting depth', () => {
    /** tiny.json with a CRM field on the first account nested `levels` objects deep, as JSON text. */
    const withCrmDepth = (levels: number) => JSON.stringify({ problem: tiny })
      .replace('"accounts":[{', `"accounts":[{"crm":${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)},`);
    const postText = (url: string, payload: string) => inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json' } });

    it('refuses a CRM field nested 10,000 deep with 400 naming the path, on /v1/jobs, /v1/solve and /v1/scenarios; /health still answers', async () => {
      // {body} 1, problem 2, accounts 3, accounts[0] 4, crm 5: the 65th level is crm + 60 x .a
      const path = `problem.accounts[0].crm${'.a'.repeat(60)}`;
      const deep = withCrmDepth(10_000);
      for (const url of ['/v1/jobs', '/v1/solve']) {
        const body = problemOf(await postText(url, deep), 400, 'TD_ERR_BODY_TOO_DEEP');
        expect(body.errors).toEqual([{ path, message: 'nested deeper than 64 levels' }]);
        expect(body.detail).toContain(path);
      }
      const scenario = `{"base":${JSON.stringify(tiny)},"variants":[{"name":"v","patch":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}]}`;
      const body = problemOf(await postText('/v1/scenarios', scenario), 400, 'TD_ERR_BODY_TOO_DEEP');
      expect(paths(body)).toEqual([`variants[0].patch${'.a'.repeat(61)}`]);
      expect((await inject({ url: '/health' })).statusCode).toBe(200);
      expect((await inject({ url: '/v1/jobs' })).json<{ jobs: unknown[] }>().jobs).toEqual([]);
    });

    it('refuses 10,000 nested arrays too, and accepts exactly 64 levels', async () => {
      const arrays = problemOf(await postText('/v1/jobs', `{"problem":${'['.repeat(10_000)}${']'.repeat(10_000)}}`), 400, 'TD_ERR_BODY_TOO_DEEP');
      expect(paths(arrays)).toEqual([`problem${'[0]'.repeat(63)}`]);
      problemOf(await postText('/v1/solve', withCrmDepth(61)), 400, 'TD_ERR_BODY_TOO_DEEP');
      const atLimit = await postText('/v1/solve', withCrmDepth(60));
      expect(atLimit.statusCode, atLimit.body.slice(0, 300)).toBe(200);
    });
  });

  describe('encoding', () => {
    it('refuses a body that is not UTF-8 with 400 TD_ERR_INVALID_JSON instead of solving a mangled name', async () => {
      // Böblingen with a Latin-1 "ö" (one byte, 0xF6) where UTF-8 has two (0xC3 0xB6).
      const utf8 = Buffer.from(JSON.stringify({ problem: tiny }));
      const at = utf8.indexOf('Böblingen') + 1;
      const bad = Buffer.concat([utf8.subarray(0, at), Buffer.from([0xf6]), utf8.subarray(at + 2)]);
      for (const url of ['/v1/jobs', '/v1/solve']) {
        const body = problemOf(await inject({ method: 'POST', url, payload: bad, headers: { 'content-type': 'application/json' } }), 400, 'TD_ERR_INVALID_JSON');
        expect(body.detail).toMatch(/UTF-8/);
      }
      // The same document in UTF-8 is fine.
      const good = await inject({ method: 'POST', url: '/v1/solve', payload: utf8, headers: { 'content-type': 'application/json; charset=utf-8' } });
      expect(good.statusCode).toBe(200);
    });
  });

  describe('x-request-id', () => {
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

    it('echoes an id that is a plain token', async () => {
      for (const id of ['abc-123', 'trace:0af7651916cd43dd.b7ad6b7169203331_1', 'x'.repeat(128)]) {
        const res = await inject({ url: '/health', headers: { 'x-request-id': id } });
        expect(res.headers['x-request-id']).toBe(id);
      }
    });

    it('replaces an id with other characters, or too long, by a fresh one (on errors too)', async () => {
      for (const id of ['bad id', '<script>alert(1)</script>', 'a"b', 'ümlaut', 'x'.repeat(129), '']) {
        const res = await inject({ url: '/v1/jobs/nope', headers: { 'x-request-id': id } });
        expect(res.statusCode).toBe(404);
        const echoed = String(res.headers['x-request-id']);
        expect(echoed, JSON.stringify(id)).toMatch(UUID);
        expect(res.body).not.toContain('<script>');
      }
    });
  });

  describe('echoed request text', () => {
    it('is cut at 200 characters in an error\'s detail (a path, an Accept header, a content type)', async () => {
      const long = 'p'.repeat(5000);
      const notFound = problemOf(await inject({ url: `/v2/${long}` }), 404, 'TD_ERR_ROUTE_NOT_FOUND');
      expect(notFound.detail.length).toBeLessThan(300);
      const job = await waitForStatus(t.app, (await submitOk(t.app, { problem: tiny })).id, 'succeeded');
      const notAcceptable = problemOf(await inject({ url: job.links.result, headers: { accept: `application/x-${long}` } }), 406, 'TD_ERR_NOT_ACCEPTABLE');
      expect(notAcceptable.detail.length).toBeLessThan(300);
      const media = problemOf(await inject({ method: 'POST', url: '/v1/jobs', payload: '{}', headers: { 'content-type': `text/${long}` } }), 415, 'TD_ERR_UNSUPPORTED_MEDIA_TYPE');
      expect(media.detail.length).toBeLessThan(300);
    });
  });

  describe('list cursor', () => {
    interface Page { jobs: JobView[]; nextCursor: string | null }
    const list = async (query: string) => {
      const res = await inject({ url: `/v1/jobs?${query}` });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      return res.json<Page>();
    };

    it('is opaque: it does not decode to a number, only to the job the page ended with', async () => {
      const ids: string[] = [];
      for (let k = 0; k < 3; k++) ids.push((await submitOk(t.app, { problem: tiny })).id);
      const first = await list('limit=1');
      expect(first.jobs.map((j) => j.id)).toEqual([ids[2]]);
      const cursor = first.nextCursor!;
      expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
      const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
      expect(decoded).not.toMatch(/^\s*-?\d+\s*$/);
      expect(Number.isNaN(Number(decoded))).toBe(true);
      // The old cursor was the job's sequence number (3 here); this one names the job shown last.
      expect(JSON.parse(decoded)).toEqual({ createdAt: first.jobs[0]!.createdAt, id: ids[2] });
    });

    it('still pages through every job without gaps or repeats, and stays put while jobs are added', async () => {
      const all = (await list('limit=500')).jobs.map((j) => j.id);
      expect(all.length).toBeGreaterThanOrEqual(3);
      const first = await list('limit=1');
      // A job added after the first page does not shift the next one.
      const added = await submitOk(t.app, { problem: tiny });
      const seen = [...first.jobs.map((j) => j.id)];
      let cursor = first.nextCursor;
      while (cursor) {
        const page = await list(`limit=1&cursor=${cursor}`);
        seen.push(...page.jobs.map((j) => j.id));
        cursor = page.nextCursor;
      }
      expect(seen).toEqual(all);
      expect(seen).not.toContain(added.id);
    });

    it('refuses a well-formed cursor that names no job, and one that was edited', async () => {
      const forged = Buffer.from(JSON.stringify({ createdAt: new Date().toISOString(), id: 'no-such-job' })).toString('base64url');
      const last = (await list('limit=1')).nextCursor!;
      const edited = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(last, 'base64url').toString()), extra: 1 })).toString('base64url');
      for (const cursor of [forged, edited, Buffer.from('42').toString('base64url')]) {
        const body = problemOf(await inject({ url: `/v1/jobs?cursor=${cursor}` }), 400, 'TD_ERR_VALIDATION');
        expect(paths(body)).toEqual(['querystring.cursor']);
      }
    });
  });
});
