/**
 * POST /v1/frontier with REDIS_URL and DATABASE_URL, on real processes: an API server that solves
 * nothing (WORKERS=0), two `territory worker` processes, a PostgreSQL database and a redis-server of
 * the file's own. The frontier runs on a worker by the same code path as in one process; its points
 * reach the API server's event stream over Redis as each is solved; kill -9 of the worker running it
 * after its first point loses nothing: the other worker runs it again (the store's lease, BullMQ's
 * stalled turn), and its table and plans are those the solver's frontier function gives here on the
 * same problem (every point ends on a proof, so the rerun is the same).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProblem } from '../../benchmarks/generate-problem.ts';
import { disruptionFrontier, parseProblem, type TerritoryResult } from '../../solver/index.ts';
import { highsFactory } from '../../src/highs-runtime.ts';
import { frontierTable, type FrontierTable } from '../../src/workers/frontier-task.ts';
import type { JobView } from './support/app.ts';
import { openSse, type SseEvent } from './support/net.ts';
import { createTestDatabase, type TestDatabase } from './support/pg.ts';
import { startRedis, type TestRedis } from './support/redis.ts';
import { pollUntil, postJson, requestJson, startServer, tempDataDir, type ServerProcess } from './support/server-process.ts';
import { startWorker, type WorkerProcess } from './support/worker-process.ts';

/** 200 accounts: the plan without a budget in about a second, then budgets 4 and 8 in several more, each proven optimal. */
const problem = generateProblem({ accounts: 200, reps: 6, seed: 3 });
const BUDGETS = [4, 8];
const PER_POINT = 60;
const TEST_TIMEOUT_MS = 400_000;

interface FrontierView extends JobView {
  kind: string;
  progress: JobView['progress'] & { frontier?: { planned: number; points: Array<{ maxMoves: number | null }> } };
  frontier: FrontierTable | null;
}

let db: TestDatabase;
let redis: TestRedis;
let api: ServerProcess;
const workers: WorkerProcess[] = [];
const dirs: Array<{ remove: () => void }> = [];

beforeAll(async () => {
  db = await createTestDatabase();
  redis = await startRedis();
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, LEASE_SECONDS: '6', SHUTDOWN_GRACE_SECONDS: '2' };
  const data = tempDataDir('territory-bull-frontier-api-');
  dirs.push(data);
  api = await startServer({ dataDir: data.dir, env: { ...env, WORKERS: '0' }, readyTimeoutMs: 120_000 });
  for (let k = 0; k < 2; k++) {
    const dir = tempDataDir('territory-bull-frontier-worker-');
    dirs.push(dir);
    workers.push(await startWorker({ ...env, DATA_DIR: dir.dir }));
  }
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  for (const p of [api, ...workers]) await p?.stop();
  for (const d of dirs) d.remove();
  await redis?.stop();
  await db?.drop();
});

const pointsOf = (e: SseEvent) => ((e.data as { frontier?: FrontierView['progress']['frontier'] }).frontier ?? (e.data as FrontierView).progress?.frontier)?.points.length ?? 0;
const runningOn = (id: string) => workers.filter((w) => w.logged('job started', id) > w.logged('job ended', id) && w.child.exitCode === null && w.child.signalCode === null);

describe('a frontier on BullMQ and PostgreSQL', () => {
  it('runs on a worker, streams its points to the API server, and survives kill -9 of its worker with the solver\'s own frontier', async () => {
    const res = await postJson<FrontierView>(`${api.url}/v1/frontier`, { problem, budgets: BUDGETS, timeLimitSecondsPerPoint: PER_POINT });
    expect(res.status).toBe(202);
    expect(res.headers.get('location')).toBe(`/v1/frontier/${res.body.id}`);
    const id = res.body.id;
    const stream = await openSse(`${api.url}/v1/jobs/${id}/events`, 300_000);
    // The first point (the plan without a budget) is in: on the stream, from the worker over Redis.
    await stream.waitFor((e) => pointsOf(e) >= 1);
    // Which worker: its log says so, through a pipe that may lag behind Redis.
    const [victim] = await pollUntil(async () => runningOn(id), (on) => on.length === 1, { timeoutMs: 30_000, what: 'the worker running the frontier' });
    victim!.signal('SIGKILL');
    await victim!.exited;

    const end = await stream.waitFor((e) => e.event === 'end');
    expect((end.data as FrontierView).status).toBe('succeeded');
    expect((end.data as FrontierView).attempts).toBe(2);
    const survivor = workers.find((w) => w !== victim)!;
    // The store (and so the stream) has the end a moment before the worker's log line arrives.
    await pollUntil(async () => survivor.logged('job ended', id), (n) => n >= 1, { timeoutMs: 30_000, what: 'the survivor to log the end' });
    expect(survivor.logged('job ended', id)).toBe(1);
    expect(victim!.logged('job ended', id)).toBe(0);
    // Killed after its first point: the second and third (and the end) are the rerun's, each on the stream as it was solved.
    const counts = (await stream.events).filter((e) => e.event === 'progress').map(pointsOf);
    for (const n of [1, 2, 3]) expect(counts, `progress with ${n} points`).toContain(n);
    expect(counts.at(-1)).toBe(3);

    const parsed = parseProblem(problem);
    if (!parsed.ok) throw new Error('the generated problem is invalid');
    const direct = frontierTable(await disruptionFrontier(parsed.problem, { highs: highsFactory, budgets: BUDGETS, timeLimitSecondsPerPoint: PER_POINT }));
    const view = await pollUntil(async () => (await requestJson<FrontierView>(`${api.url}/v1/frontier/${id}`)).body, (v) => v.frontier !== null, { what: 'the table' });
    expect(view.frontier!.points.map((p) => [p.maxMoves, p.moves, p.status, p.dominated])).toEqual(direct.table.points.map((p) => [p.maxMoves, p.moves, p.status, p.dominated]));
    for (const [k, want] of direct.results.entries()) {
      const point = await requestJson<TerritoryResult>(`${api.url}/v1/frontier/${id}/points/${k}`);
      expect(point.status).toBe(200);
      expect(point.body.assignments).toEqual(want.assignments);
    }
  }, TEST_TIMEOUT_MS);
});
