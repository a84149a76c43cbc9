/**
 * Large documents the store keeps are written to a file by the parse thread (jobs/staged-bodies.ts),
 * so the event loop never writes 50 MB rows: the job's row names the file, the solve thread reads it,
 * results and comparisons read it back, and the file goes with its row (purge, retention). A refused
 * or replayed submission leaves no file, and a file no row names is removed once it is an hour old.
 * OFFTHREAD_BODY_BYTES is lowered so that the tiny sample takes the large-body path.
 */
import { existsSync, readdirSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobProblem } from '../../src/jobs/job-problem.ts';
import { ORPHAN_BODY_AGE_MS, sweepExpired } from '../../src/jobs/retention.ts';
import { writeStagedBody } from '../../src/jobs/staged-bodies.ts';
import { buildTestApp, ON_POSTGRES, pollUntil, readFixture, submit, waitForEnd, type JobView, type ProblemBody, type TestApp } from './support/app.ts';
import { BACKENDS, storeHarness } from './support/stores.ts';
import { wideProblem } from './support/wide-problem.ts';

// SQLite only: PostgreSQL keeps the text in the rows (the store-level test below, pg-service.test.ts).
describe.skipIf(ON_POSTGRES)('large documents kept as files', () => {
  let t: TestApp;
  const tiny = readFixture('tiny.json');
  const files = () => (existsSync(t.app.store.bodiesDir) ? readdirSync(t.app.store.bodiesDir).filter((f) => f.endsWith('.json')) : []);
  const fileOf = async (id: string) => {
    const source = (await t.app.store.problemSource(id))!;
    return 'problemFile' in source ? source.problemFile : 'variantOf' in source && 'baseFile' in source.variantOf ? source.variantOf.baseFile : null;
  };

  beforeAll(async () => {
    t = await buildTestApp({ OFFTHREAD_BODY_BYTES: '200', MAX_MODEL_PAIRS: '1000' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores a large job as a file the row names; it solves, renders and is purged with its file', async () => {
    const before = t.app.parsePool.completed;
    const res = await submit(t.app, { problem: tiny, options: { timeLimitSeconds: 5 } });
    expect(res.statusCode).toBe(202);
    expect(t.app.parsePool.completed).toBe(before + 1);
    const id = res.json<JobView>().id;
    const file = await fileOf(id);
    expect(file).not.toBeNull();
    expect(file!.startsWith(t.app.store.bodiesDir)).toBe(true);
    expect(existsSync(file!)).toBe(true);
    // Read back as the document the small path stores.
    expect((await jobProblem(t.app.store, id))).toMatchObject({ accounts: tiny.accounts, reps: tiny.reps });
    expect((await waitForEnd(t.app, id)).status).toBe('succeeded');
    const csv = await t.app.inject({ url: `/v1/jobs/${id}/result?format=csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.split('\n').filter((l) => l.trim() !== '').length).toBe(tiny.accounts.length + 1);
    expect((await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${id}?purge=true` })).statusCode).toBe(204);
    // Removed in the background (the row is gone at once).
    await pollUntil(async () => existsSync(file!), (exists) => !exists, { what: 'the purged job\'s file to go' });
  });

  it('leaves no file for a refused submission or a replay', async () => {
    const start = files().length;
    const tooLarge = await submit(t.app, { problem: wideProblem(100, 20, 5) });
    expect(tooLarge.json<ProblemBody>().code).toBe('TD_ERR_MODEL_TOO_LARGE');
    await pollUntil(async () => files().length, (n) => n === start, { what: 'the refused body\'s file to go' });
    const first = await submit(t.app, { problem: tiny, options: { timeLimitSeconds: 5 } }, { 'idempotency-key': 'staged-1' });
    const replay = await submit(t.app, { problem: tiny, options: { timeLimitSeconds: 5 } }, { 'idempotency-key': 'staged-1' });
    expect(replay.headers['idempotent-replayed']).toBe('true');
    await pollUntil(async () => files().length, (n) => n === start + 1, { what: 'the replay\'s file to go' });
    expect(files().map((f) => join(t.app.store.bodiesDir, f))).toContain(await fileOf(first.json<JobView>().id));
    await waitForEnd(t.app, first.json<JobView>().id);
  });

  it('stores a large scenario base once, as a file, and its variants solve and compare from it', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/scenarios', payload: { base: tiny, variants: [{ name: 'tight', patch: { balance: { workloadTolerance: 0.2 } } }], options: { timeLimitSeconds: 5 } } });
    expect(res.statusCode).toBe(202);
    const scenario = res.json<{ id: string; variants: Array<{ id: string }> }>();
    const [base, variant] = await Promise.all(scenario.variants.map((v) => fileOf(v.id)));
    expect(base).not.toBeNull();
    expect(variant).toBe(base);
    for (const v of scenario.variants) expect((await waitForEnd(t.app, v.id)).status).toBe('succeeded');
    const view = (await t.app.inject({ url: `/v1/scenarios/${scenario.id}` })).json<{ comparison: Array<{ variant: string; plan: boolean }> }>();
    expect(view.comparison.map((r) => [r.variant, r.plan])).toEqual([['base', true], ['tight', true]]);
  });

  it('removes a file no row names once it is an hour old, and keeps younger ones and named ones', async () => {
    const dir = t.app.store.bodiesDir;
    mkdirSync(dir, { recursive: true });
    const old = join(dir, '00000000-0000-4000-8000-000000000001.json');
    const young = join(dir, '00000000-0000-4000-8000-000000000002.json');
    writeFileSync(old, '{}');
    writeFileSync(young, '{}');
    const hourAgo = (Date.now() - ORPHAN_BODY_AGE_MS - 60_000) / 1000;
    utimesSync(old, hourAgo, hourAgo);
    const named = files().filter((f) => !f.startsWith('00000000-')).map((f) => join(dir, f));
    for (const f of named) utimesSync(f, hourAgo, hourAgo);
    expect((await t.app.store.sweepOrphanBodies(ORPHAN_BODY_AGE_MS))).toBe(1);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(young)).toBe(true);
    for (const f of named) expect(existsSync(f)).toBe(true);
  });
});

describe.each(BACKENDS)('retention and staged files (%s)', (backend) => {
  const harness = storeHarness(backend);
  it('SQLite: deletes a large job\'s file with the job, a scenario\'s base file with the scenario; PostgreSQL: keeps the text in the rows, not the files', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const { jobs: store } = await harness.open({ now: () => new Date(now) });
    const jobFile = writeStagedBody(store.bodiesDir, '{"accounts":[1]}');
    const { job } = await store.create({ tenant: 't', problemFile: jobFile, timeLimitSeconds: 1 });
    await store.claimNext();
    await store.finish(job.id, 'succeeded', { result: '{}' });
    const baseFile = writeStagedBody(store.bodiesDir, '{"accounts":[2]}');
    const [variant] = await store.createScenario('s1', 't', { problemFile: baseFile }, [{ tenant: 't', variantSpec: { name: 'v' }, timeLimitSeconds: 1, variant: 'v' }]);
    await store.finish(variant!.jobId, 'cancelled', {});
    expect(await store.problemParts(job.id)).toEqual({ problem: { accounts: [1] } });
    if (backend === 'sqlite') {
      expect(await store.problemSource(variant!.jobId)).toEqual({ variantOf: { baseFile: join(store.bodiesDir, baseFile), variant: { name: 'v' } } });
      expect(readdirSync(store.bodiesDir).sort()).toEqual([jobFile, baseFile].sort());
    } else {
      // Every process reads the problem from the database; the staged files go once the rows hold them.
      expect(await store.problemSource(variant!.jobId)).toEqual({ variantOf: { baseJson: '{"accounts":[2]}', variant: { name: 'v' } } });
      expect(await store.problemSource(job.id)).toEqual({ problemJson: '{"accounts":[1]}' });
      await pollUntil(async () => readdirSync(store.bodiesDir), (left) => left.length === 0, { what: 'the staged files to go' });
    }
    now += 31 * 24 * 60 * 60 * 1000;
    expect(await sweepExpired(store, { days: 30 })).toEqual({ jobs: 1, scenarios: 1 });
    await pollUntil(async () => readdirSync(store.bodiesDir), (left) => left.length === 0, { what: 'the expired files to go' });
    expect(await store.get(job.id)).toBeUndefined();
  });
});
