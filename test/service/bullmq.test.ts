/**
 * The BullMQ queue (REDIS_URL) on the real services, with real processes: two API servers
 * (`territory serve` with WORKERS=0, so they never solve) and `territory worker` processes, one
 * PostgreSQL database of the file's own and a redis-server of its own (support/redis.ts), so nothing
 * is shared with other test files and nothing is left behind.
 *
 * - submit to one API server, a worker solves it, the other serves the result; /ready checks Redis
 *   and PostgreSQL, /metrics reads the queue depth from BullMQ; a worker's own /health and /metrics;
 * - a DELETE on the other API server stops the solve on the worker; /events on that server streams
 *   the worker's progress and the end;
 * - kill -9 of the worker running a job: the job completes on the other worker (BullMQ's stalled
 *   turn, the store's lease), and only there: one crash, two runs, one end; on its work budget, with
 *   the plan an uninterrupted solve of the same problem gives (the solve is reproducible);
 * - MAX_ATTEMPTS across processes: a job whose worker is killed on each of its MAX_ATTEMPTS (2) runs,
 *   on two different workers, fails with TD_ERR_WORKER_FAILED instead of running a third time;
 * - Redis restarted empty while one job runs and two wait: the queued ones are enqueued again from
 *   PostgreSQL, and every one of the three ends once;
 * - kill -9 of an API server during a burst of submissions: every job it acknowledged is in
 *   PostgreSQL and runs once (whether or not its id reached Redis before the kill).
 *
 * LEASE_SECONDS=6 shortens the wait for a dead worker's job; nothing asserts how long anything took.
 */
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProblem } from '../../benchmarks/generate-problem.ts';
import { parseProblem, solve, type ProblemInput, type TerritoryResult } from '../../solver/index.ts';
import { highsFactory } from '../../src/highs-runtime.ts';
import { readFixture, type JobView } from './support/app.ts';
import { openSse } from './support/net.ts';
import { createTestDatabase, type TestDatabase } from './support/pg.ts';
import { startRedis, type TestRedis } from './support/redis.ts';
import { freePort, pollUntil, postJson, requestJson, ROOT, startServer, tempDataDir, type ServerProcess } from './support/server-process.ts';
import { startWorker, type WorkerProcess } from './support/worker-process.ts';

const TINY = readFixture('tiny.json');
/** mipGap 0: a 2000 x 40 plan is not proven optimal, so the solve runs until its time limit or a cancel. */
const generated = generateProblem({ accounts: 2000, reps: 40, seed: 1 });
const long = (timeLimitSeconds: number): ProblemInput => ({ ...generated, options: { ...generated.options, timeLimitSeconds, mipGap: 0 } });
/** Ended by 6 s of counted work, never by its time limit (the safety net, far away): the same plan wherever it runs. */
const steady: ProblemInput = { ...generated, options: { ...generated.options, timeLimitSeconds: 300, workLimitSeconds: 6, mipGap: 0 } };
const ENDED = ['succeeded', 'failed', 'cancelled'];
/** Processes boot and solve on two shared cores: generous, and no test asserts how long it took. */
const TEST_TIMEOUT_MS = 400_000;

let db: TestDatabase;
let redis: TestRedis;
const apis: ServerProcess[] = [];
const workers: WorkerProcess[] = [];
const dirs: Array<{ remove: () => void }> = [];
let env: Record<string, string>;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await startRedis();
  env = { DATABASE_URL: db.url, REDIS_URL: redis.url, LEASE_SECONDS: '6', SHUTDOWN_GRACE_SECONDS: '2', MAX_ATTEMPTS: '2' };
  for (let k = 0; k < 2; k++) {
    const data = tempDataDir('territory-bull-api-');
    dirs.push(data);
    apis.push(await startServer({ dataDir: data.dir, env: { ...env, WORKERS: '0' }, readyTimeoutMs: 120_000 }));
  }
  for (let k = 0; k < 2; k++) workers.push(await newWorker());
}, 400_000);

afterAll(async () => {
  for (const p of [...apis, ...workers]) await p.stop();
  for (const d of dirs) d.remove();
  await redis?.stop();
  await db?.drop();
});

/** Each worker's METRICS_PORT (its /health and /metrics). */
const metricsPorts = new Map<WorkerProcess, number>();

async function newWorker(): Promise<WorkerProcess> {
  const data = tempDataDir('territory-bull-worker-');
  dirs.push(data);
  const port = await freePort();
  const worker = await startWorker({ ...env, DATA_DIR: data.dir, METRICS_PORT: String(port) });
  metricsPorts.set(worker, port);
  return worker;
}

const jobOn = async (api: ServerProcess, id: string) => (await requestJson<JobView>(`${api.url}/v1/jobs/${id}`)).body;
const submit = async (api: ServerProcess, problem: unknown) => {
  const res = await postJson<JobView>(`${api.url}/v1/jobs`, { problem });
  expect(res.status).toBe(202);
  return res.body;
};
const ended = (api: ServerProcess, id: string, timeoutMs = 120_000) =>
  pollUntil(() => jobOn(api, id), (j) => ENDED.includes(j.status), { timeoutMs, intervalMs: 200, what: `job ${id} to end` });
async function crashesOf(id: string): Promise<number> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    return (await client.query<{ crashes: number }>('SELECT crashes FROM jobs WHERE id = $1', [id])).rows[0]!.crashes;
  } finally {
    await client.end();
  }
}
/**
 * How many of these workers logged the job's end, once at least one has: the store says `succeeded`
 * a moment before the worker's log line reaches this process through its pipe.
 */
const endsLogged = async (id: string, among: readonly WorkerProcess[] = workers) => {
  const count = async () => among.reduce((n, w) => n + w.logged('job ended', id), 0);
  await pollUntil(count, (n) => n >= 1, { timeoutMs: 30_000, what: `a worker to log the end of ${id}` });
  return count();
};
const runningOn = (id: string) => workers.filter((w) => w.logged('job started', id) > w.logged('job ended', id) && w.child.exitCode === null && w.child.signalCode === null);

describe('territory worker', () => {
  it('refuses to start without REDIS_URL, saying why', () => {
    const out = spawnSync(process.execPath, ['bin/territory.js', 'worker'], { cwd: ROOT, env: { ...process.env, REDIS_URL: '', DATABASE_URL: db.url }, encoding: 'utf8', timeout: 60_000 });
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/needs REDIS_URL/);
  }, TEST_TIMEOUT_MS);
});

describe('API servers and workers on BullMQ and PostgreSQL', () => {
  it('a job submitted to one API server is solved by a worker and read from the other; /ready and /metrics see Redis', async () => {
    const [a, b] = apis as [ServerProcess, ServerProcess];
    const job = await submit(a, TINY);
    expect((await ended(b, job.id)).status).toBe('succeeded');
    const result = await requestJson<{ assignments: unknown[] }>(`${b.url}/v1/jobs/${job.id}/result`);
    expect(result.status).toBe(200);
    expect(result.body.assignments).toHaveLength(TINY.accounts.length);
    expect(await endsLogged(job.id)).toBe(1);

    const ready = await requestJson<{ status: string; threads: number }>(`${a.url}/ready`);
    expect(ready.status).toBe(200);
    // WORKERS=0: the API server has no job threads, and is ready all the same.
    expect(ready.body).toMatchObject({ status: 'ready', threads: 0 });
    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).toMatch(/^territory_queue_depth 0$/m);
    // A worker's own /health and /metrics (METRICS_PORT): its one thread, BullMQ's depth.
    const worker = `http://127.0.0.1:${metricsPorts.get(workers[0]!)}`;
    expect((await requestJson(`${worker}/health`)).body).toEqual({ status: 'ok' });
    const workerMetrics = await (await fetch(`${worker}/metrics`)).text();
    expect(workerMetrics).toMatch(/^territory_pool_threads 1$/m);
    expect(workerMetrics).toMatch(/^territory_queue_depth \d+$/m);
    expect(workerMetrics).toMatch(/^territory_pool_utilization /m);
  }, TEST_TIMEOUT_MS);

  it('a DELETE on the other API server stops the solve on the worker; /events there streams its progress and end', async () => {
    const [a, b] = apis as [ServerProcess, ServerProcess];
    const job = await submit(a, long(600));
    await pollUntil(async () => runningOn(job.id).length, (n) => n === 1, { timeoutMs: 60_000, what: 'a worker to start the job' });
    const stream = await openSse(`${b.url}/v1/jobs/${job.id}/events`, 120_000);
    expect(stream.status).toBe(200);
    await stream.waitFor((e) => e.event === 'progress');
    const cancel = await requestJson<JobView>(`${b.url}/v1/jobs/${job.id}`, { method: 'DELETE' });
    expect(cancel.status).toBe(202);
    const end = await stream.waitFor((e) => e.event === 'end');
    expect((end.data as JobView).status).toBe('cancelled');
    expect((await ended(a, job.id, 30_000)).status).toBe('cancelled');
  }, TEST_TIMEOUT_MS);

  it('kill -9 of the worker running a job: the job completes on the other worker, once, with the plan of an uninterrupted solve', async () => {
    const [a] = apis as [ServerProcess];
    const job = await submit(a, steady);
    const [victim] = await pollUntil(async () => runningOn(job.id), (on) => on.length === 1, { timeoutMs: 60_000, what: 'a worker to start the job' });
    // Running for real: the solve has reported progress to the store.
    await pollUntil(() => jobOn(a, job.id), (j) => j.progress.phase !== 'starting' && j.progress.phase !== 'queued', { timeoutMs: 60_000, what: 'the job to make progress' });
    victim!.signal('SIGKILL');
    await victim!.exited;
    const done = await ended(a, job.id, 180_000);
    expect(done.status).toBe('succeeded');
    expect(done.attempts).toBe(2);
    expect(await crashesOf(job.id)).toBe(1);
    const survivors = workers.filter((w) => w !== victim);
    expect(await endsLogged(job.id, survivors)).toBe(1);
    expect(victim!.logged('job ended', job.id)).toBe(0);
    workers.splice(workers.indexOf(victim!), 1);
    // The rerun's plan is the one this process computes from the same document.
    const stored = await requestJson<TerritoryResult>(`${a.url}/v1/jobs/${job.id}/result`);
    expect(stored.status).toBe(200);
    expect(stored.body.solver.endedBy).toBe('work');
    const parsed = parseProblem(steady);
    if (!parsed.ok) throw new Error('the generated problem is invalid');
    const here = await solve(parsed.problem, { highs: highsFactory });
    expect(here.solver.endedBy).toBe('work');
    expect(stored.body.assignments).toEqual(here.assignments);
    expect(stored.body.solver.objective).toBe(here.solver.objective);
  }, TEST_TIMEOUT_MS);

  it('MAX_ATTEMPTS holds across workers: killed during both of its runs, on two workers, the job fails', async () => {
    const [a] = apis as [ServerProcess];
    workers.push(await newWorker());
    expect(workers).toHaveLength(2);
    const job = await submit(a, long(600));
    for (let run = 1; run <= 2; run++) {
      const [victim] = await pollUntil(async () => runningOn(job.id), (on) => on.length === 1, { timeoutMs: 120_000, what: `run ${run} to start` });
      await pollUntil(() => jobOn(a, job.id), (j) => j.attempts === run && j.status === 'running', { timeoutMs: 60_000, what: `run ${run} in the store` });
      victim!.signal('SIGKILL');
      await victim!.exited;
      workers.splice(workers.indexOf(victim!), 1);
    }
    const done = await ended(a, job.id, 120_000);
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe('TD_ERR_WORKER_FAILED');
    expect(done.attempts).toBe(2);
    expect(await crashesOf(job.id)).toBe(2);
    // The next test's worker.
    workers.push(await newWorker());
  }, TEST_TIMEOUT_MS);

  it('Redis restarted empty: the jobs queued in PostgreSQL are enqueued again, and each of them and the running one ends once', async () => {
    const [a, b] = apis as [ServerProcess, ServerProcess];
    expect(workers).toHaveLength(1);
    const [worker] = workers as [WorkerProcess];
    const running = await submit(a, long(10));
    await pollUntil(async () => worker.logged('job started', running.id), (n) => n === 1, { timeoutMs: 60_000, what: 'the worker to start the job' });
    // The worker's one thread is taken: these two wait, as turns in Redis and rows in PostgreSQL (a
    // turn left over from the killed workers may wait beside them: turns are interchangeable).
    const waiting = [await submit(a, TINY), await submit(b, TINY)];
    await pollUntil(async () => (await (await fetch(`${a.url}/metrics`)).text()).match(/^territory_queue_depth (\d+)$/m)?.[1], (n) => Number(n) >= 2, { timeoutMs: 30_000, what: 'two turns waiting in BullMQ' });
    await redis.restart();
    for (const job of [running, ...waiting]) {
      const done = await ended(b, job.id, 180_000);
      expect(done.status).toBe('succeeded');
      expect(done.attempts).toBe(1);
      expect(await endsLogged(job.id, [worker])).toBe(1);
    }
    // The API servers reconnected on their own.
    expect((await requestJson(`${a.url}/ready`)).status).toBe(200);
  }, TEST_TIMEOUT_MS);

  it('kill -9 of an API server during a burst of submissions: every acknowledged job is stored and runs once', async () => {
    const [a, b] = apis as [ServerProcess, ServerProcess];
    const acknowledged: string[] = [];
    const burst = Array.from({ length: 30 }, async () => {
      try {
        const res = await postJson<JobView>(`${a.url}/v1/jobs`, { problem: TINY });
        if (res.status === 202) acknowledged.push(res.body.id);
      } catch {
        // The connection died with the process: not acknowledged, so nothing is promised.
      }
    });
    await pollUntil(async () => acknowledged.length, (n) => n >= 5, { timeoutMs: 60_000, intervalMs: 5, what: 'the first acknowledgements' });
    a.signal('SIGKILL');
    await Promise.all(burst);
    await a.exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(5);
    for (const id of acknowledged) {
      const done = await ended(b, id, 180_000);
      expect(done.status).toBe('succeeded');
      expect(done.attempts).toBe(1);
      expect(await endsLogged(id)).toBe(1);
    }
    // Nothing stored is left behind, acknowledged or not (a 202 lost with the connection).
    await pollUntil(async () => (await requestJson<{ queued: number; running: number }>(`${b.url}/ready`)).body, (r) => r.queued === 0, { timeoutMs: 120_000, what: 'the queue to empty' });
  }, TEST_TIMEOUT_MS);
});
