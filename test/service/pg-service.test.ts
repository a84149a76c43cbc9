/**
 * The service with DATABASE_URL, on the real PostgreSQL server (the file's own database):
 *
 * - two API processes (real servers on loopback, each its own DATA_DIR) share one store: a job
 *   submitted to one is read, replayed by its Idempotency-Key and fetched as a result from the
 *   other, submit -> solve -> result. OFFTHREAD_BODY_BYTES is lowered so the body takes the
 *   large-body path: staged as a file by one process, it must reach the row for the other;
 * - the database going away (a proxy in front of it taken down; the machine's server is never
 *   stopped) makes submissions 503 TD_ERR_STORE_UNAVAILABLE with Retry-After and /ready 503, and
 *   nothing is acknowledged that is not stored; when it is back, the service serves again by itself.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, pollUntil, readFixture, submit, submitOk, waitForEnd, type JobView, type ProblemBody, type TestApp } from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/pg.ts';
import { startServer, tempDataDir, type ServerProcess } from './support/server-process.ts';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.ts';

const tiny = readFixture('tiny.json');
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('two API processes on one PostgreSQL store', () => {
  const servers: ServerProcess[] = [];
  const dirs: Array<{ dir: string; remove: () => void }> = [];

  beforeAll(async () => {
    for (let k = 0; k < 2; k++) {
      const data = tempDataDir('territory-pg-server-');
      dirs.push(data);
      servers.push(await startServer({ dataDir: data.dir, env: { DATABASE_URL: db.url, POOL_SIZE: '1', OFFTHREAD_BODY_BYTES: '1024' }, readyTimeoutMs: 120_000 }));
    }
  }, 300_000);
  afterAll(async () => {
    for (const s of servers) await s.stop();
    for (const d of dirs) d.remove();
  });

  const post = (server: ServerProcess, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const jobOn = async (server: ServerProcess, id: string) => (await (await fetch(`${server.url}/v1/jobs/${id}`)).json()) as JobView;

  it('submit to one, replay and read the result on the other', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const first = await post(a, { problem: tiny, options: { timeLimitSeconds: 10 } }, { 'idempotency-key': 'across-servers' });
    expect(first.status).toBe(202);
    const job = (await first.json()) as JobView;
    const replay = await post(b, { problem: tiny, options: { timeLimitSeconds: 10 } }, { 'idempotency-key': 'across-servers' });
    expect(replay.status).toBe(202);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(((await replay.json()) as JobView).id).toBe(job.id);
    // The document the parse thread staged on the first process's disk is in the row now, not there.
    const staged = join(dirs[0]!.dir, 'bodies');
    await pollUntil(async () => (existsSync(staged) ? readdirSync(staged) : []), (left) => left.length === 0, { what: 'the staged file to go' });

    const ended = await pollUntil(() => jobOn(b, job.id), (j) => j.status === 'succeeded' || j.status === 'failed', { timeoutMs: 60_000, what: 'the job to end' });
    expect(ended.status).toBe('succeeded');
    expect(ended.attempts).toBe(1);
    const result = await fetch(`${b.url}/v1/jobs/${job.id}/result`);
    expect(result.status).toBe(200);
    const plan = (await result.json()) as { assignments: unknown[] };
    expect(plan.assignments).toHaveLength(tiny.accounts.length);
    // Both list it, once.
    for (const server of servers) {
      const list = (await (await fetch(`${server.url}/v1/jobs`)).json()) as { jobs: JobView[] };
      expect(list.jobs.filter((j) => j.id === job.id)).toHaveLength(1);
    }
    const ready = (await (await fetch(`${a.url}/ready`)).json()) as { status: string };
    expect(ready.status).toBe('ready');
  });
});

describe('the database unreachable, then back', () => {
  let proxy: TcpProxy;
  let t: TestApp;
  // A database of its own: the list below must hold only this test's jobs.
  let own: TestDatabase;

  beforeAll(async () => {
    own = await createTestDatabase();
    const target = new URL(own.url);
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(own.url);
    viaProxy.port = String(proxy.port);
    t = await buildTestApp({ DATABASE_URL: viaProxy.toString(), POOL_SIZE: '1' });
  }, 120_000);
  afterAll(async () => {
    await proxy?.up().catch(() => {});
    await t?.close();
    await proxy?.close();
    await own?.drop();
  });

  it('answers 503 TD_ERR_STORE_UNAVAILABLE with Retry-After, acknowledges nothing, and serves again when it returns', async () => {
    const before = await submitOk(t.app, { problem: tiny, options: { timeLimitSeconds: 10 } });
    expect((await waitForEnd(t.app, before.id, 60_000)).status).toBe('succeeded');

    await proxy.down();
    const refused = await submit(t.app, { problem: tiny }, { 'idempotency-key': 'during-outage' });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.json<ProblemBody>().code).toBe('TD_ERR_STORE_UNAVAILABLE');
    const ready = await t.app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json<ProblemBody>().code).toBe('TD_ERR_NOT_READY');
    expect(ready.json<ProblemBody>().detail).toMatch(/cannot be reached/);

    await proxy.up();
    // The pool connects again on its own; /ready says so first.
    await pollUntil(async () => (await t.app.inject({ url: '/ready' })).statusCode, (code) => code === 200, { timeoutMs: 30_000, what: '/ready to answer 200 again' });
    // The refused submission was not stored: its key is free, and the retry is a new job.
    const retried = await submit(t.app, { problem: tiny, options: { timeLimitSeconds: 10 } }, { 'idempotency-key': 'during-outage' });
    expect(retried.statusCode).toBe(202);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    const after = retried.json<JobView>();
    expect((await waitForEnd(t.app, after.id, 60_000)).status).toBe('succeeded');
    const list = (await t.app.inject({ url: '/v1/jobs' })).json<{ jobs: JobView[] }>();
    expect(list.jobs.map((j) => j.id).sort()).toEqual([before.id, after.id].sort());
  });
});
