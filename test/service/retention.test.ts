/**
 * Retention: ended jobs (with their problems, results and idempotency keys) and scenarios are
 * deleted RETENTION_DAYS after they ended, by a sweep at start and every hour; `DELETE
 * /v1/jobs/:id?purge=true` deletes an ended job at once. The store's clock is injected, so the sweep
 * is tested on a real SQLite file without waiting; freed pages go back to the file system
 * (auto_vacuum=INCREMENTAL, migrated into files created before it).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { sweepExpired } from '../../src/jobs/retention.ts';
import { SqliteJobStore } from '../../src/jobs/sqlite-store.ts';
import type { JobStore } from '../../src/jobs/store.ts';
import { buildTestApp, getJob, readFixture, SAMPLE, submitOk, waitForEnd, waitForStatus, type ProblemBody, type TestApp } from './support/app.ts';
import { BACKENDS, storeHarness } from './support/stores.ts';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** A SQLite store on a fresh temp dir with a clock the test moves. */
function clockedStore(): { store: SqliteJobStore; dir: string; at: (ms: number) => void } {
  const dir = mkdtempSync(join(tmpdir(), 'territory-retention-'));
  let now = T0;
  return { store: new SqliteJobStore(dir, { now: () => new Date(now) }), dir, at: (ms) => (now = ms) };
}

const RESULT = JSON.stringify({ big: 'x'.repeat(20_000) });

/** Creates a job, runs it and ends it now (by the store's clock). */
async function endedJob(store: JobStore, extra: { key?: string; tenant?: string } = {}): Promise<string> {
  const { job } = await store.create({ problem: { accounts: [] }, timeLimitSeconds: 1, ...(extra.tenant ? { tenant: extra.tenant } : {}) }, extra.key ? { idempotency: { key: extra.key, hash: 'h' } } : {});
  const claimed = await store.claimNext();
  expect(claimed?.id).toBe(job.id);
  await store.finish(job.id, 'succeeded', { result: RESULT });
  return job.id;
}

/** A scenario of `variants` queued jobs; returns their ids. */
async function scenario(store: JobStore, id: string, variants: number): Promise<string[]> {
  const jobs = await store.createScenario(id, 'default', { problem: {} }, Array.from({ length: variants }, (_, k) => ({ variantSpec: { name: `v${k}` }, timeLimitSeconds: 1, variant: `v${k}` })));
  return jobs.map((j) => j.jobId);
}

describe.each(BACKENDS)('retention sweep (%s store, injected clock)', (backend) => {
  const harness = storeHarness(backend);
  async function clocked(): Promise<{ store: JobStore; at: (ms: number) => void }> {
    let now = T0;
    const { jobs } = await harness.open({ now: () => new Date(now) });
    return { store: jobs, at: (ms) => (now = ms) };
  }

  it('keeps a tenant\'s ended work for its own retention, and everyone else\'s for the default', async () => {
    const { store, at } = await clocked();
    const brief = await endedJob(store, { tenant: 'brief' });
    const keeper = await endedJob(store, { tenant: 'keeper' });
    const other = await endedJob(store, { tenant: 'other' });
    const policy = { days: 30, tenants: { brief: 7, keeper: 90 } };
    at(T0 + 8 * DAY);
    expect(await sweepExpired(store, policy)).toEqual({ jobs: 1, scenarios: 0 });
    expect(await store.get(brief)).toBeUndefined();
    at(T0 + 31 * DAY);
    expect(await sweepExpired(store, policy)).toEqual({ jobs: 1, scenarios: 0 });
    expect(await store.get(other)).toBeUndefined();
    expect(await store.get(keeper)).toBeDefined();
    at(T0 + 91 * DAY);
    expect(await sweepExpired(store, policy)).toEqual({ jobs: 1, scenarios: 0 });
    expect(await store.get(keeper)).toBeUndefined();
  });

  it('deletes ended jobs and whole scenarios RETENTION_DAYS after they ended, never queued or running work', async () => {
    const { store, at } = await clocked();
    const old = await endedJob(store, { key: 'k-old' });
    const oldScenario = await scenario(store, 's-old', 2);
    for (const id of oldScenario) {
      expect((await store.claimNext())?.id).toBe(id);
      await store.finish(id, 'succeeded', { result: RESULT });
    }
    // A scenario with one variant ended long ago and one still running is kept whole.
    const mixed = await scenario(store, 's-mixed', 2);
    expect((await store.claimNext())?.id).toBe(mixed[0]);
    await store.finish(mixed[0]!, 'succeeded', { result: RESULT });
    expect((await store.claimNext())?.id).toBe(mixed[1]);
    at(T0 + 20 * DAY);
    const recent = await endedJob(store);
    const queued = (await store.create({ problem: {}, timeLimitSeconds: 1 })).job.id;

    // 30 days minus a minute after the first ones ended: nothing is old enough.
    at(T0 + 30 * DAY - 60_000);
    expect(await sweepExpired(store, { days: 30 })).toEqual({ jobs: 0, scenarios: 0 });

    at(T0 + 30 * DAY + 60_000);
    expect(await sweepExpired(store, { days: 30 })).toEqual({ jobs: 1, scenarios: 1 });
    expect(await store.get(old)).toBeUndefined();
    expect(await store.problemParts(old)).toBeUndefined();
    expect(await store.resultText(old)).toBeUndefined();
    expect(await store.findByIdempotencyKey('default', 'k-old')).toBeUndefined();
    expect(await store.getScenario('s-old')).toBeUndefined();
    for (const id of oldScenario) expect(await store.get(id)).toBeUndefined();
    expect(await store.getScenario('s-mixed')).toBeDefined();
    for (const id of mixed) expect(await store.get(id)).toBeDefined();
    expect((await store.get(queued))?.status).toBe('queued');
    expect((await store.get(recent))?.status).toBe('succeeded');

    at(T0 + 51 * DAY);
    expect(await sweepExpired(store, { days: 30 })).toEqual({ jobs: 1, scenarios: 0 });
    expect(await store.get(recent)).toBeUndefined();
    expect((await store.list({ limit: 50 }))!.jobs.map((j) => j.id).sort()).toEqual([...mixed, queued].sort());
  });

  it('purges an ended job outside scenarios at once, and nothing else', async () => {
    const { store } = await clocked();
    const ended = await endedJob(store);
    const [variant] = await scenario(store, 's1', 1);
    await store.claimNext();
    await store.finish(variant!, 'succeeded', { result: RESULT });
    const queued = (await store.create({ problem: {}, timeLimitSeconds: 1 })).job.id;
    expect(await store.purge(queued)).toBe(false);
    expect(await store.purge(variant!)).toBe(false);
    expect(await store.purge(ended)).toBe(true);
    expect(await store.get(ended)).toBeUndefined();
    expect(await store.purge(ended)).toBe(false);
  });
});

describe('retention sweep (SQLite file)', () => {
  const cleanup: Array<() => void> = [];
  afterEach(() => {
    for (const c of cleanup.splice(0)) c();
  });

  it('gives the freed pages back to the file system (auto_vacuum=INCREMENTAL)', async () => {
    const { store, dir, at } = clockedStore();
    cleanup.push(() => {
      void store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    expect(store.settings().autoVacuum).toBe(2);
    for (let k = 0; k < 200; k++) await endedJob(store);
    const pages = () => {
      const db = new Database(join(dir, 'jobs.sqlite'), { readonly: true });
      try {
        return { count: Number(db.pragma('page_count', { simple: true })), free: Number(db.pragma('freelist_count', { simple: true })) };
      } finally {
        db.close();
      }
    };
    const full = pages();
    at(T0 + 31 * DAY);
    expect((await sweepExpired(store, { days: 30 })).jobs).toBe(200);
    const after = pages();
    expect(after.free).toBe(0);
    expect(after.count).toBeLessThan(full.count / 10);
  });

  it('leaves no trace of a purged job in the database file (secure_delete=FAST, incremental vacuum)', async () => {
    const { store, dir } = clockedStore();
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    // Small rows, so the purged one shares its page with a job that stays.
    const marker = 'purged-customer-7f3a9c';
    const { job } = await store.create({ problem: { accounts: [{ id: marker }] }, timeLimitSeconds: 1 });
    await store.claimNext();
    await store.finish(job.id, 'succeeded', { result: JSON.stringify({ note: marker }) });
    const kept = (await store.create({ problem: { accounts: [{ id: 'kept' }] }, timeLimitSeconds: 1 })).job.id;
    expect(await store.purge(job.id)).toBe(true);
    await store.vacuum();
    expect(await store.get(kept)).toBeDefined();
    // Closing the last connection checkpoints the WAL into the file and removes it.
    await store.close();
    const bytes = readFileSync(join(dir, 'jobs.sqlite'));
    expect(bytes.includes(Buffer.from('kept'))).toBe(true);
    expect(bytes.includes(Buffer.from(marker))).toBe(false);
    expect(existsSync(join(dir, 'jobs.sqlite-wal'))).toBe(false);
  });

  it('migrates a file created before auto_vacuum and the crashes column, keeping its jobs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'territory-migrate-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const before = new Database(join(dir, 'jobs.sqlite'));
    before.pragma('journal_mode = WAL');
    before.exec(`CREATE TABLE jobs (id TEXT PRIMARY KEY, seq INTEGER NOT NULL UNIQUE, status TEXT NOT NULL, problem TEXT NOT NULL,
      time_limit_seconds REAL NOT NULL, webhook_url TEXT, scenario_id TEXT, variant TEXT, idempotency_key TEXT UNIQUE, request_hash TEXT,
      progress TEXT NOT NULL, created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, result TEXT, error TEXT,
      attempts INTEGER NOT NULL DEFAULT 0, cancel_requested INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE scenarios (id TEXT PRIMARY KEY, created_at TEXT NOT NULL, variants TEXT NOT NULL);`);
    before.prepare("INSERT INTO jobs (id, seq, status, problem, time_limit_seconds, progress, created_at) VALUES ('j1', 1, 'queued', '{}', 5, ?, ?)")
      .run(JSON.stringify({ phase: 'queued', percent: 0, incumbent: null, bound: null, gap: null }), new Date(T0).toISOString());
    expect(before.pragma('auto_vacuum', { simple: true })).toBe(0);
    before.close();

    const store = new SqliteJobStore(dir);
    try {
      expect(store.migrations).toEqual(['auto_vacuum set to INCREMENTAL (one VACUUM)', 'jobs.crashes added', 'jobs.tenant added', 'jobs.accounts added', 'jobs.pairs added', 'jobs.variant_spec added', 'scenarios.tenant added', 'scenarios.base added', 'jobs.problem_file added', 'scenarios.base_file added', 'jobs.comparison added', 'jobs.kind added', 'jobs.spec added']);
      expect(store.settings()).toMatchObject({ journalMode: 'wal', autoVacuum: 2 });
      // What an older file holds belongs to the open mode's tenant.
      expect(await store.get('j1')).toMatchObject({ status: 'queued', crashes: 0, attempts: 0, tenant: 'default' });
      expect(await store.queuedCount()).toBe(1);
    } finally {
      await store.close();
    }
    // Once migrated, a second open changes nothing.
    const again = new SqliteJobStore(dir);
    expect(again.migrations).toEqual([]);
    await again.close();
  });
});

describe('the service sweeps at start', () => {
  it('deletes jobs that ended more than RETENTION_DAYS ago before it serves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'territory-retention-start-'));
    try {
      const past = new SqliteJobStore(dir, { now: () => new Date(Date.now() - 40 * DAY) });
      const expired = await endedJob(past);
      await past.close();
      const app = await buildApp(loadConfig({ DATA_DIR: dir, POOL_SIZE: '1', LOG_LEVEL: 'silent', RETENTION_DAYS: '30' }));
      try {
        await app.ready();
        const res = await app.inject({ url: `/v1/jobs/${expired}` });
        expect(res.statusCode).toBe(404);
      } finally {
        await app.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('DELETE /v1/jobs/:id?purge=true', () => {
  let t: TestApp;
  const tiny = readFixture('tiny.json');

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '1', SHUTDOWN_GRACE_SECONDS: '1' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('purges an ended job at once: 204, then 404 for it and its result, and it leaves the list', async () => {
    const job = await submitOk(t.app, { problem: tiny }, { 'idempotency-key': 'purge-me' });
    expect((await waitForEnd(t.app, job.id)).status).toBe('succeeded');
    const res = await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${job.id}?purge=true` });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    for (const url of [`/v1/jobs/${job.id}`, `/v1/jobs/${job.id}/result`]) {
      const gone = await t.app.inject({ url });
      expect(gone.statusCode).toBe(404);
      expect(gone.json<ProblemBody>().code).toBe('TD_ERR_JOB_NOT_FOUND');
    }
    const list = (await t.app.inject({ url: '/v1/jobs' })).json<{ jobs: Array<{ id: string }> }>();
    expect(list.jobs.map((j) => j.id)).not.toContain(job.id);
    // Its idempotency key went with it.
    const again = await submitOk(t.app, { problem: tiny }, { 'idempotency-key': 'purge-me' });
    expect(again.id).not.toBe(job.id);
    await waitForEnd(t.app, again.id);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${job.id}?purge=true` })).statusCode).toBe(404);
  });

  it('refuses to purge a job that has not ended (409 TD_ERR_JOB_NOT_ENDED): cancel first, then purge', async () => {
    const running = await submitOk(t.app, { problem: readFixture(SAMPLE), options: { timeLimitSeconds: 600 } });
    await waitForStatus(t.app, running.id, 'running');
    const refused = await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${running.id}?purge=true` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<ProblemBody>().code).toBe('TD_ERR_JOB_NOT_ENDED');
    expect((await getJob(t.app, running.id)).status).toBe('running');

    expect((await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${running.id}` })).statusCode).toBe(202);
    expect((await waitForEnd(t.app, running.id)).status).toBe('cancelled');
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${running.id}?purge=true` })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/v1/jobs/${running.id}` })).statusCode).toBe(404);
  });

  it('keeps a scenario\'s variant (409 TD_ERR_JOB_IN_SCENARIO): it expires with its scenario', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/scenarios', payload: { base: tiny, variants: [{ name: 'same' }], includeBase: false } });
    expect(res.statusCode).toBe(202);
    const [variant] = res.json<{ variants: Array<{ id: string }> }>().variants;
    await waitForEnd(t.app, variant!.id);
    const refused = await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${variant!.id}?purge=true` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<ProblemBody>().code).toBe('TD_ERR_JOB_IN_SCENARIO');
    expect((await getJob(t.app, variant!.id)).status).toBe('succeeded');
  });
});
