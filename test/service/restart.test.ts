/**
 * Durability of the job queue on the real process: `kill -9` while a job runs and others wait, start
 * again on the same DATA_DIR, and every job still ends with the plan an uninterrupted run gives; a
 * SIGTERM lets the running job finish or puts it back in the queue, and accepts no new work.
 *
 * Reruns give the same plan only when the solve ends on a proof, not on the clock: the engine's
 * heuristics run on a wall-clock budget (min(10% of the limit, 3 s)) and HiGHS on the time limit, so
 * a time-limited solve depends on the machine's load. The problems below are generated ones that the
 * engine proves optimal in a few CPU seconds with a unique optimal plan (checked on repeated runs at
 * 6 s and 20 s limits), and the reference run must itself end `optimal` for the comparison to count.
 */
import { request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProblem } from '../../benchmarks/generate-problem.ts';
import type { ProblemInput, TerritoryResult } from '../../solver/index.ts';
import {
  describeExit,
  pollUntil,
  postJson,
  requestJson,
  sleep,
  startServer,
  tempDataDir,
  type ServerProcess,
} from './support/server-process.ts';

interface JobView {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  attempts: number;
  error?: { code: string; message: string };
}

/**
 * 200-250 accounts, each proven optimal in about 1-7 CPU seconds; the second is the longest, so the
 * kill finds it mid-solve.
 */
const SPECS = [
  { accounts: 250, reps: 7, seed: 2 },
  { accounts: 250, reps: 7, seed: 1 },
  { accounts: 200, reps: 6, seed: 3 },
  { accounts: 200, reps: 6, seed: 2 },
] as const;
/** Far above what the solves need (on a loaded machine too), so they end on the proof, never on the clock. */
const TIME_LIMIT_SECONDS = 60;
/** For the SIGTERM test: shorter than the job, so it is normally requeued rather than finished. */
const GRACE_SECONDS = 2;

const problems: ProblemInput[] = SPECS.map((spec) => {
  const p = generateProblem(spec);
  return { ...p, options: { ...p.options, timeLimitSeconds: TIME_LIMIT_SECONDS } };
});

/** What must not change between runs: the status, the plan and its objective (not seconds, gap or strategy). */
function plan(result: TerritoryResult) {
  return {
    status: result.solver.status,
    objective: result.solver.objective,
    breakdown: result.objective,
    assignments: result.assignments,
  };
}

async function submitAll(server: ServerProcess, list: readonly ProblemInput[]): Promise<string[]> {
  const ids: string[] = [];
  for (const problem of list) {
    const res = await postJson<JobView>(`${server.url}/v1/jobs`, { problem });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    ids.push(res.body.id);
  }
  return ids;
}

async function job(server: ServerProcess, id: string): Promise<JobView> {
  const res = await requestJson<JobView>(`${server.url}/v1/jobs/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

function jobs(server: ServerProcess, ids: readonly string[]): Promise<JobView[]> {
  return Promise.all(ids.map((id) => job(server, id)));
}

/** Waits until every job has ended; returns the jobs as they ended. */
function allEnded(server: ServerProcess, ids: readonly string[], timeoutMs: number): Promise<JobView[]> {
  return pollUntil(() => jobs(server, ids), (js) => js.every((j) => j.status !== 'queued' && j.status !== 'running'), {
    timeoutMs,
    intervalMs: 200,
    what: 'every job to end',
  });
}

async function results(server: ServerProcess, ids: readonly string[]): Promise<TerritoryResult[]> {
  return Promise.all(ids.map(async (id) => {
    const res = await requestJson<TerritoryResult>(`${server.url}/v1/jobs/${id}/result`);
    expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
    return res.body;
  }));
}

/** The job's row in the store, read straight from the SQLite file of a stopped server. */
function storedJob(dataDir: string, id: string): { status: string; attempts: number } | undefined {
  const db = new Database(join(dataDir, 'jobs.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[string], { status: string; attempts: number }>('SELECT status, attempts FROM jobs WHERE id = ?').get(id);
  } finally {
    db.close();
  }
}

/** Whether a new TCP connection to the server is refused. */
async function refused(url: string): Promise<boolean> {
  try {
    const res = await fetch(`${url}/health`, { headers: { connection: 'close' }, signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return false;
  } catch (err) {
    return (err as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
  }
}

/**
 * Starts POST /v1/jobs with headers and half the body, on a connection of its own that closes after
 * the response; `finish()` sends the rest and resolves with the response.
 */
function halfSentSubmission(url: string, body: unknown): { finish: () => Promise<{ status: number; body: { code?: string } }> } {
  const text = JSON.stringify(body);
  const half = Math.floor(text.length / 2);
  const req = request(`${url}/v1/jobs`, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), connection: 'close' },
  });
  const response = new Promise<{ status: number; body: { code?: string } }>((resolve, reject) => {
    req.on('response', (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (data += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data ? JSON.parse(data) : {} }));
    });
    req.on('error', reject);
  });
  req.write(text.slice(0, half));
  return {
    finish: () => {
      req.end(text.slice(half));
      return response;
    },
  };
}

describe('the job queue survives the process', () => {
  const dirs: Array<() => void> = [];
  const servers: ServerProcess[] = [];
  /** The reference plans, computed in the background while the first test runs (it awaits them last). */
  let reference: Promise<Array<ReturnType<typeof plan>>>;

  async function start(dataDir: string, env: Record<string, string>): Promise<ServerProcess> {
    const server = await startServer({ dataDir, env, readyTimeoutMs: 90_000 });
    servers.push(server);
    return server;
  }

  function dataDir(): string {
    const { dir, remove } = tempDataDir('territory-restart-');
    dirs.push(remove);
    return dir;
  }

  /** The same problems on a clean instance that is never interrupted. */
  async function referencePlans(): Promise<Array<ReturnType<typeof plan>>> {
    const server = await start(dataDir(), { POOL_SIZE: '2' });
    const ids = await submitAll(server, problems);
    const ended = await allEnded(server, ids, 150_000);
    expect(ended.map((j) => j.status), JSON.stringify(ended)).toEqual(ids.map(() => 'succeeded'));
    const docs = await results(server, ids);
    // Only a proof makes the plan reproducible; a time-limited reference would compare nothing.
    expect(docs.map((d) => d.solver.status), 'the reference solves must be proven optimal (is the machine overloaded?)').toEqual(ids.map(() => 'optimal'));
    await server.stop();
    return docs.map(plan);
  }

  beforeAll(() => {
    reference = referencePlans();
    // Awaited in the tests; this only keeps an early failure from being reported as unhandled.
    reference.catch(() => undefined);
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    for (const remove of dirs) remove();
  });

  // The two tests use separate processes and data directories, so they run side by side.
  it.concurrent('after kill -9, finished jobs stay finished, the running one reruns, queued ones run, all with the reference plans', async () => {
    const dir = dataDir();
    const first = await start(dir, { POOL_SIZE: '1' });
    const ids = await submitAll(first, problems);

    // Kill as soon as the first job has finished and the second is mid-solve: one of each state.
    const atKill = await pollUntil(() => jobs(first, ids), (js) => js[0]?.status === 'succeeded' && js[1]?.status === 'running', {
      timeoutMs: 90_000,
      intervalMs: 100,
      what: 'job 1 to succeed and job 2 to run',
    });
    first.signal('SIGKILL');
    const exit = await first.exited;
    expect(exit.signal, describeExit(exit)).toBe('SIGKILL');
    expect(atKill.map((j) => j.status), 'the states at the kill').toEqual(['succeeded', 'running', 'queued', 'queued']);

    const second = await start(dir, { POOL_SIZE: '1' });
    const ended = await allEnded(second, ids, 120_000);
    expect(ended.map((j) => j.status), JSON.stringify(ended)).toEqual(ids.map(() => 'succeeded'));
    // Job 1 was not run again, job 2 was (requeued at start), jobs 3 and 4 ran once.
    expect(ended.map((j) => j.attempts)).toEqual([1, 2, 1, 1]);
    expect((await results(second, ids)).map(plan)).toEqual(await reference);
    await second.stop();
  }, 180_000);

  it.concurrent('SIGTERM: the running job finishes or is requeued, no new work is accepted, exit 0 within the grace period', async () => {
    const dir = dataDir();
    const env = { POOL_SIZE: '1', SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) };
    const first = await start(dir, env);
    // The longest of the problems, so that it is usually still running when the grace period ends.
    const [id] = await submitAll(first, problems.slice(1, 2));
    await pollUntil(() => job(first, id!), (j) => j.status === 'running', { timeoutMs: 60_000, intervalMs: 100, what: 'the job to run' });
    // A submission whose headers arrive before the signal and whose body arrives after it.
    const late = halfSentSubmission(first.url, { problem: problems[0] });
    await sleep(300);

    const signalled = Date.now();
    first.signal('SIGTERM');
    // The listener closes as shutdown begins: new connections are refused ...
    await pollUntil(() => refused(first.url), Boolean, { timeoutMs: 5000, intervalMs: 50, what: 'new connections to be refused' });
    // ... and a request already on a connection gets 503, not 202.
    const answer = await late.finish();
    expect(answer.status).toBe(503);
    expect(answer.body.code).toBe('TD_ERR_SHUTTING_DOWN');

    const exit = await first.exited;
    const seconds = (Date.now() - signalled) / 1000;
    expect(exit, first.output()).toEqual({ code: 0, signal: null });
    // The grace period, plus time to terminate the thread and close the store on a loaded machine.
    expect(seconds).toBeLessThan(GRACE_SECONDS + 4);

    const stored = storedJob(dir, id!);
    expect(['succeeded', 'queued'], JSON.stringify(stored)).toContain(stored?.status);

    const second = await start(dir, { POOL_SIZE: '1' });
    const [ended] = await allEnded(second, [id!], 90_000);
    expect(ended?.status).toBe('succeeded');
    expect(ended?.attempts).toBe(stored?.status === 'queued' ? 2 : 1);
    const list = await requestJson<{ jobs: JobView[] }>(`${second.url}/v1/jobs`);
    expect(list.body.jobs.map((j) => j.id), 'the 503 submission left no job behind').toEqual([id]);
    expect((await results(second, [id!])).map(plan)).toEqual((await reference).slice(1, 2));
    await second.stop();
  }, 150_000);
});
