/**
 * Frontier jobs in the store of record, SQLite and PostgreSQL alike: a job keeps its kind and its
 * parameters across a reopen (a restart must not turn a frontier into a solve), its point results
 * are stored with its end in one go and read back one at a time, and they are deleted with the job
 * by a purge or a retention sweep. A job submitted as before is a solve, and so is every job of a
 * PostgreSQL database migrated before kinds existed (version 2 upgrades it in place).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStores } from '../../src/jobs/open-stores.ts';
import { createPool } from '../../src/jobs/pg/database.ts';
import { migrate, MIGRATIONS } from '../../src/jobs/pg/migrations.ts';
import { sweepExpired } from '../../src/jobs/retention.ts';
import { createTestDatabase } from './support/pg.ts';
import { BACKENDS, storeHarness } from './support/stores.ts';

const DAY = 24 * 60 * 60 * 1000;

describe.each(BACKENDS)('frontier jobs in the %s store', (backend) => {
  const harness = storeHarness(backend);

  it('keeps the kind and the parameters, and the point results with the end', async () => {
    const stores = await harness.open();
    const spec = { budgets: [0, 3], timeLimitSecondsPerPoint: 5 };
    const { job } = await stores.jobs.create({ problem: { accounts: [] }, timeLimitSeconds: 15, kind: 'frontier', frontier: spec });
    expect(job).toMatchObject({ kind: 'frontier', frontier: spec, timeLimitSeconds: 15 });
    const solve = (await stores.jobs.create({ problem: { accounts: [] }, timeLimitSeconds: 5 })).job;
    expect(solve).toMatchObject({ kind: 'solve', frontier: null });

    // Reopened (a restart): the queued job is still a frontier with its budgets.
    await stores.close();
    const again = await harness.open({ dataDir: stores.dataDir });
    expect(await again.jobs.get(job.id)).toMatchObject({ kind: 'frontier', frontier: spec, status: 'queued' });
    const claimed = await again.jobs.claimNext();
    expect(claimed).toMatchObject({ id: job.id, kind: 'frontier', frontier: spec });

    const points = ['{"point":0}', '{"point":1}', '{"point":2}'];
    const ended = await again.jobs.finish(job.id, 'succeeded', { result: '{"points":[]}', points });
    expect(ended).toMatchObject({ status: 'succeeded', hasResult: true, kind: 'frontier' });
    for (const [k, text] of points.entries()) expect(await again.jobs.pointResultText(job.id, k)).toBe(text);
    expect(await again.jobs.pointResultText(job.id, 3)).toBeUndefined();
    // An end written twice keeps the first, and adds no second set of points.
    await again.jobs.finish(job.id, 'failed', { points: ['{"late":true}'] });
    expect(await again.jobs.pointResultText(job.id, 0)).toBe(points[0]);
    expect((await again.jobs.get(job.id))!.status).toBe('succeeded');

    expect(await again.jobs.purge(job.id)).toBe(true);
    expect(await again.jobs.pointResultText(job.id, 0)).toBeUndefined();
  });

  it('deletes the point results with the job when retention sweeps it', async () => {
    let now = Date.parse('2026-03-01T00:00:00.000Z');
    const { jobs: store } = await harness.open({ now: () => new Date(now) });
    const { job } = await store.create({ problem: { accounts: [] }, timeLimitSeconds: 10, kind: 'frontier', frontier: { points: 3, timeLimitSecondsPerPoint: 10 / 3 } });
    await store.claimNext();
    await store.finish(job.id, 'succeeded', { result: '{"points":[]}', points: ['{"a":1}', '{"b":2}'] });
    now += 31 * DAY;
    expect((await sweepExpired(store, { days: 30 })).jobs).toBe(1);
    expect(await store.get(job.id)).toBeUndefined();
    expect(await store.pointResultText(job.id, 1)).toBeUndefined();
  });
});

describe('a PostgreSQL database from before job kinds', () => {
  it('is upgraded by migration 2: its jobs are solves, and frontiers can be stored', async () => {
    const db = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'territory-pg-kinds-'));
    try {
      const pool = createPool(db.url);
      try {
        expect(await migrate(pool, MIGRATIONS.filter((m) => m.version === 1))).toEqual(['1: jobs, scenarios, imports, api keys, runners']);
        await pool.query("INSERT INTO jobs (id, tenant, status, problem, time_limit_seconds, progress, created_at) VALUES ('old', 'default', 'queued', '{}', 5, $1, $2)",
          [JSON.stringify({ phase: 'queued', percent: 0, incumbent: null, bound: null, gap: null }), new Date().toISOString()]);
      } finally {
        await pool.end();
      }
      const stores = await openStores({ dataDir, databaseUrl: db.url, databasePoolSize: 2 });
      try {
        expect(stores.jobs.migrations).toEqual(['2: job kinds (solve, frontier) and frontier point results']);
        expect(await stores.jobs.get('old')).toMatchObject({ kind: 'solve', frontier: null, status: 'queued' });
        const { job } = await stores.jobs.create({ problem: {}, timeLimitSeconds: 4, kind: 'frontier', frontier: { points: 2, timeLimitSecondsPerPoint: 2 } });
        expect((await stores.jobs.get(job.id))!.frontier).toEqual({ points: 2, timeLimitSecondsPerPoint: 2 });
      } finally {
        await stores.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await db.drop();
    }
  });
});
