/**
 * One large job through `serve` + `worker` (PostgreSQL + BullMQ, the API with WORKERS=0 and one
 * worker of one solve thread) beside the same job through the embedded default (SQLite, the
 * in-process queue, one solve thread), issue 13: the time from the submission to the first plan
 * (the first progress with an incumbent) and to the gap target (the first progress at or below
 * `--gap`, or the job's end when it ends above it), as each API server reports them on
 * GET /v1/jobs/:id polled every 100 ms. Every result is re-checked by verify(). One JSON line per
 * configuration.
 *
 *   node --import tsx benchmarks/distributed-job.ts [--accounts 10000] [--reps 100] [--seed 1] [--time-limit 120] [--gap 0.005]
 *
 * Uses the machine's PostgreSQL (a database of its own, dropped after) and a redis-server child on a
 * free port. The configurations run one after the other, so they do not share the cores.
 */
import { parseArgs } from 'node:util';
import { parseProblem, verify, type TerritoryResult } from '../solver/index.ts';
import { createTestDatabase } from '../test/service/support/pg.ts';
import { startRedis } from '../test/service/support/redis.ts';
import { postJson, requestJson, sleep, startServer, tempDataDir, type ServerProcess } from '../test/service/support/server-process.ts';
import { startWorker } from '../test/service/support/worker-process.ts';
import { generateProblem } from './generate-problem.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '10000' },
    reps: { type: 'string', default: '100' },
    seed: { type: 'string', default: '1' },
    'time-limit': { type: 'string', default: '120' },
    /** Run the embedded default first (to see whether the order, and the load drifting, matters). */
    'embedded-first': { type: 'boolean', default: false },
    gap: { type: 'string', default: '0.005' },
  },
});
const gapTarget = Number(values.gap);
const problem = { ...generateProblem({ accounts: Number(values.accounts), reps: Number(values.reps), seed: Number(values.seed) }), options: { timeLimitSeconds: Number(values['time-limit']) } };

interface JobView {
  readonly status: string;
  readonly progress: { readonly incumbent: number | null; readonly gap: number | null };
}

interface Timing {
  readonly firstPlanSeconds: number | null;
  readonly gapTargetSeconds: number | null;
  readonly endSeconds: number;
  readonly status: string;
  readonly objective: number | null;
  readonly gap: number | null;
  readonly verified: boolean;
}

async function timeJob(api: ServerProcess): Promise<Timing> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const res = await postJson<{ id: string }>(`${api.url}/v1/jobs`, { problem });
  if (res.status !== 202) throw new Error(`submission refused: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  let firstPlan: number | null = null;
  let atGap: number | null = null;
  let view: JobView;
  for (;;) {
    view = (await requestJson<JobView>(`${api.url}/v1/jobs/${res.body.id}`)).body;
    if (firstPlan === null && view.progress.incumbent !== null) firstPlan = seconds();
    if (atGap === null && view.progress.gap !== null && view.progress.gap <= gapTarget) atGap = seconds();
    if (['succeeded', 'failed', 'cancelled'].includes(view.status)) break;
    await sleep(100);
  }
  const endSeconds = seconds();
  if (view.status !== 'succeeded') return { firstPlanSeconds: firstPlan, gapTargetSeconds: atGap, endSeconds, status: view.status, objective: null, gap: null, verified: false };
  const result = (await requestJson<TerritoryResult>(`${api.url}/v1/jobs/${res.body.id}/result`)).body;
  const parsed = parseProblem(problem);
  // A job that ends within the target between two polls reached it at its end.
  if (atGap === null && result.solver.gap !== null && result.solver.gap <= gapTarget) atGap = endSeconds;
  firstPlan ??= result.assignments.length > 0 ? endSeconds : null;
  return {
    firstPlanSeconds: firstPlan, gapTargetSeconds: atGap, endSeconds, status: result.solver.status, objective: result.solver.objective, gap: result.solver.gap,
    verified: parsed.ok && result.assignments.length > 0 && verify(parsed.problem, result.assignments).ok,
  };
}

const line = (config: string, t: Timing) => process.stdout.write(`${JSON.stringify({ config, accounts: problem.accounts.length, reps: problem.reps.length, gapTarget, ...t })}\n`);

const db = await createTestDatabase();
const redis = await startRedis();
const dirs: Array<{ remove: () => void }> = [];
const running: Array<{ stop: () => Promise<unknown> }> = [];
try {
  const env = { DATABASE_URL: db.url, REDIS_URL: redis.url, LOG_LEVEL: 'warn' };
  const distributed = async () => {
    const apiDir = tempDataDir('territory-bench-api-');
    const workerDir = tempDataDir('territory-bench-worker-');
    dirs.push(apiDir, workerDir);
    const api = await startServer({ dataDir: apiDir.dir, env: { ...env, WORKERS: '0' }, readyTimeoutMs: 120_000 });
    running.push(api);
    // The worker says it is ready at level info.
    const worker = await startWorker({ ...env, LOG_LEVEL: 'info', DATA_DIR: workerDir.dir, POOL_SIZE: '1' });
    running.push(worker);
    line('serve + worker (postgres+bullmq), 1 thread', await timeJob(api));
    await worker.stop();
    await api.stop();
  };
  const embedded = async () => {
    const embeddedDir = tempDataDir('territory-bench-embedded-');
    dirs.push(embeddedDir);
    const server = await startServer({ dataDir: embeddedDir.dir, env: { LOG_LEVEL: 'warn', POOL_SIZE: '1' }, readyTimeoutMs: 120_000 });
    running.push(server);
    line('embedded (SQLite, in-process), 1 thread', await timeJob(server));
    await server.stop();
  };
  for (const run of values['embedded-first'] ? [embedded, distributed] : [distributed, embedded]) await run();
} finally {
  for (const p of running) await p.stop().catch(() => {});
  for (const d of dirs) d.remove();
  await redis.stop();
  await db.drop();
}
