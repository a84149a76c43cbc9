/**
 * /v1/jobs on the real app: real SQLite file, real piscina pool (2 threads), real HiGHS.
 * Submit, poll, results in three formats, idempotency, cancel, the list, SSE and webhooks.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProblem } from '../../benchmarks/generate-problem.ts';
import { parseProblem, verify, type Problem, type ProblemInput, type TerritoryResult } from '../../solver/index.ts';
import {
  buildTestApp,
  getJob,
  readFixture,
  SAMPLE,
  submit,
  submitOk,
  waitForEnd,
  waitForStatus,
  type JobView,
  type ProblemBody,
  type TestApp,
} from './support/app.ts';
import type { WebhookBody } from '../../src/jobs/webhook.ts';
import { openSse, startHookReceiver, type HookReceiver, type ReceivedHook } from './support/net.ts';

function parsed(input: ProblemInput): Problem {
  const p = parseProblem(input);
  if (!p.ok) throw new Error(`fixture is invalid: ${JSON.stringify(p.issues)}`);
  return p.problem;
}

/**
 * Checks a delivery's Standard Webhooks signature as docs/api.md tells receivers to: HMAC-SHA256,
 * keyed with the base64 part of the secret, over `${webhook-id}.${webhook-timestamp}.${body}`.
 */
function expectSignedWith(secret: string, hook: ReceivedHook): void {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signed = `${String(hook.headers['webhook-id'])}.${String(hook.headers['webhook-timestamp'])}.${hook.body}`;
  expect(hook.headers['webhook-signature']).toBe(`v1,${createHmac('sha256', key).update(signed).digest('base64')}`);
}

const tiny = readFixture('tiny.json');
const sample = readFixture(SAMPLE);

describe('/v1/jobs', () => {
  let t: TestApp;
  let hooks: HookReceiver;
  /** Refuses its first two hooks with 503 (the retry test). */
  let flaky: HookReceiver & { readonly refused: HookReceiver['received'] };
  /** The sample is submitted first and solves (its own 20 s limit) on one thread while the fast tests use the other. */
  let sampleJob: JobView;
  let tinyJob: Promise<JobView> | undefined;
  const submitted: string[] = [];

  /** tiny.json submitted once and solved; shared by the tests that need a finished job. */
  const tinySucceeded = () => {
    tinyJob ??= (async () => {
      const job = await submitOk(t.app, { problem: tiny });
      submitted.push(job.id);
      return waitForStatus(t.app, job.id, 'succeeded');
    })();
    return tinyJob;
  };

  beforeAll(async () => {
    hooks = await startHookReceiver();
    flaky = await startHookReceiver({ failFirst: 2 });
    // The receivers are on loopback, which webhooks may reach only when allowed, port by port.
    const allow = [hooks, flaky].map((r) => new URL(r.url).host).join(',');
    t = await buildTestApp({ POOL_SIZE: '2', SHUTDOWN_GRACE_SECONDS: '1', WEBHOOK_BACKOFF_MS: '50', WEBHOOK_ALLOW_HOSTS: allow });
    sampleJob = await submitOk(t.app, { problem: sample });
    submitted.push(sampleJob.id);
  });

  afterAll(async () => {
    await t?.close();
    await hooks?.close();
    await flaky?.close();
  });

  it('answers a submission with 202, a Location header and the queued job with its progress fields', async () => {
    const res = await submit(t.app, { problem: tiny });
    expect(res.statusCode).toBe(202);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const job = res.json<JobView>();
    submitted.push(job.id);
    expect(res.headers.location).toBe(`/v1/jobs/${job.id}`);
    expect(job.status).toBe('queued');
    expect(job.progress).toEqual({ phase: 'queued', percent: 0, incumbent: null, bound: null, gap: null });
    expect(job.links).toEqual({ self: `/v1/jobs/${job.id}`, result: `/v1/jobs/${job.id}/result`, events: `/v1/jobs/${job.id}/events` });
    expect(job.attempts).toBe(0);
    expect(job.startedAt).toBeNull();
    expect(Number.isNaN(Date.parse(job.createdAt))).toBe(false);
    // tiny.json sets no time limit: the problem format's default of 30 s.
    expect(job.timeLimitSeconds).toBe(30);

    // The Location resolves to the same job.
    const again = await t.app.inject({ method: 'GET', url: res.headers.location as string });
    expect(again.statusCode).toBe(200);
    expect(again.json<JobView>().id).toBe(job.id);
  });

  it('solves tiny.json: the job succeeds and its result verifies against the problem', async () => {
    const job = await tinySucceeded();
    expect(job.status).toBe('succeeded');
    expect(job.attempts).toBe(1);
    expect(job.startedAt).not.toBeNull();
    expect(job.finishedAt).not.toBeNull();
    expect(Date.parse(job.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(job.startedAt!));
    expect(job.progress.phase).toBe('done');
    expect(job.progress.percent).toBe(100);
    expect(typeof job.progress.incumbent).toBe('number');

    const res = await t.app.inject({ method: 'GET', url: job.links.result });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const result = res.json<TerritoryResult>();
    expect(['optimal', 'feasible']).toContain(result.solver.status);
    expect(result.assignments).toHaveLength(tiny.accounts.length);
    const check = verify(parsed(tiny), result.assignments);
    expect(check.violations).toEqual([]);
    expect(check.ok).toBe(true);
    // The job's final progress is the result's objective, recomputed independently by verify().
    expect(job.progress.incumbent).toBeCloseTo(result.solver.objective!, 6);
    expect(check.objective.total).toBeCloseTo(result.solver.objective!, 6);
    // The lock in tiny.json holds.
    expect(result.assignments.find((a) => a.accountId === 'heilbronn')?.repId).toBe('anna');
  });

  it('returns the same job for a repeated Idempotency-Key and body, and 422 for the same key with another body', async () => {
    const key = `idem-${Date.now()}`;
    const body = { problem: tiny, options: { timeLimitSeconds: 7 } };
    const first = await submit(t.app, body, { 'idempotency-key': key });
    expect(first.statusCode).toBe(202);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const job = first.json<JobView>();
    submitted.push(job.id);
    expect(job.timeLimitSeconds).toBe(7);

    const second = await submit(t.app, body, { 'idempotency-key': key });
    expect(second.statusCode).toBe(202);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json<JobView>().id).toBe(job.id);
    expect(second.headers.location).toBe(`/v1/jobs/${job.id}`);

    const other = await submit(t.app, { problem: tiny, options: { timeLimitSeconds: 8 } }, { 'idempotency-key': key });
    expect(other.statusCode).toBe(422);
    expect(other.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = other.json<ProblemBody>();
    expect(problem.code).toBe('TD_ERR_IDEMPOTENCY_CONFLICT');
    expect(problem.status).toBe(422);
    expect(problem.detail).toContain(key);

    // Only one job was stored for the key, and it runs to the end once.
    const list = (await t.app.inject({ url: '/v1/jobs?limit=500' })).json<{ jobs: JobView[] }>();
    expect(list.jobs.filter((j) => j.id === job.id)).toHaveLength(1);
    const done = await waitForStatus(t.app, job.id, 'succeeded');
    expect(done.attempts).toBe(1);
  });

  it('renders the result as GeoJSON: account points, rep points and territory polygons', async () => {
    const job = await tinySucceeded();
    const json = (await t.app.inject({ url: job.links.result })).json<TerritoryResult>();
    const byAccept = await t.app.inject({ url: job.links.result, headers: { accept: 'application/geo+json' } });
    const byQuery = await t.app.inject({ url: `${job.links.result}?format=geojson` });
    for (const res of [byAccept, byQuery]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    }
    expect(byQuery.body).toBe(byAccept.body);

    interface Feature { type: string; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }
    const fc = byAccept.json<{ type: string; features: Feature[] }>();
    expect(fc.type).toBe('FeatureCollection');
    const kind = (k: string) => fc.features.filter((f) => f.properties.kind === k);

    const accounts = kind('account');
    expect(accounts).toHaveLength(tiny.accounts.length);
    for (const f of accounts) {
      expect(f.type).toBe('Feature');
      expect(f.geometry.type).toBe('Point');
      const input = tiny.accounts.find((a) => a.id === f.properties.accountId)!;
      expect(f.geometry.coordinates).toEqual([input.lon, input.lat]);
      expect(f.properties.repId).toBe(json.assignments.find((a) => a.accountId === input.id)!.repId);
    }

    const reps = kind('rep');
    expect(reps.map((f) => f.properties.repId).sort()).toEqual(tiny.reps.map((r) => r.id).sort());
    for (const f of reps) expect(f.geometry.type).toBe('Point');

    const territories = kind('territory');
    const staffed = json.territories.filter((tr) => tr.accounts > 0);
    expect(territories.map((f) => f.properties.repId).sort()).toEqual(staffed.map((tr) => tr.repId).sort());
    for (const f of territories) {
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
      const ring = (f.geometry.coordinates as number[][][])[0]!;
      expect(ring.length).toBeGreaterThanOrEqual(4);
      expect(ring[0]).toEqual(ring[ring.length - 1]);
    }
    expect(fc.features).toHaveLength(accounts.length + reps.length + territories.length);
  });

  it('renders the result as CSV: the documented header and one row per account', async () => {
    const job = await tinySucceeded();
    const json = (await t.app.inject({ url: job.links.result })).json<TerritoryResult>();
    for (const res of [
      await t.app.inject({ url: `${job.links.result}?format=csv` }),
      await t.app.inject({ url: job.links.result, headers: { accept: 'text/csv' } }),
    ]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toContain('attachment');
      const lines = res.body.trimEnd().split(/\r?\n/);
      expect(lines[0]).toBe('account_id,account_name,rep_id,segment,moved_from,move_reason,move_explanation');
      const rows = lines.slice(1).map((l) => l.split(','));
      expect(rows).toHaveLength(tiny.accounts.length);
      const moved = new Map(json.moves.map((m) => [m.accountId, m.fromRepId ?? '']));
      for (const [accountId, name, repId, segment, movedFrom] of rows) {
        const assigned = json.assignments.find((a) => a.accountId === accountId)!;
        expect(assigned).toBeDefined();
        expect(name).toBe(tiny.accounts.find((a) => a.id === accountId)!.name);
        expect(repId).toBe(assigned.repId);
        expect(segment).toBe(assigned.segment);
        expect(movedFrom).toBe(moved.get(accountId!) ?? '');
      }
    }
  });

  it('answers 406 problem+json for a result format it cannot produce, and 400 for an unknown ?format', async () => {
    const job = await tinySucceeded();
    const xml = await t.app.inject({ url: job.links.result, headers: { accept: 'application/xml' } });
    expect(xml.statusCode).toBe(406);
    expect(xml.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(xml.json<ProblemBody>().code).toBe('TD_ERR_NOT_ACCEPTABLE');

    const bad = await t.app.inject({ url: `${job.links.result}?format=xml` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<ProblemBody>().errors?.map((e) => e.path)).toEqual(['querystring.format']);
  });

  it('POSTs the job status, whether there is a plan, and the solver facts to the webhook URL once the job has ended', async () => {
    const job = await submitOk(t.app, { problem: tiny, webhookUrl: hooks.url });
    submitted.push(job.id);
    const hook = await hooks.waitFor(job.id);
    expect(hook.method).toBe('POST');
    expect(hook.url).toBe('/hooks/territory');
    expect(hook.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(hook.body) as WebhookBody;
    const result = (await t.app.inject({ url: job.links.result })).json<TerritoryResult>();
    expect(body).toEqual({
      id: job.id,
      status: 'succeeded',
      plan: true,
      solver: { status: result.solver.status, objective: result.solver.objective, bound: result.solver.bound, gap: result.solver.gap, message: result.solver.message ?? null },
      error: null,
      links: { job: `/v1/jobs/${job.id}`, result: `/v1/jobs/${job.id}/result` },
    });
    expect(body.solver!.objective).not.toBeNull();
    // Signed with the secret the service generated in its DATA_DIR (no WEBHOOK_SECRET here).
    expectSignedWith(readFileSync(join(t.dataDir, 'webhook-secret'), 'utf8').trim(), hook);
    // The hook is sent after the job is stored as ended.
    expect((await getJob(t.app, job.id)).status).toBe('succeeded');
  });

  it('tells a scheduler that an infeasible solve has no plan: job succeeded, plan false, solver infeasible', async () => {
    // A tenth of each rep's capacity: the field accounts alone need several times what is left.
    const starved = { ...tiny, reps: tiny.reps.map((r) => ({ ...r, capacity: r.capacity / 10 })) };
    const job = await submitOk(t.app, { problem: starved, webhookUrl: hooks.url });
    submitted.push(job.id);
    const body = JSON.parse((await hooks.waitFor(job.id)).body) as WebhookBody;
    expect(body.status).toBe('succeeded');
    expect(body.plan).toBe(false);
    expect(body.solver).toMatchObject({ status: 'infeasible', objective: null, gap: null });
  });

  it('retries a webhook the receiver refuses, with backoff, until it is accepted', async () => {
    const job = await submitOk(t.app, { problem: tiny, webhookUrl: flaky.url });
    submitted.push(job.id);
    const hook = await flaky.waitFor(job.id);
    const delivered = JSON.parse(hook.body) as WebhookBody;
    expect(delivered).toMatchObject({ id: job.id, status: 'succeeded', plan: true });
    expect(flaky.refused.map((r) => JSON.parse(r.body))).toEqual([delivered, delivered]);
    expect(flaky.received).toHaveLength(1);
    // One message: the same webhook-id on every attempt, each attempt signed.
    const attempts = [...flaky.refused, hook];
    expect(new Set(attempts.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const secret = readFileSync(join(t.dataDir, 'webhook-secret'), 'utf8').trim();
    for (const attempt of attempts) expectSignedWith(secret, attempt);
  });

  it('caps a requested time limit at MAX_TIME_LIMIT_SECONDS', async () => {
    const job = await submitOk(t.app, { problem: tiny, options: { timeLimitSeconds: 99_999 } });
    submitted.push(job.id);
    expect(job.timeLimitSeconds).toBe(t.config.maxTimeLimitSeconds);
    expect(job.timeLimitSeconds).toBe(3600);
    expect((await waitForEnd(t.app, job.id)).status).toBe('succeeded');
  });

  it('solves the Bavaria/Baden-Württemberg sample: succeeded with a plan that verifies', async () => {
    const job = await waitForEnd(t.app, sampleJob.id, 120_000);
    expect(job.status).toBe('succeeded');
    expect(job.timeLimitSeconds).toBe(20);
    const result = (await t.app.inject({ url: job.links.result })).json<TerritoryResult>();
    expect(['optimal', 'feasible', 'timedout']).toContain(result.solver.status);
    expect(result.assignments).toHaveLength(sample.accounts.length);
    const check = verify(parsed(sample), result.assignments);
    expect(check.violations).toEqual([]);
    expect(check.ok).toBe(true);
    expect(check.objective.total).toBeCloseTo(result.solver.objective!, 3);
  }, 150_000);

  describe('long jobs: 409 while unfinished, cancel, SSE', () => {
    let big: ProblemInput;
    let big1: JobView;
    let big2: JobView;
    let queued: JobView;
    let queued2: JobView;

    beforeAll(async () => {
      // Both threads must be free so that the two long jobs are the ones running.
      await waitForEnd(t.app, sampleJob.id, 120_000);
      // mipGap 0: the large-model strategy cannot prove a 2000 x 40 plan optimal, so it runs until stopped.
      const generated = generateProblem({ accounts: 2000, reps: 40, seed: 1 });
      big = { ...generated, options: { ...generated.options, mipGap: 0 } };
    }, 150_000);

    it('answers 409 for the result of a running job and of a queued job', async () => {
      big1 = await submitOk(t.app, { problem: big, options: { timeLimitSeconds: 600 } });
      big2 = await submitOk(t.app, { problem: big, options: { timeLimitSeconds: 600 }, webhookUrl: hooks.url });
      submitted.push(big1.id, big2.id);
      expect(big1.timeLimitSeconds).toBe(600);
      await waitForStatus(t.app, big1.id, 'running');
      await waitForStatus(t.app, big2.id, 'running');
      queued = await submitOk(t.app, { problem: tiny });
      queued2 = await submitOk(t.app, { problem: tiny });
      submitted.push(queued.id, queued2.id);
      expect((await getJob(t.app, queued.id)).status).toBe('queued');

      const running = await t.app.inject({ url: big1.links.result });
      expect(running.statusCode).toBe(409);
      expect(running.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(running.json<ProblemBody>().code).toBe('TD_ERR_JOB_NOT_FINISHED');
      expect(running.json<ProblemBody>().detail).toContain('running');

      for (const url of [queued.links.result, `${queued.links.result}?format=csv`, `${queued.links.result}?format=geojson`]) {
        const res = await t.app.inject({ url });
        expect(res.statusCode).toBe(409);
        expect(res.json<ProblemBody>().code).toBe('TD_ERR_JOB_NOT_FINISHED');
        expect(res.json<ProblemBody>().detail).toContain('queued');
      }

      const progress = (await getJob(t.app, big1.id)).progress;
      expect(Object.keys(progress).sort()).toEqual(['bound', 'gap', 'incumbent', 'percent', 'phase']);
      expect(progress.percent).toBeGreaterThanOrEqual(0);
      expect(progress.percent).toBeLessThan(100);
    });

    it('cancels a queued job at once', async () => {
      const res = await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${queued2.id}` });
      expect(res.statusCode).toBe(202);
      expect(res.json<JobView>().status).toBe('cancelled');
      const job = await getJob(t.app, queued2.id);
      expect(job.status).toBe('cancelled');
      expect(job.startedAt).toBeNull();
      expect(job.attempts).toBe(0);
      const queuedNow = (await t.app.inject({ url: '/v1/jobs?status=queued' })).json<{ jobs: JobView[] }>().jobs.map((j) => j.id);
      expect(queuedNow).toContain(queued.id);
      expect(queuedNow).not.toContain(queued2.id);
    });

    it('streams SSE for a job: status first, then progress, then end, then the stream closes', async () => {
      const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
      expect((t.app.server.address() as AddressInfo).port).toBeGreaterThan(0);
      const stream = await openSse(`${address}${queued.links.events}`, 60_000);
      expect(stream.status).toBe(200);
      expect(stream.contentType).toMatch(/^text\/event-stream/);
      const first = await stream.waitFor(() => true);
      expect(first.event).toBe('status');
      expect((first.data as JobView).id).toBe(queued.id);
      expect((first.data as JobView).status).toBe('queued');

      // Free a thread: the queued job starts, reports progress and ends.
      const del = await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${big1.id}` });
      expect(del.statusCode).toBe(202);
      const events = await stream.events;
      const names = events.map((e) => e.event);
      expect(names[0]).toBe('status');
      expect(names.at(-1)).toBe('end');
      expect(names.filter((n) => n === 'end')).toHaveLength(1);
      const progress = events.filter((e) => e.event === 'progress');
      expect(progress.length).toBeGreaterThanOrEqual(1);
      for (const p of progress) expect(Object.keys(p.data as object).sort()).toEqual(['bound', 'gap', 'incumbent', 'percent', 'phase']);
      const end = events.at(-1)!.data as JobView;
      expect(end.id).toBe(queued.id);
      expect(end.status).toBe('succeeded');
      // Event ids increase.
      const ids = events.map((e) => Number(e.id));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect((await waitForEnd(t.app, big1.id, 5_000)).status).toBe('cancelled');

      // A finished job's stream: status and end at once, then closed.
      const ended = await openSse(`${address}${queued.links.events}`, 10_000);
      expect((await ended.events).map((e) => e.event)).toEqual(['status', 'end']);
    });

    it('cancels a running job within ~2 s; a second DELETE is 409; the result is the best plan so far or none', async () => {
      const started = Date.now();
      const res = await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${big2.id}` });
      expect(res.statusCode).toBe(202);
      expect(['running', 'cancelled']).toContain(res.json<JobView>().status);
      const job = await waitForStatus(t.app, big2.id, ['cancelled', 'succeeded', 'failed'], 10_000);
      const elapsed = Date.now() - started;
      expect(job.status).toBe('cancelled');
      expect(elapsed).toBeLessThan(2_500);
      expect(job.finishedAt).not.toBeNull();

      const again = await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${big2.id}` });
      expect(again.statusCode).toBe(409);
      expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(again.json<ProblemBody>().code).toBe('TD_ERR_JOB_ALREADY_FINISHED');

      // A solve that stops on the cancel flag returns its best plan so far, kept as the result; one
      // whose thread had to be terminated has none (409).
      const result = await t.app.inject({ url: big2.links.result });
      if (result.statusCode === 200) {
        const plan = result.json<{ assignments: unknown[]; solver: { status: string } }>();
        expect(plan.assignments.length).toBeGreaterThan(0);
        expect(['feasible', 'timedout', 'optimal']).toContain(plan.solver.status);
      } else {
        expect(result.statusCode).toBe(409);
        expect(result.json<ProblemBody>().code).toBe('TD_ERR_JOB_FAILED');
      }

      // Its webhook reports the cancellation.
      const hook = await hooks.waitFor(big2.id);
      const cancelledHook = JSON.parse(hook.body) as WebhookBody;
      expect(cancelledHook).toMatchObject({ id: big2.id, status: 'cancelled', plan: result.statusCode === 200 });
      if (cancelledHook.solver) expect(cancelledHook.solver.message).toMatch(/^cancelled on request/);

      // The pool still works after a thread was terminated.
      const after = await submitOk(t.app, { problem: tiny });
      submitted.push(after.id);
      expect((await waitForEnd(t.app, after.id)).status).toBe('succeeded');
    });
  });

  it('lists jobs newest first, paginates with limit and cursor, and filters by status', async () => {
    const all = await t.app.inject({ url: '/v1/jobs?limit=500' });
    expect(all.statusCode).toBe(200);
    const { jobs, nextCursor } = all.json<{ jobs: JobView[]; nextCursor: string | null }>();
    expect(nextCursor).toBeNull();
    // Everything this file submitted (and nothing else: the store is this app's own), newest first.
    expect(jobs.map((j) => j.id)).toEqual([...new Set(submitted)].reverse());
    const created = jobs.map((j) => Date.parse(j.createdAt));
    expect(created).toEqual([...created].sort((a, b) => b - a));

    // Pages of 3 follow each other without gaps or repeats.
    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: LightMyRequestResponse = await t.app.inject({ url: `/v1/jobs?limit=3${cursor ? `&cursor=${cursor}` : ''}` });
      expect(res.statusCode).toBe(200);
      const page: { jobs: JobView[]; nextCursor: string | null } = res.json();
      expect(page.jobs.length).toBeLessThanOrEqual(3);
      paged.push(...page.jobs.map((j) => j.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(paged).toEqual(jobs.map((j) => j.id));
    expect(pages).toBe(Math.ceil(jobs.length / 3));

    for (const status of ['succeeded', 'cancelled'] as const) {
      const res = await t.app.inject({ url: `/v1/jobs?status=${status}&limit=500` });
      const ids = res.json<{ jobs: JobView[] }>().jobs.map((j) => j.id);
      expect(ids).toEqual(jobs.filter((j) => j.status === status).map((j) => j.id));
      expect(ids.length).toBeGreaterThan(0);
    }
    // A status filter combines with pagination.
    const first = (await t.app.inject({ url: '/v1/jobs?status=cancelled&limit=1' })).json<{ jobs: JobView[]; nextCursor: string | null }>();
    expect(first.jobs).toHaveLength(1);
    expect(first.nextCursor).not.toBeNull();
    const second = (await t.app.inject({ url: `/v1/jobs?status=cancelled&limit=1&cursor=${first.nextCursor}` })).json<{ jobs: JobView[] }>();
    expect(second.jobs).toHaveLength(1);
    expect(second.jobs[0]!.status).toBe('cancelled');
    expect(second.jobs[0]!.id).not.toBe(first.jobs[0]!.id);
  });
});
