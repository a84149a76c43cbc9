/**
 * Group commit: submissions that arrive in the same turn share one durable transaction (one fsync),
 * each is answered only after it, a write that fails is rolled back alone, and the queue caps count
 * the submissions of the same batch, so concurrent submissions cannot pass them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SqliteJobStore } from '../../src/jobs/sqlite-store.ts';
import { buildTestApp, readFixture, SAMPLE, submit, submitOk, waitForStatus, type JobView, type ProblemBody, type TestApp } from './support/app.ts';

const job = (n: number) => ({ tenant: 't', problem: { n }, timeLimitSeconds: 1 });

describe('SqliteJobStore group commit', () => {
  const dirs: string[] = [];
  const open = () => {
    const dir = mkdtempSync(join(tmpdir(), 'territory-group-'));
    dirs.push(dir);
    return { dir, store: new SqliteJobStore(dir) };
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('commits the submissions of one turn in one transaction, and they are all on disk when their promises resolve', async () => {
    const { dir, store } = open();
    const ids = (await Promise.all(Array.from({ length: 10 }, (_, n) => store.create(job(n))))).map((c) => c.job.id);
    expect(store.groupCommits()).toEqual({ batches: 1, writes: 10 });
    await store.close();
    const reopened = new SqliteJobStore(dir);
    expect(await Promise.all(ids.map(async (id) => (await reopened.get(id))?.status))).toEqual(Array(10).fill('queued'));
    expect(await reopened.queuedCount()).toBe(10);
    await reopened.close();
  });

  it('rolls back a failing write alone: its promise rejects, the others are stored', async () => {
    const { store } = open();
    const results = await Promise.allSettled([
      store.create(job(1)),
      // Refused by admission: nothing of it is stored.
      store.create(job(2), { admit: () => { throw new Error('refused'); } }),
      // Refused after writing: its savepoint is rolled back.
      store.commitSoon(() => {
        store.database.prepare("INSERT INTO jobs (id, seq, status, problem, time_limit_seconds, progress, created_at) VALUES ('x', 999, 'queued', '{}', 1, '{}', 'now')").run();
        throw new Error('refused after writing');
      }),
      store.create(job(3)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((results[2] as PromiseRejectedResult).reason).toEqual(new Error('refused after writing'));
    // The rolled-back writes' jobs are gone, and the queued count agrees with the file.
    expect((await store.countByStatus()).queued).toBe(2);
    expect(await store.queuedCount()).toBe(2);
    const listed = (await store.list({ tenant: 't', limit: 10 }))!.jobs;
    expect(await Promise.all(listed.map((j) => store.problemParts(j.id)))).toEqual([{ problem: { n: 3 } }, { problem: { n: 1 } }]);
    await store.close();
  });

  it('lets the second of two submissions with one idempotency key in one batch find the first', async () => {
    const { store } = open();
    const idempotency = { key: 'k', hash: 'h' };
    const [first, second] = await Promise.all([store.create(job(1), { idempotency }), store.create(job(1), { idempotency })]);
    expect(store.groupCommits()).toEqual({ batches: 1, writes: 2 });
    expect(first.created).toBe(true);
    expect(second).toMatchObject({ created: false, conflict: false });
    expect(second.job.id).toBe(first.job.id);
    await store.close();
  });
});

describe('concurrent submissions and QUEUE_MAX', () => {
  let t: TestApp;
  let running: JobView;

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '1', QUEUE_MAX: '3', SHUTDOWN_GRACE_SECONDS: '1' });
    running = await submitOk(t.app, { problem: readFixture(SAMPLE), options: { timeLimitSeconds: 600 } });
    await waitForStatus(t.app, running.id, 'running');
  });
  afterAll(async () => {
    await t?.app.inject({ method: 'DELETE', url: `/v1/jobs/${running.id}` });
    await t?.close();
  });

  it('admits exactly QUEUE_MAX of eight submissions sent at once, and stores only those', async () => {
    const tiny = readFixture('tiny.json');
    const answers = await Promise.all(Array.from({ length: 8 }, () => submit(t.app, { problem: tiny })));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes).toEqual([202, 202, 202, 503, 503, 503, 503, 503]);
    for (const refused of answers.filter((a) => a.statusCode === 503)) expect(refused.json<ProblemBody>().code).toBe('TD_ERR_QUEUE_FULL');
    const queued = (await t.app.inject({ url: '/v1/jobs?status=queued' })).json<{ jobs: JobView[] }>().jobs;
    expect(queued.map((j) => j.id).sort()).toEqual(answers.filter((a) => a.statusCode === 202).map((a) => a.json<JobView>().id).sort());
    for (const j of queued) await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${j.id}` });
  });
});
