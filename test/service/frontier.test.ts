/**
 * POST /v1/frontier on the real app: real store (SQLite, or PostgreSQL with TEST_STORE=postgres),
 * real piscina pool, real HiGHS. A frontier is a job: 202 with Location, queued behind other work,
 * its points streamed as they are solved (/v1/jobs/:id/events), its table equal to what the
 * solver's own frontier function gives on the same problem and budgets (solves are reproducible on
 * their work budget), each point's plan fetched on its own, as JSON or as a file. Bad budgets are a
 * 400 naming the field, and nothing is stored; a cancel keeps the points solved so far; a frontier
 * queued when the service stops runs after the restart, still a frontier.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProblem } from '../../benchmarks/generate-problem.ts';
import { disruptionFrontier, parseProblem, verify, type Problem, type ProblemInput, type TerritoryResult } from '../../solver/index.ts';
import { highsFactory } from '../../src/highs-runtime.ts';
import { frontierTable, type FrontierTable } from '../../src/workers/frontier-task.ts';
import { bavariaInput } from '../solver/support/fixtures.ts';
import { buildTestApp, getJob, ON_POSTGRES, pollUntil, submitOk, waitForEnd, waitForStatus, type JobView, type ProblemBody, type TestApp } from './support/app.ts';
import { openSse, type SseEvent } from './support/net.ts';
import { createTestDatabase } from './support/pg.ts';

/** Nine accounts, each with the rep after its nearest one today: moving accounts saves travel. */
function nineAccounts(): ProblemInput {
  const base = bavariaInput();
  return {
    ...base,
    accounts: base.accounts.slice(0, 9).map((a, i) => ({ ...a, currentRepId: base.reps[(i + 1) % base.reps.length]!.id })),
    balance: { workloadTolerance: 0.6, valueTolerance: 1 },
    objective: { disruptionWeight: 0 },
  };
}

function parsed(input: ProblemInput): Problem {
  const p = parseProblem(input);
  if (!p.ok) throw new Error(`fixture is invalid: ${JSON.stringify(p.issues)}`);
  return p.problem;
}

interface FrontierView extends JobView {
  kind: 'solve' | 'frontier';
  progress: JobView['progress'] & { frontier?: { planned: number; points: Array<{ maxMoves: number | null; moves: number | null }> } };
  links: JobView['links'] & { frontier?: string };
  frontier: FrontierTable | null;
}

const input = nineAccounts();
const BUDGETS = [0, 2, 4];
const PER_POINT = 20;
/** mipGap 0: a 2000 x 40 plan is not proven optimal, so its solve runs until it is stopped. */
const generated = generateProblem({ accounts: 2000, reps: 40, seed: 1 });
const long: ProblemInput = { ...generated, options: { ...generated.options, mipGap: 0 } };

describe('POST /v1/frontier', () => {
  let t: TestApp;
  let address: string;

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '1', SHUTDOWN_GRACE_SECONDS: '1' });
    address = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const frontierOf = async (id: string) => (await t.app.inject({ url: `/v1/frontier/${id}` })).json<FrontierView>();

  it('queues a frontier job, streams its points as they are solved, and ends with the solver\'s own frontier', async () => {
    // The one thread is busy, so the frontier waits in the queue while its event stream opens.
    const blocker = await submitOk(t.app, { problem: long, options: { timeLimitSeconds: 600 } });
    await waitForStatus(t.app, blocker.id, 'running');
    const res = await t.app.inject({ method: 'POST', url: '/v1/frontier', payload: { problem: input, budgets: BUDGETS, timeLimitSecondsPerPoint: PER_POINT } });
    expect(res.statusCode, res.body).toBe(202);
    const queued = res.json<FrontierView>();
    expect(res.headers.location).toBe(`/v1/frontier/${queued.id}`);
    expect(queued).toMatchObject({ kind: 'frontier', status: 'queued', frontier: null, links: { self: `/v1/jobs/${queued.id}`, frontier: `/v1/frontier/${queued.id}` } });
    // Each point's limit times the solves planned: the plan without a budget and three budgets.
    expect(queued.timeLimitSeconds).toBe(PER_POINT * 4);

    const stream = await openSse(`${address}${queued.links.events}`, 120_000);
    expect((await stream.waitFor(() => true)).event).toBe('status');
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${blocker.id}` })).statusCode).toBe(202);
    const events = await stream.events;
    expect(events.at(-1)!.event).toBe('end');
    expect((events.at(-1)!.data as JobView).status).toBe('succeeded');

    // The direct call on the same problem and budgets.
    const direct = frontierTable(await disruptionFrontier(parsed(input), { highs: highsFactory, budgets: BUDGETS, timeLimitSecondsPerPoint: PER_POINT }));
    const solved = direct.table.points.length;
    expect(solved).toBeGreaterThanOrEqual(2);

    // Points arrive one by one (the plan without a budget first), never fewer than before.
    const counts = events.filter((e: SseEvent) => e.event === 'progress').map((e) => (e.data as FrontierView['progress']).frontier?.points.length ?? -1);
    expect(counts.every((n) => n >= 0)).toBe(true);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    for (let n = 1; n <= solved; n++) expect(counts, `a progress event with ${n} points`).toContain(n);
    const firstPoint = events.find((e) => (e.data as FrontierView['progress']).frontier?.points.length === 1)!;
    expect((firstPoint.data as FrontierView['progress']).frontier!.points[0]!.maxMoves).toBeNull();

    const view = await frontierOf(queued.id);
    expect(view.status).toBe('succeeded');
    expect(view.progress).toMatchObject({ phase: 'done', percent: 100, frontier: { planned: 4 } });
    expect(view.progress.frontier!.points).toHaveLength(solved);
    const table = view.frontier!;
    expect(table.leastMoves).toEqual(direct.table.leastMoves);
    expect(table.points.map((p) => p.index)).toEqual(direct.table.points.map((_, k) => k));
    for (const [k, want] of direct.table.points.entries()) {
      const got = table.points[k]!;
      expect({ maxMoves: got.maxMoves, moves: got.moves, status: got.status, plan: got.plan, dominated: got.dominated }).toEqual(
        { maxMoves: want.maxMoves, moves: want.moves, status: want.status, plan: want.plan, dominated: want.dominated });
      if (want.travel !== null) expect(got.travel).toBeCloseTo(want.travel, 6);
      if (want.objective !== null) expect(got.objective).toBeCloseTo(want.objective, 6);
      expect(Object.keys(got).sort()).toEqual(['bound', 'disruption', 'dominated', 'gap', 'index', 'maxMoves', 'moves', 'note', 'objective', 'plan', 'status', 'travel', 'valueMoved']);
    }
    // The job's result is the same table.
    expect((await t.app.inject({ url: queued.links.result })).json()).toEqual(table);

    // Each point's plan: the direct call's, and valid at its budget.
    for (const [k, row] of table.points.entries()) {
      const res = await t.app.inject({ url: `/v1/frontier/${queued.id}/points/${k}` });
      expect(res.statusCode, res.body).toBe(200);
      const result = res.json<TerritoryResult>();
      const byAccount = (r: TerritoryResult) => [...r.assignments].sort((a, b) => a.accountId.localeCompare(b.accountId));
      expect(byAccount(result)).toEqual(byAccount(direct.results[k]!));
      if (!row.plan) continue;
      const budgeted = parsed({ ...input, objective: { ...input.objective, ...(row.maxMoves === null ? {} : { maxMoves: row.maxMoves }) } });
      expect(verify(budgeted, result.assignments).ok).toBe(true);
      expect(result.moves).toHaveLength(row.moves!);
    }
    const csv = await t.app.inject({ url: `/v1/frontier/${queued.id}/points/0?format=csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.trim().split('\n')).toHaveLength(input.accounts.length + 1);
  });

  it('answers 404 for a point past the table, a solve job\'s id and an unknown id, and 400 for a file of the table', async () => {
    const done = (await t.app.inject({ url: '/v1/jobs?status=succeeded' })).json<{ jobs: FrontierView[] }>().jobs.find((j) => j.kind === 'frontier')!;
    const table = (await frontierOf(done.id)).frontier!;
    const past = await t.app.inject({ url: `/v1/frontier/${done.id}/points/${table.points.length}` });
    expect(past.statusCode).toBe(404);
    expect(past.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(past.json<ProblemBody>().code).toBe('TD_ERR_FRONTIER_POINT_NOT_FOUND');
    const bad = await t.app.inject({ url: `/v1/frontier/${done.id}/points/-1` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ProblemBody>().errors?.map((e) => e.path)).toEqual(['params.index']);
    const solve = await submitOk(t.app, { problem: input, options: { timeLimitSeconds: 5 } });
    for (const url of [`/v1/frontier/${solve.id}`, `/v1/frontier/${solve.id}/points/0`, '/v1/frontier/no-such-job']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json<ProblemBody>().code).toBe('TD_ERR_FRONTIER_NOT_FOUND');
    }
    const file = await t.app.inject({ url: `/v1/jobs/${done.id}/result?format=csv` });
    expect(file.statusCode).toBe(400);
    expect(file.json<ProblemBody>().errors?.map((e) => e.path)).toEqual(['querystring.format']);
    await waitForEnd(t.app, solve.id);
  });

  it('refuses bad budgets with a 400 naming the field, and stores nothing', async () => {
    const before = (await t.app.inject({ url: '/v1/jobs?limit=500' })).json<{ jobs: unknown[] }>().jobs.length;
    const cases: Array<[body: Record<string, unknown>, path: string]> = [
      [{ problem: input, budgets: [0, 2, -1] }, 'budgets[2]'],
      [{ problem: input, budgets: [1.5] }, 'budgets[0]'],
      [{ problem: input, budgets: [0, 2], points: 3 }, 'points'],
      [{ problem: input, points: 1 }, 'points'],
      [{ problem: input, budgets: [] }, 'budgets'],
      [{ problem: input, timeLimitSecondsPerPoint: 0 }, 'timeLimitSecondsPerPoint'],
      [{ problem: { ...input, accounts: [{ ...input.accounts[0]!, lat: 'north' }] } }, 'problem.accounts[0].lat'],
      [{ problem: { ...input, accounts: input.accounts.map((a, k) => (k === 3 ? { ...a, lockedRepId: 'nobody' } : a)) } }, 'problem.accounts[3].lockedRepId'],
    ];
    for (const [body, path] of cases) {
      const res = await t.app.inject({ method: 'POST', url: '/v1/frontier', payload: body });
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.json<ProblemBody>();
      expect(problem.code).toBe('TD_ERR_VALIDATION');
      expect(problem.errors?.map((e) => e.path), JSON.stringify(problem.errors)).toContain(path);
      expect(problem.detail).toContain(path);
    }
    expect((await t.app.inject({ url: '/v1/jobs?limit=500' })).json<{ jobs: unknown[] }>().jobs).toHaveLength(before);
  });

  it('replays an Idempotency-Key with the same frontier, and refuses it for a solve of the same problem', async () => {
    const body = { problem: input, budgets: [1], timeLimitSecondsPerPoint: 5 };
    const headers = { 'idempotency-key': 'frontier-once' };
    const first = await t.app.inject({ method: 'POST', url: '/v1/frontier', payload: body, headers });
    const again = await t.app.inject({ method: 'POST', url: '/v1/frontier', payload: body, headers });
    expect(again.statusCode).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json<FrontierView>().id).toBe(first.json<FrontierView>().id);
    const asSolve = await t.app.inject({ method: 'POST', url: '/v1/jobs', payload: { problem: input }, headers: { 'idempotency-key': 'frontier-plain' } });
    expect(asSolve.statusCode).toBe(202);
    const asFrontier = await t.app.inject({ method: 'POST', url: '/v1/frontier', payload: { problem: input }, headers: { 'idempotency-key': 'frontier-plain' } });
    expect(asFrontier.statusCode).toBe(422);
    expect(asFrontier.json<ProblemBody>().code).toBe('TD_ERR_IDEMPOTENCY_CONFLICT');
    await waitForEnd(t.app, first.json<FrontierView>().id);
    await waitForEnd(t.app, asSolve.json<JobView>().id);
  });

  it('cancels a running frontier: the solve under way stops with its plan, no further budget starts', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/frontier', payload: { problem: long, points: 4, timeLimitSecondsPerPoint: 600 } });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json<FrontierView>().id;
    // Running, with a plan found for the first point (the plan without a budget).
    await pollUntil(() => getJob(t.app, id), (j) => j.status === 'running' && j.progress.incumbent !== null, { timeoutMs: 120_000, what: 'the first point to have a plan' });
    const del = await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${id}` });
    expect(del.statusCode).toBe(202);
    const ended = await waitForEnd(t.app, id, 60_000);
    expect(ended.status).toBe('cancelled');
    const view = await frontierOf(id);
    expect(view.frontier!.points.map((p) => p.maxMoves)).toEqual([null]);
    expect(view.frontier!.points[0]!.plan).toBe(true);
    expect(view.progress.frontier!.points).toHaveLength(1);
    const plan = await t.app.inject({ url: `/v1/frontier/${id}/points/0` });
    expect(plan.statusCode).toBe(200);
    expect(plan.json<TerritoryResult>().assignments).toHaveLength(long.accounts.length);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${id}` })).statusCode).toBe(409);
  });
});

describe('POST /v1/frontier admission: model size, queue room, time caps', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '1', TENANT_MAX_QUEUED: '1', MAX_TIME_LIMIT_SECONDS: '30', MAX_MODEL_PAIRS: '50000', SHUTDOWN_GRACE_SECONDS: '1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a model over MAX_MODEL_PAIRS (413) and a frontier past the tenant\'s queue (429); cuts the time to the cap, shared by the points', async () => {
    const big = generateProblem({ accounts: 3000, reps: 40, seed: 1 });
    const tooLarge = await t.app.inject({ method: 'POST', url: '/v1/frontier', payload: { problem: big, points: 3 } });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json<ProblemBody>().code).toBe('TD_ERR_MODEL_TOO_LARGE');
    expect(tooLarge.json<ProblemBody>().errors?.map((e) => e.path)).toEqual(['problem.accounts', 'problem.reps']);

    const blocker = await submitOk(t.app, { problem: long });
    await waitForStatus(t.app, blocker.id, 'running');
    // Six points of 60 s would be 360 s: the cap of 30 s is the job's, 5 s a point.
    const queued = await t.app.inject({ method: 'POST', url: '/v1/frontier', payload: { problem: input, points: 6, timeLimitSecondsPerPoint: 60 } });
    expect(queued.statusCode, queued.body).toBe(202);
    const job = queued.json<FrontierView>();
    expect(job.timeLimitSeconds).toBe(30);
    expect((await t.app.store.get(job.id))!.frontier).toEqual({ points: 6, timeLimitSecondsPerPoint: 5 });
    const full = await t.app.inject({ method: 'POST', url: '/v1/frontier', payload: { problem: input, points: 2 } });
    expect(full.statusCode).toBe(429);
    expect(full.json<ProblemBody>().code).toBe('TD_ERR_TENANT_QUEUE_FULL');

    // A frontier is many plans: the compliance report of one takes that point's assignments, not the job.
    const compliance = await t.app.inject({ method: 'POST', url: '/v1/compliance', payload: { plan: { jobId: job.id }, activities: [] } });
    expect(compliance.statusCode, compliance.body).toBe(400);
    expect(compliance.json<ProblemBody>().errors?.map((e) => e.path)).toEqual(['plan.jobId']);

    for (const id of [job.id, blocker.id]) await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${id}` });
    expect((await waitForEnd(t.app, job.id)).status).toBe('cancelled');
    await waitForEnd(t.app, blocker.id);
  });
});

describe('frontiers of tenants', () => {
  const A = 'td_frontier_a_0123456789abcdefghijklmnop';
  const B = 'td_frontier_b_0123456789abcdefghijklmnop';
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ API_KEYS: `a:${A},b:${B}`, POOL_SIZE: '1', TENANT_LIMITS: '{"b": {"maxTimeLimitSeconds": 5}}' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const as = (key: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload ? { payload } : {}) });

  it('keeps a tenant\'s frontier its own (404 for another), and cuts its time to the tenant\'s cap', async () => {
    const mine = await as(A, 'POST', '/v1/frontier', { problem: input, budgets: [1], timeLimitSecondsPerPoint: PER_POINT });
    expect(mine.statusCode, mine.body).toBe(202);
    const id = mine.json<FrontierView>().id;
    expect((await waitForEnd(t.app, id, 60_000, { authorization: `Bearer ${A}` })).status).toBe('succeeded');
    for (const url of [`/v1/frontier/${id}`, `/v1/frontier/${id}/points/0`]) {
      const res = await as(B, 'GET', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json<ProblemBody>().code).toBe('TD_ERR_FRONTIER_NOT_FOUND');
    }
    expect((await as(A, 'GET', `/v1/frontier/${id}/points/0`)).statusCode).toBe(200);
    // B's cap of 5 s is the whole job's: two points of 2.5 s.
    const capped = await as(B, 'POST', '/v1/frontier', { problem: input, points: 2, timeLimitSecondsPerPoint: 60 });
    expect(capped.json<FrontierView>().timeLimitSeconds).toBe(5);
    expect((await t.app.store.get(capped.json<FrontierView>().id))!.frontier).toEqual({ points: 2, timeLimitSecondsPerPoint: 2.5 });
    await waitForEnd(t.app, capped.json<FrontierView>().id, 60_000, { authorization: `Bearer ${B}` });
  });
});

describe('POST /v1/frontier with a large body or a stored import', () => {
  let t: TestApp;

  beforeAll(async () => {
    // Every body here is larger than 1 KiB: each is read, validated and staged in the parse thread.
    t = await buildTestApp({ POOL_SIZE: '1', OFFTHREAD_BODY_BYTES: '1024' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reads a large body in the parse thread: the same refusals, and the same frontier', async () => {
    const bad = await t.app.inject({ method: 'POST', url: '/v1/frontier', payload: { problem: input, budgets: [0, -3] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ProblemBody>().errors?.map((e) => e.path)).toEqual(['budgets[1]']);
    const both = await t.app.inject({ method: 'POST', url: '/v1/frontier', payload: { problem: input, budgets: [0], points: 3 } });
    expect(both.json<ProblemBody>().errors?.map((e) => e.path)).toEqual(['points']);

    const res = await t.app.inject({ method: 'POST', url: '/v1/frontier', payload: { problem: input, budgets: [2], timeLimitSecondsPerPoint: PER_POINT } });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json<FrontierView>().id;
    expect((await waitForEnd(t.app, id)).status).toBe('succeeded');
    const view = (await t.app.inject({ url: `/v1/frontier/${id}` })).json<FrontierView>();
    const direct = frontierTable(await disruptionFrontier(parsed(input), { highs: highsFactory, budgets: [2], timeLimitSecondsPerPoint: PER_POINT }));
    expect(view.frontier!.points.map((p) => [p.maxMoves, p.moves])).toEqual(direct.table.points.map((p) => [p.maxMoves, p.moves]));
  });

  it('takes { importId } in place of the problem, and 404 for an import of no one', async () => {
    const { id: importId } = await t.app.imports.create('default', JSON.stringify(input), '{}');
    const res = await t.app.inject({ method: 'POST', url: '/v1/frontier', payload: { importId, points: 2, timeLimitSecondsPerPoint: PER_POINT } });
    expect(res.statusCode, res.body).toBe(202);
    expect((await waitForEnd(t.app, res.json<FrontierView>().id)).status).toBe('succeeded');
    const missing = await t.app.inject({ method: 'POST', url: '/v1/frontier', payload: { importId: 'no-such-import', points: 2 } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<ProblemBody>().code).toBe('TD_ERR_IMPORT_NOT_FOUND');
  });
});

describe('a frontier queued when the service stops', () => {
  it('runs after the restart, still a frontier with its budgets', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'territory-frontier-restart-'));
    // Both starts must open the same store: on PostgreSQL, one database for both.
    const db = ON_POSTGRES ? await createTestDatabase() : undefined;
    const env = { POOL_SIZE: '1', SHUTDOWN_GRACE_SECONDS: '1', ...(db ? { DATABASE_URL: db.url } : {}) };
    try {
      const first = await buildTestApp(env, { dataDir });
      const blocker = await submitOk(first.app, { problem: long, options: { timeLimitSeconds: 600 } });
      await waitForStatus(first.app, blocker.id, 'running');
      const res = await first.app.inject({ method: 'POST', url: '/v1/frontier', payload: { problem: input, budgets: [0, 3], timeLimitSecondsPerPoint: PER_POINT } });
      expect(res.statusCode).toBe(202);
      const id = res.json<FrontierView>().id;
      await first.close();

      const second = await buildTestApp(env, { dataDir });
      try {
        expect(await getJob(second.app, id)).toMatchObject({ kind: 'frontier', status: 'queued', attempts: 0 });
        await second.app.inject({ method: 'DELETE', url: `/v1/jobs/${blocker.id}` });
        const ended = await waitForEnd(second.app, id, 120_000);
        expect(ended).toMatchObject({ status: 'succeeded', attempts: 1 });
        const view = (await second.app.inject({ url: `/v1/frontier/${id}` })).json<FrontierView>();
        const direct = frontierTable(await disruptionFrontier(parsed(input), { highs: highsFactory, budgets: [0, 3], timeLimitSecondsPerPoint: PER_POINT }));
        expect(view.frontier!.points.map((p) => [p.maxMoves, p.moves])).toEqual(direct.table.points.map((p) => [p.maxMoves, p.moves]));
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await db?.drop();
    }
  }, 240_000);
});
