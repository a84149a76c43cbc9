/**
 * The error contract: the registry pinned code by code (as fastify pins its own errors), and every bad
 * request answered with a 4xx application/problem+json naming the bad field, never a 500 or a stack
 * trace, without losing anything already stored.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Errors } from '../../src/errors.ts';
import type { ProblemInput } from '../../solver/index.ts';
import { buildTestApp, readFixture, submitOk, waitForStatus, type JobView, type ProblemBody, type TestApp } from './support/app.ts';

/** Every error of the registry: code, HTTP status, and its message for the given arguments. */
const REGISTRY: Record<keyof typeof Errors, { code: string; status: number; args: unknown[]; message: string }> = {
  ValidationFailed: { code: 'TD_ERR_VALIDATION', status: 400, args: ['x: bad'], message: 'The request is not valid: x: bad' },
  BadRequest: { code: 'TD_ERR_BAD_REQUEST', status: 400, args: ['bad header'], message: 'bad header' },
  InvalidJson: { code: 'TD_ERR_INVALID_JSON', status: 400, args: ['Unexpected end'], message: 'The body is not valid JSON: Unexpected end' },
  BodyTooDeep: { code: 'TD_ERR_BODY_TOO_DEEP', status: 400, args: [64, 'problem.accounts[0].crm'], message: 'The body nests deeper than 64 levels (at problem.accounts[0].crm)' },
  UnsupportedMediaType: { code: 'TD_ERR_UNSUPPORTED_MEDIA_TYPE', status: 415, args: ['text/plain'], message: 'Send the body as application/json (got text/plain)' },
  BodyTooLarge: { code: 'TD_ERR_BODY_TOO_LARGE', status: 413, args: [1024], message: 'The body is larger than the limit of 1024 bytes' },
  BadUrl: { code: 'TD_ERR_BAD_URL', status: 400, args: [], message: 'The URL path is not valid percent-encoded UTF-8' },
  PathParamTooLong: { code: 'TD_ERR_PATH_PARAM_TOO_LONG', status: 414, args: [100], message: 'A path parameter is longer than 100 characters' },
  HeadersTooLarge: { code: 'TD_ERR_HEADERS_TOO_LARGE', status: 431, args: [16384], message: 'The request headers are larger than 16384 bytes' },
  RequestTimeout: { code: 'TD_ERR_REQUEST_TIMEOUT', status: 408, args: [], message: 'The request did not arrive in time' },
  ModelTooLarge: {
    code: 'TD_ERR_MODEL_TOO_LARGE', status: 413, args: [100_000_000, '100000 accounts and 1000 reps', 60_000_000],
    message: 'The model would have 100000000 eligible account-rep pairs (from 100000 accounts and 1000 reps); this service takes at most 60000000 (MAX_MODEL_PAIRS). Split the problem (by region or by role) or narrow which reps may serve each account (call patterns, skills, locks)',
  },
  ProblemTooLargeForSync: { code: 'TD_ERR_PROBLEM_TOO_LARGE_FOR_SYNC', status: 413, args: [600, 500], message: 'The problem has 600 accounts; POST /v1/solve takes at most 500. Submit it as a job: POST /v1/jobs' },
  ProblemTooLargeForEvaluate: { code: 'TD_ERR_PROBLEM_TOO_LARGE_FOR_EVALUATE', status: 413, args: [6000, 5000], message: 'The problem has 6000 accounts; POST /v1/evaluate takes at most 5000 (EVALUATE_MAX_ACCOUNTS)' },
  Unauthorized: { code: 'TD_ERR_UNAUTHORIZED', status: 401, args: ['no key'], message: 'Authentication failed: no key' },
  TooManyBytesInFlight: {
    code: 'TD_ERR_TOO_MANY_BYTES_IN_FLIGHT', status: 429, args: [50_000_000, 134_217_728],
    message: 'This tenant already has 50000000 bytes of request bodies in flight; this one would pass the limit of 134217728 (TENANT_INFLIGHT_BODY_BYTES). Retry once they have arrived',
  },
  TooManyConnections: { code: 'TD_ERR_TOO_MANY_CONNECTIONS', status: 503, args: [1024], message: 'The service has more than 1024 connections open (MAX_CONNECTIONS); this one is closed. Retry shortly, or reuse fewer connections' },
  RateLimited: { code: 'TD_ERR_RATE_LIMITED', status: 429, args: [600, '12 seconds'], message: 'Too many requests: this tenant may send 600 a minute; retry in 12 seconds' },
  TenantQueueFull: { code: 'TD_ERR_TENANT_QUEUE_FULL', status: 429, args: [200, 1, 200], message: 'This tenant has 200 jobs waiting; 1 more would pass its limit of 200 queued jobs. Retry when some have started' },
  JobNotFound: { code: 'TD_ERR_JOB_NOT_FOUND', status: 404, args: ['j1'], message: 'No job with id j1' },
  ScenarioNotFound: { code: 'TD_ERR_SCENARIO_NOT_FOUND', status: 404, args: ['s1'], message: 'No scenario with id s1' },
  FrontierNotFound: { code: 'TD_ERR_FRONTIER_NOT_FOUND', status: 404, args: ['f1'], message: 'No frontier with id f1 (a frontier is made by POST /v1/frontier)' },
  FrontierPointNotFound: { code: 'TD_ERR_FRONTIER_POINT_NOT_FOUND', status: 404, args: ['f1', 7, 4], message: 'Frontier f1 has no point 7: its table has 4 rows, indexed from 0' },
  ImportNotFound: { code: 'TD_ERR_IMPORT_NOT_FOUND', status: 404, args: ['i1'], message: 'No import with id i1 (imports expire after RETENTION_DAYS; import the files again with POST /v1/imports)' },
  ImportRejected: { code: 'TD_ERR_IMPORT_REJECTED', status: 422, args: ['3 rows'], message: 'The import was rejected: 3 rows to fix; errors lists each with its file, row and column' },
  MultipartRequired: { code: 'TD_ERR_MULTIPART_REQUIRED', status: 415, args: ['application/json'], message: 'Send the files as multipart/form-data (parts accounts, reps, patterns, distances, options); got application/json' },
  RouteNotFound: { code: 'TD_ERR_ROUTE_NOT_FOUND', status: 404, args: ['GET', '/x'], message: 'No route GET /x' },
  JobNotFinished: { code: 'TD_ERR_JOB_NOT_FINISHED', status: 409, args: ['j1', 'running'], message: 'Job j1 is running; its result is available once it has succeeded' },
  JobFailed: { code: 'TD_ERR_JOB_FAILED', status: 409, args: ['j1', 'failed'], message: 'Job j1 ended as failed and has no result' },
  JobAlreadyFinished: { code: 'TD_ERR_JOB_ALREADY_FINISHED', status: 409, args: ['j1', 'succeeded'], message: 'Job j1 has already ended as succeeded' },
  JobNotEnded: { code: 'TD_ERR_JOB_NOT_ENDED', status: 409, args: ['j1', 'running'], message: 'Job j1 is running; only an ended job can be purged: cancel it (DELETE without purge), then purge it once it has ended' },
  JobInScenario: { code: 'TD_ERR_JOB_IN_SCENARIO', status: 409, args: ['j1', 's1'], message: 'Job j1 is a variant of scenario s1; it is kept as long as the scenario and expires with it' },
  ActivityLogInvalid: {
    code: 'TD_ERR_ACTIVITY_LOG_INVALID', status: 400, args: ['2 rows', 'row 3, column "Datum": "31.02.2026" is not a calendar date'],
    message: 'The activity log has 2 rows to fix, and no report is made until they are fixed: row 3, column "Datum": "31.02.2026" is not a calendar date',
  },
  IdempotencyConflict: { code: 'TD_ERR_IDEMPOTENCY_CONFLICT', status: 422, args: ['k1'], message: 'Idempotency-Key k1 was used for a different request body' },
  NotAcceptable: { code: 'TD_ERR_NOT_ACCEPTABLE', status: 406, args: ['application/xml'], message: 'Cannot produce application/xml; use JSON, GeoJSON, CSV or xlsx' },
  QueueFull: { code: 'TD_ERR_QUEUE_FULL', status: 503, args: [1000], message: 'The solve queue is full (1000 jobs waiting); retry later' },
  ShuttingDown: { code: 'TD_ERR_SHUTTING_DOWN', status: 503, args: [], message: 'The service is shutting down; retry on another instance or later' },
  NotReady: { code: 'TD_ERR_NOT_READY', status: 503, args: ['job store closed'], message: 'The service is not ready: job store closed' },
  StoreUnavailable: { code: 'TD_ERR_STORE_UNAVAILABLE', status: 503, args: [], message: 'The job store cannot be reached, so the request was not completed; retry shortly (a submission with an Idempotency-Key is safe to retry)' },
  SolveFailed: { code: 'TD_ERR_SOLVE_FAILED', status: 500, args: [{ cause: new Error('boom') }], message: 'The solve failed; the error has been logged' },
  WorkerFailed: { code: 'TD_ERR_WORKER_FAILED', status: 500, args: ['out of memory'], message: 'The worker thread failed: out of memory' },
  DeadlineExceeded: { code: 'TD_ERR_DEADLINE_EXCEEDED', status: 500, args: [30, 60], message: 'The solver did not return within 30 s after its 60 s time limit; its thread was terminated' },
  Internal: { code: 'TD_ERR_INTERNAL', status: 500, args: [], message: 'An internal error occurred; it has been logged' },
  JobMemory: {
    code: 'TD_ERR_JOB_MEMORY', status: 500, args: [3900, 3800, 25_000_000],
    message: 'The service\'s memory reached 3900 MiB while this job ran, above the limit of 3800 MiB (MAX_JOB_RSS_BYTES); the job had the largest model running (25000000 pairs), so its thread was terminated',
  },
};

describe('the error registry (src/errors.ts)', () => {
  it('holds exactly the pinned errors', () => {
    expect(Object.keys(Errors).sort()).toEqual(Object.keys(REGISTRY).sort());
  });

  for (const [name, want] of Object.entries(REGISTRY)) {
    it(`${name} is ${want.code} with status ${want.status}`, () => {
      const Ctor = Errors[name as keyof typeof Errors] as unknown as new (...args: unknown[]) => Error & { code: string; statusCode: number };
      const err = new Ctor(...want.args);
      expect(err).toBeInstanceOf(Error);
      expect(err.name).toBe('FastifyError');
      expect(err.code).toBe(want.code);
      expect(err.statusCode).toBe(want.status);
      expect(err.message).toBe(want.message);
    });
  }

  it('has unique TD_ERR_ codes', () => {
    const codes = Object.values(REGISTRY).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^TD_ERR_[A-Z_]+$/);
  });

  it('covers every TD_ERR_ code that src/ can put in a response (problem+json or a job\'s error)', () => {
    const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));
    const files = (function walk(dir: string): string[] {
      return readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
      });
    })(srcDir);
    const used = new Set(files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/'(TD_ERR_[A-Z_]+)'/g)].map((m) => m[1]!)));
    const registered = new Set(Object.values(REGISTRY).map((e) => e.code));
    expect([...used].filter((c) => !registered.has(c)).sort()).toEqual([]);
  });
});

describe('bad requests', () => {
  let t: TestApp;
  let small: TestApp;
  let before: JobView;
  let beforeResult: string;
  const tiny = readFixture('tiny.json');
  /** Every response of this block, to check that none carries a stack trace. */
  const seen: LightMyRequestResponse[] = [];

  const inject = async (app: TestApp, opts: InjectOptions) => {
    const res = await app.app.inject(opts);
    seen.push(res);
    return res;
  };
  const post = (body: unknown, url = '/v1/jobs') => inject(t, { method: 'POST', url, payload: body as object });
  const postRaw = (payload: string | Buffer, contentType: string, url = '/v1/jobs') => inject(t, { method: 'POST', url, payload, headers: { 'content-type': contentType } });
  /** tiny.json with an edit; typed loosely so that tests can break it. */
  interface LooseProblem { accounts: Array<Record<string, unknown>>; balance: Record<string, unknown>; reps?: unknown; [key: string]: unknown }
  const mutate = (edit: (p: LooseProblem) => void): ProblemInput => {
    const p = structuredClone(tiny) as unknown as LooseProblem;
    edit(p);
    return p as unknown as ProblemInput;
  };

  /** Asserts a problem+json answer with this status and code; returns its body. */
  function problemOf(res: LightMyRequestResponse, status: number, code?: string): ProblemBody {
    expect(res.statusCode, res.body.slice(0, 500)).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<ProblemBody>();
    expect(body.status).toBe(status);
    expect(body.type).toBe(`urn:territory:error:${body.code}`);
    expect(typeof body.title).toBe('string');
    expect(typeof body.detail).toBe('string');
    expect(body.code).toMatch(/^TD_ERR_/);
    if (code) expect(body.code).toBe(code);
    expect(res.headers['x-request-id']).toBeTruthy();
    return body;
  }
  const paths = (body: ProblemBody) => (body.errors ?? []).map((e) => e.path);

  beforeAll(async () => {
    // One after the other: each warms its threads, and warming several at once on two cores is slow.
    t = await buildTestApp({ POOL_SIZE: '1' });
    small = await buildTestApp({ POOL_SIZE: '1', BODY_LIMIT_BYTES: '2048' });
    before = await submitOk(t.app, { problem: tiny });
    before = await waitForStatus(t.app, before.id, 'succeeded');
    beforeResult = (await t.app.inject({ url: before.links.result })).body;
  });

  afterAll(async () => {
    await Promise.all([t?.close(), small?.close()]);
  });

  it('names a field of the wrong type by its path (problem.accounts[1].lat)', async () => {
    const body = problemOf(await post({ problem: mutate((p) => { p.accounts[1]!.lat = 'north'; }) }), 400, 'TD_ERR_VALIDATION');
    expect(body.errors).toEqual([{ path: 'problem.accounts[1].lat', message: 'expected number, received string' }]);
    expect(body.detail).toContain('problem.accounts[1].lat');
    expect(body.instance).toBe('/v1/jobs');
  });

  it('names every missing field', async () => {
    const body = problemOf(await post({ problem: mutate((p) => { delete p.accounts[2]!.value; delete p.reps; }) }), 400, 'TD_ERR_VALIDATION');
    expect(paths(body).sort()).toEqual(['problem.accounts[2].value', 'problem.reps']);
    for (const e of body.errors!) expect(e.message).toMatch(/^required/);

    const none = problemOf(await post({}), 400, 'TD_ERR_VALIDATION');
    expect(paths(none)).toEqual(['problem']);
  });

  it('names a lock to a rep that does not exist (problem.accounts[0].lockedRepId), on /v1/jobs and /v1/solve', async () => {
    const problem = mutate((p) => { p.accounts[0]!.lockedRepId = 'zoe'; });
    for (const url of ['/v1/jobs', '/v1/solve']) {
      const body = problemOf(await post({ problem }, url), 400, 'TD_ERR_VALIDATION');
      expect(paths(body)).toEqual(['problem.accounts[0].lockedRepId']);
      expect(body.errors![0]!.message).toContain('zoe');
    }
  });

  it('names unknown fields, in the problem and in the envelope', async () => {
    const body = problemOf(await post({ problem: mutate((p) => { p.colour = 'red'; p.balance.strict = true; }), extra: 1 }), 400, 'TD_ERR_VALIDATION');
    expect(paths(body).sort()).toEqual(['extra', 'problem.balance.strict', 'problem.colour']);
    for (const e of body.errors!) expect(e.message).toBe('unknown field');
  });

  it('names bad options and a webhook URL that is not http(s)', async () => {
    const body = problemOf(await post({ problem: tiny, options: { timeLimitSeconds: -1 }, webhookUrl: 'ftp://example.com/x' }), 400, 'TD_ERR_VALIDATION');
    expect(paths(body).sort()).toEqual(['options.timeLimitSeconds', 'webhookUrl']);
  });

  it('answers ~10 MB of garbage with 400 or 413, never 500', async () => {
    const tenMb = 10 * 1024 * 1024;
    const noise = Buffer.alloc(tenMb);
    for (let i = 0; i < tenMb; i++) noise[i] = (i * 2654435761) >>> 24;
    const cases: Array<[string, Promise<LightMyRequestResponse>]> = [
      ['random bytes as JSON', postRaw(noise, 'application/json')],
      ['a 10 MB unterminated JSON document', postRaw(`{"problem": "${'x'.repeat(tenMb)}`, 'application/json')],
      ['a 10 MB string where the problem goes', postRaw(JSON.stringify({ problem: 'x'.repeat(tenMb) }), 'application/json')],
      ['10 MB of nested arrays', postRaw('['.repeat(tenMb / 2) + ']'.repeat(tenMb / 2), 'application/json')],
    ];
    for (const [what, pending] of cases) {
      const res = await pending;
      expect([400, 413], `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`).toContain(res.statusCode);
      problemOf(res, res.statusCode);
    }
  });

  it('answers a body of many structurally wrong accounts with a bounded 400 (the error list is capped)', async () => {
    // 30,000 accounts x 3 issues each (~1.9 MB): listing every issue answers with ~7 MB, and a 10 MB
    // body of the same kind with ~38 MB after ~10 s of blocked event loop.
    const payload = JSON.stringify({ problem: { accounts: Array.from({ length: 30_000 }, (_, i) => ({ id: i, lat: 'x'.repeat(40) })), reps: 'none' } });
    const res = await postRaw(payload, 'application/json');
    const body = problemOf(res, 400, 'TD_ERR_VALIDATION');
    expect(paths(body).slice(0, 2)).toEqual(['problem.accounts[0].id', 'problem.accounts[0].lat']);
    expect(body.detail).toMatch(/and \d+ more/);
    expect(res.body.length).toBeLessThan(256 * 1024);
  });

  it('answers invalid JSON with 400 TD_ERR_INVALID_JSON (and an empty body too)', async () => {
    problemOf(await postRaw('{"problem": {"accounts": [', 'application/json'), 400, 'TD_ERR_INVALID_JSON');
    problemOf(await postRaw("{'problem': 1}", 'application/json'), 400, 'TD_ERR_INVALID_JSON');
    problemOf(await postRaw('', 'application/json'), 400, 'TD_ERR_INVALID_JSON');
  });

  it('answers a body that is not JSON with 415', async () => {
    problemOf(await postRaw(JSON.stringify({ problem: tiny }), 'text/plain'), 415, 'TD_ERR_UNSUPPORTED_MEDIA_TYPE');
    problemOf(await postRaw('<problem/>', 'application/xml'), 415, 'TD_ERR_UNSUPPORTED_MEDIA_TYPE');
    problemOf(await postRaw(JSON.stringify({ problem: tiny }), 'text/plain', '/v1/solve'), 415, 'TD_ERR_UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a body over BODY_LIMIT_BYTES with 413 TD_ERR_BODY_TOO_LARGE', async () => {
    expect(small.config.bodyLimitBytes).toBe(2048);
    const body = JSON.stringify({ problem: tiny });
    expect(Buffer.byteLength(body)).toBeGreaterThan(2048);
    for (const url of ['/v1/jobs', '/v1/solve', '/v1/scenarios']) {
      problemOf(await inject(small, { method: 'POST', url, payload: body, headers: { 'content-type': 'application/json' } }), 413, 'TD_ERR_BODY_TOO_LARGE');
    }
    // Under the limit, the same app validates as usual.
    const under = await inject(small, { method: 'POST', url: '/v1/jobs', payload: { problem: { accounts: [] } } });
    expect(paths(problemOf(under, 400, 'TD_ERR_VALIDATION'))).toContain('problem.accounts');
  });

  it('words Fastify\'s client errors with the registry\'s texts, not texts of their own', async () => {
    const tooLarge = problemOf(await inject(small, { method: 'POST', url: '/v1/jobs', payload: JSON.stringify({ problem: tiny }), headers: { 'content-type': 'application/json' } }), 413, 'TD_ERR_BODY_TOO_LARGE');
    expect(tooLarge.detail).toBe(new Errors.BodyTooLarge(2048).message);
    expect(problemOf(await postRaw('{}', 'text/plain'), 415, 'TD_ERR_UNSUPPORTED_MEDIA_TYPE').detail).toBe(new Errors.UnsupportedMediaType('text/plain').message);
    expect(problemOf(await postRaw('', 'application/json'), 400, 'TD_ERR_INVALID_JSON').detail).toBe(new Errors.InvalidJson('the body is empty; send a JSON document').message);
    const syntax = problemOf(await postRaw('{"problem": [1,]}', 'application/json'), 400, 'TD_ERR_INVALID_JSON');
    expect(syntax.detail).toMatch(/^The body is not valid JSON: .*(Unexpected|JSON)/);
    const proto = problemOf(await postRaw('{"problem": {"__proto__": {"x": 1}}}', 'application/json'), 400, 'TD_ERR_INVALID_JSON');
    expect(proto.detail).toBe(new Errors.InvalidJson('it has a "__proto__" or "constructor.prototype" key').message);
  });

  it('answers an unknown route or method with 404 problem+json', async () => {
    const body = problemOf(await inject(t, { method: 'GET', url: '/v2/jobs?x=1' }), 404, 'TD_ERR_ROUTE_NOT_FOUND');
    expect(body.detail).toBe('No route GET /v2/jobs');
    problemOf(await inject(t, { method: 'PATCH', url: '/v1/jobs' }), 404, 'TD_ERR_ROUTE_NOT_FOUND');
  });

  it('answers unknown job and scenario ids with 404 problem+json', async () => {
    for (const url of ['/v1/jobs/no-such-job', '/v1/jobs/no-such-job/result', '/v1/jobs/no-such-job/events']) {
      expect(problemOf(await inject(t, { url }), 404, 'TD_ERR_JOB_NOT_FOUND').detail).toContain('no-such-job');
    }
    problemOf(await inject(t, { method: 'DELETE', url: '/v1/jobs/no-such-job' }), 404, 'TD_ERR_JOB_NOT_FOUND');
    problemOf(await inject(t, { url: '/v1/scenarios/no-such-scenario' }), 404, 'TD_ERR_SCENARIO_NOT_FOUND');
  });

  it('names bad query parameters (?limit=0, ?limit=abc, ?status=bogus, ?cursor=!!)', async () => {
    for (const [query, path] of [['limit=0', 'querystring.limit'], ['limit=501', 'querystring.limit'], ['limit=abc', 'querystring.limit'], ['status=bogus', 'querystring.status'], ['cursor=!!', 'querystring.cursor']] as const) {
      const body = problemOf(await inject(t, { url: `/v1/jobs?${query}` }), 400, 'TD_ERR_VALIDATION');
      expect(paths(body), query).toEqual([path]);
    }
  });

  it('rejects a cursor this endpoint did not return (?cursor=zzzz) instead of answering an empty last page', async () => {
    // `zzzz` passes the cursor's character check but is no position in the list: answering
    // {jobs: [], nextCursor: null} tells the client the list is over when it is not.
    for (const cursor of ['zzzz', 'LTE']) {
      const res = await inject(t, { url: `/v1/jobs?cursor=${cursor}` });
      expect(paths(problemOf(res, 400, 'TD_ERR_VALIDATION')), cursor).toEqual(['querystring.cursor']);
    }
  });

  it('names a bad Idempotency-Key header', async () => {
    const res = await inject(t, { method: 'POST', url: '/v1/jobs', payload: { problem: tiny }, headers: { 'idempotency-key': 'k'.repeat(201) } });
    const body = problemOf(res, 400, 'TD_ERR_VALIDATION');
    expect(paths(body)).toEqual(['headers.idempotency-key']);
  });

  it('puts no stack trace or source path in any error body', () => {
    const errors = seen.filter((r) => r.statusCode >= 400);
    expect(errors.length).toBeGreaterThan(20);
    for (const res of errors) {
      expect(res.statusCode).toBeLessThan(500);
      expect(res.body).not.toMatch(/\n\s+at /);
      expect(res.body).not.toMatch(/"stack"/);
      expect(res.body).not.toMatch(/node_modules|\/work\/|\.ts:\d+/);
    }
  });

  it('loses nothing already stored: the earlier job and its result are intact, and no bad request created a job', async () => {
    const job = await t.app.inject({ url: `/v1/jobs/${before.id}` });
    expect(job.statusCode).toBe(200);
    expect(job.json<JobView>()).toEqual(before);
    const result = await t.app.inject({ url: before.links.result });
    expect(result.statusCode).toBe(200);
    expect(result.body).toBe(beforeResult);
    const list = (await t.app.inject({ url: '/v1/jobs' })).json<{ jobs: JobView[] }>();
    expect(list.jobs.map((j) => j.id)).toEqual([before.id]);
    const ready = await t.app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(200);
  });
});
