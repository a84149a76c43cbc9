/**
 * Scale-out benchmark (issue 13): a batch of generated jobs (fixed seed each, so every run solves the
 * same problems) through one API process on PostgreSQL + BullMQ with 1 and then 2 `territory worker`
 * processes of one solve thread each, and through the embedded default (SQLite, in-process queue,
 * POOL_SIZE solve threads) for comparison. Prints one JSON line per configuration: jobs, seconds
 * from the first submission to the last end, jobs per minute, and how many results passed verify().
 *
 *   node --import tsx benchmarks/scale-out.ts [--jobs 40] [--accounts 2000] [--reps 40] [--time-limit 30]
 *
 * Uses the machine's PostgreSQL (a database of its own, dropped after) and a redis-server child on a
 * free port, with the test support that starts the real processes.
 */
import { parseArgs } from 'node:util';
import { parseProblem, verify, type TerritoryResult } from '../solver/index.ts';
import { createTestDatabase } from '../test/service/support/pg.ts';
import { startRedis } from '../test/service/support/redis.ts';
import { pollUntil, postJson, requestJson, startServer, tempDataDir, type ServerProcess } from '../test/service/support/server-process.ts';
import { startWorker, type WorkerProcess } from '../test/service/support/worker-process.ts';
import { generateProblem } from './generate-problem.ts';

const { values } = parseArgs({ options: { jobs: { type: 'string', default: '40' }, accounts: { type: 'string', default: '2000' }, reps: { type: 'string', default: '40' }, 'time-limit': { type: 'string', default: '30' } } });
const jobs = Number(values.jobs);
const problems = Array.from({ length: jobs }, (_, k) => ({ ...generateProblem({ accounts: Number(values.accounts), reps: Number(values.reps), seed: k + 1 }), options: { timeLimitSeconds: Number(values['time-limit']) } }));

async function batch(api: ServerProcess): Promise<{ seconds: number; verified: number; succeeded: number }> {
  const started = performance.now();
  const ids: string[] = [];
  for (const problem of problems) {
    const res = await postJson<{ id: string }>(`${api.url}/v1/jobs`, { problem });
    if (res.status !== 202) throw new Error(`submission refused: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    ids.push(res.body.id);
  }
  const ends = await Promise.all(ids.map((id) => pollUntil(() => requestJson<{ status: string }>(`${api.url}/v1/jobs/${id}`), (r) => ['succeeded', 'failed', 'cancelled'].includes(r.body.status), { timeoutMs: 3_600_000, intervalMs: 500, what: `job ${id}` })));
  const seconds = (performance.now() - started) / 1000;
  let verified = 0;
  for (const [k, id] of ids.entries()) {
    if (ends[k]!.body.status !== 'succeeded') continue;
    const result = (await requestJson<TerritoryResult>(`${api.url}/v1/jobs/${id}/result`)).body;
    const parsed = parseProblem(problems[k]!);
    if (parsed.ok && result.assignments.length > 0 && verify(parsed.problem, result.assignments).ok) verified++;
  }
  return { seconds, verified, succeeded: ends.filter((e) => e.body.status === 'succeeded').length };
}

const line = (config: string, out: { seconds: number; verified: number; succeeded: number }) =>
  process.stdout.write(`${JSON.stringify({ config, jobs, ...out, jobsPerMinute: (jobs / out.seconds) * 60 })}\n`);

const db = await createTestDatabase();
const redis = await startRedis();
const dirs: Array<{ remove: () => void }> = [];
const stopAll: Array<{ stop: () => Promise<unknown> }> = [];
try {
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, LOG_LEVEL: 'warn', QUEUE_MAX: '10000' };
  const apiDir = tempDataDir('territory-bench-api-');
  dirs.push(apiDir);
  const api = await startServer({ dataDir: apiDir.dir, env: { ...env, WORKERS: '0' }, readyTimeoutMs: 120_000 });
  stopAll.push(api);
  const workers: WorkerProcess[] = [];
  const addWorker = async () => {
    const d = tempDataDir('territory-bench-worker-');
    dirs.push(d);
    const w = await startWorker({ ...env, LOG_LEVEL: 'info', DATA_DIR: d.dir, POOL_SIZE: '1' });
    workers.push(w);
    stopAll.push(w);
  };
  await addWorker();
  line('postgres+bullmq, 1 worker x 1 thread', await batch(api));
  await addWorker();
  line('postgres+bullmq, 2 workers x 1 thread', await batch(api));
  for (const w of workers) await w.stop();
  await api.stop();
  const embeddedDir = tempDataDir('territory-bench-embedded-');
  dirs.push(embeddedDir);
  const embedded = await startServer({ dataDir: embeddedDir.dir, env: { LOG_LEVEL: 'warn', POOL_SIZE: '2', QUEUE_MAX: '10000' }, readyTimeoutMs: 120_000 });
  stopAll.push(embedded);
  line('embedded (SQLite, in-process), 2 threads', await batch(embedded));
} finally {
  for (const p of stopAll) await p.stop().catch(() => {});
  for (const d of dirs) d.remove();
  await redis.stop();
  await db.drop();
}
