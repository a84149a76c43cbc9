/**
 * HTTP API benchmark: the real service as a child process (POOL_SIZE = cores, LOG_LEVEL=warn, a temp
 * DATA_DIR), loaded with autocannon from this process, one route at a time:
 *
 *   npm run bench:api -- [--duration 10] [--connections 10] [--solve-connections 1] [--json]
 *
 * - GET /health, GET /v1/jobs/:id (a finished job) and POST /v1/solve (20 accounts x 3 reps, on the
 *   dedicated sync thread) with the job pool idle;
 * - GET /health again and POST /v1/jobs (the tiny example) with the job pool busy: one long job per
 *   job thread is running before the run starts and still running after it, so every submission is
 *   queued behind them and the threads compete with the HTTP thread for the cores throughout.
 *
 * POST /v1/solve is measured with --solve-connections (default 1: the latency of one solve at a time
 * on the one sync thread; more connections measure queueing, and beyond the piscina queue, 503s).
 *
 * A run counts only when every response had the expected status (no errors, timeouts or non-2xx);
 * the solve run also checks that the first response's plan passes verify() with the objective it
 * reports. Each route gets a short warm-up run first. The load generator shares the machine with the
 * server, so the figures are for client and server on the same cores.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { parseProblem, verify, type ProblemInput, type TerritoryResult } from '../solver/index.ts';
import { pollUntil, postJson, requestJson, startServer, tempDataDir, type ServerProcess } from '../test/service/support/server-process.ts';
import { generateProblem } from './generate-problem.ts';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    'solve-connections': { type: 'string', default: '1' },
    'warmup-seconds': { type: 'string', default: '2' },
    json: { type: 'boolean', default: false },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);
const solveConnections = Number(args['solve-connections']);
const warmupSeconds = Number(args['warmup-seconds']);
const cores = availableParallelism();

const TARGETS = {
  /** GET /v1/jobs/:id throughput as a share of GET /health's. */
  statusShareOfHealth: 0.5,
  /** POST /v1/jobs per second. */
  submissionsPerSecond: 1000,
  /** POST /v1/solve (20 x 3) median latency, ms. */
  solveP50Ms: 150,
} as const;

interface Route {
  readonly name: string;
  readonly condition: 'pool idle' | 'pool busy';
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  readonly expected: number;
  readonly connections: number;
  /** Checks one response body (the first of the measured run). */
  readonly check?: (body: string) => string | null;
}

interface Row {
  readonly route: string;
  readonly condition: string;
  readonly connections: number;
  readonly requests: number;
  readonly reqPerSec: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly statusCodes: Record<string, number>;
  /** Why the run does not count, or null when it does. */
  readonly invalid: string | null;
}

const tiny = JSON.parse(readFileSync(new URL('../data/tiny.json', import.meta.url), 'utf8')) as ProblemInput;
const small = generateProblem({ accounts: 20, reps: 3, seed: 1 });
/**
 * One long job per job thread keeps the pool busy: mipGap 0 makes the large-model strategy search
 * until its time limit (it cannot prove a 2000 x 40 plan optimal).
 */
const generatedLong = generateProblem({ accounts: 2000, reps: 40, seed: 1 });
const long = { ...generatedLong, options: { ...generatedLong.options, mipGap: 0 } };

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function loads(): string {
  return loadavg().map((l) => l.toFixed(2)).join(', ');
}

/** Plan of a /v1/solve response: optimal, and verify() agrees with its objective. */
function checkSolve(problem: ProblemInput) {
  const parsed = parseProblem(problem);
  if (!parsed.ok) throw new Error('the 20 x 3 problem does not parse');
  return (body: string): string | null => {
    const result = JSON.parse(body) as TerritoryResult;
    // 20 x 3 is proven optimal in well under the sync time limit; anything else is a cut-short solve.
    if (result.solver.status !== 'optimal') return `status ${result.solver.status}${result.solver.message ? ` (${result.solver.message})` : ''}`;
    const check = verify(parsed.problem, result.assignments);
    if (!check.ok) return `verify failed: ${check.violations.slice(0, 3).join('; ')}`;
    const reported = result.solver.objective ?? Number.NaN;
    if (Math.abs(check.objective.total - reported) > 1e-6 * Math.max(1, Math.abs(reported))) {
      return `objective ${reported} recomputed as ${check.objective.total}`;
    }
    return null;
  };
}

async function measure(server: ServerProcess, route: Route, seconds: number): Promise<{ result: Result; firstBody: string | null }> {
  let firstBody: string | null = null;
  const result = await autocannon({
    url: server.url,
    connections: route.connections,
    duration: seconds,
    timeout: 30,
    requests: [{
      method: route.method,
      path: route.path,
      ...(route.body ? { body: route.body, headers: { 'content-type': 'application/json' } } : {}),
      ...(route.check ? { onResponse: (_status: number, body: string) => { firstBody ??= body; } } : {}),
    }],
  });
  return { result, firstBody };
}

async function bench(server: ServerProcess, route: Route): Promise<Row> {
  log(`${route.method} ${route.path} (${route.condition}, ${route.connections} connection(s)): warm-up ${warmupSeconds} s, then ${duration} s`);
  if (warmupSeconds > 0) await measure(server, route, warmupSeconds);
  const { result, firstBody } = await measure(server, route, duration);
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
  const unexpected = Object.keys(statusCodes).filter((code) => Number(code) !== route.expected);
  const problems: string[] = [];
  if (result.errors > 0) problems.push(`${result.errors} errors`);
  if (result.timeouts > 0) problems.push(`${result.timeouts} timeouts`);
  if (result.non2xx > 0) problems.push(`${result.non2xx} non-2xx`);
  if (unexpected.length > 0) problems.push(`status ${unexpected.join(', ')} (expected ${route.expected})`);
  if (result.requests.total === 0) problems.push('no responses');
  if (route.check) {
    let why: string | null;
    try {
      why = firstBody === null ? 'no response body captured' : route.check(firstBody);
    } catch (err) {
      why = (err as Error).message;
    }
    if (why) problems.push(`result check: ${why}`);
  }
  return {
    route: `${route.method} ${route.name}`,
    condition: route.condition,
    connections: route.connections,
    requests: result.requests.total,
    // Responses per second over the run (autocannon's per-second mean).
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    invalid: problems.length > 0 ? problems.join('; ') : null,
  };
}

async function submit(server: ServerProcess, problem: ProblemInput, options?: { timeLimitSeconds: number }): Promise<string> {
  const res = await postJson<{ id: string }>(`${server.url}/v1/jobs`, { problem, ...(options ? { options } : {}) });
  if (res.status !== 202) throw new Error(`POST /v1/jobs answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.id;
}

async function jobStatus(server: ServerProcess, id: string): Promise<string> {
  return (await requestJson<{ status: string }>(`${server.url}/v1/jobs/${id}`)).body.status;
}

const fmt = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The store's group-commit counters from /metrics (null on a build without them). */
async function readGroupCommits(server: ServerProcess): Promise<{ batches: number; writes: number } | null> {
  const text = (await requestJson<string>(`${server.url}/metrics`)).body;
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(String(text))?.[1] ?? NaN);
  const batches = read('territory_store_group_commits_total');
  const writes = read('territory_store_group_commit_writes_total');
  return Number.isFinite(batches) && Number.isFinite(writes) ? { batches, writes } : null;
}

async function main(): Promise<void> {
  const { dir, remove } = tempDataDir('territory-bench-api-');
  const loadBefore = loads();
  log(`load average before: ${loadBefore}`);
  const server = await startServer({
    dataDir: dir,
    env: { POOL_SIZE: String(cores), QUEUE_MAX: '100000000', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000000' },
    readyTimeoutMs: 120_000,
  });
  const rows: Row[] = [];
  let groupCommits: { batches: number; writes: number } | null = null;
  try {
    // A finished job for the status route.
    const finished = await submit(server, tiny);
    await pollUntil(() => jobStatus(server, finished), (s) => s === 'succeeded', { timeoutMs: 60_000, what: 'the tiny job to succeed' });

    const idle: Route[] = [
      { name: '/health', condition: 'pool idle', method: 'GET', path: '/health', expected: 200, connections },
      { name: '/v1/jobs/:id', condition: 'pool idle', method: 'GET', path: `/v1/jobs/${finished}`, expected: 200, connections },
      {
        name: '/v1/solve (20 x 3)', condition: 'pool idle', method: 'POST', path: '/v1/solve',
        body: JSON.stringify({ problem: small }), expected: 200, connections: solveConnections, check: checkSolve(small),
      },
    ];
    for (const route of idle) rows.push(await bench(server, route));

    // Busy pool: one long job per thread, running before the runs start and after they end.
    const longLimit = 2 * (duration + warmupSeconds) + 120;
    const longIds: string[] = [];
    for (let k = 0; k < cores; k++) longIds.push(await submit(server, long, { timeLimitSeconds: longLimit }));
    await pollUntil(async () => Promise.all(longIds.map((id) => jobStatus(server, id))), (ss) => ss.every((s) => s === 'running'), {
      timeoutMs: 60_000,
      what: 'the long jobs to run',
    });
    const busy: Route[] = [
      { name: '/health', condition: 'pool busy', method: 'GET', path: '/health', expected: 200, connections },
      { name: '/v1/jobs (tiny)', condition: 'pool busy', method: 'POST', path: '/v1/jobs', body: JSON.stringify({ problem: tiny }), expected: 202, connections },
    ];
    for (const route of busy) {
      const row = await bench(server, route);
      const after = await Promise.all(longIds.map((id) => jobStatus(server, id)));
      const stillBusy = after.every((s) => s === 'running');
      rows.push(stillBusy || row.invalid ? row : { ...row, invalid: `the pool was not busy throughout (long jobs: ${after.join(', ')})` });
    }
    groupCommits = await readGroupCommits(server);
  } finally {
    // Thousands of queued jobs: no graceful shutdown needed for a throw-away store.
    await server.stop();
    remove();
  }
  const loadAfter = loads();
  log(`load average after: ${loadAfter}`);
  report(rows, loadBefore, loadAfter);
  if (groupCommits && !args.json) console.log(`Submissions stored: ${fmt(groupCommits.writes)} in ${fmt(groupCommits.batches)} group commits (${fmt(groupCommits.writes / Math.max(1, groupCommits.batches), 1)} a commit, each one fsync).`);
  if (rows.some((r) => r.invalid)) process.exitCode = 1;
}

function report(rows: readonly Row[], loadBefore: string, loadAfter: string): void {
  if (args.json) {
    console.log(JSON.stringify({ rows, loadBefore, loadAfter, duration, connections, solveConnections, cores }, null, 2));
    return;
  }
  const health = (condition: string) => rows.find((r) => r.route === 'GET /health' && r.condition === condition);
  console.log(`| route | pool | connections | req/s | p50 ms | p99 ms | errors | non-2xx | vs /health (same pool state) | valid |`);
  console.log(`|---|---|---|---|---|---|---|---|---|---|`);
  for (const r of rows) {
    const base = health(r.condition);
    const ratio = base && base.reqPerSec > 0 ? `${fmt((100 * r.reqPerSec) / base.reqPerSec)}%` : '-';
    console.log(`| ${r.route} | ${r.condition.replace('pool ', '')} | ${r.connections} | ${fmt(r.reqPerSec)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.errors + r.timeouts} | ${r.non2xx} | ${ratio} | ${r.invalid ? `no: ${r.invalid}` : 'yes'} |`);
  }
  console.log('');
  const idleHealth = health('pool idle');
  const status = rows.find((r) => r.route === 'GET /v1/jobs/:id');
  const submitRow = rows.find((r) => r.route.startsWith('POST /v1/jobs'));
  const solve = rows.find((r) => r.route.startsWith('POST /v1/solve'));
  const verdict = (row: Row | undefined, met: (r: Row) => boolean) => (!row || row.invalid ? 'not measured (invalid run)' : met(row) ? 'met' : 'NOT met');
  console.log(`Targets:`);
  console.log(`- job status >= ${TARGETS.statusShareOfHealth * 100}% of /health's throughput: ${status && idleHealth ? `${fmt((100 * status.reqPerSec) / idleHealth.reqPerSec)}%` : '-'} -> ${verdict(status, (r) => !!idleHealth && r.reqPerSec >= TARGETS.statusShareOfHealth * idleHealth.reqPerSec)}`);
  console.log(`- job submission >= ${fmt(TARGETS.submissionsPerSecond)}/s: ${submitRow ? fmt(submitRow.reqPerSec) : '-'}/s (pool busy) -> ${verdict(submitRow, (r) => r.reqPerSec >= TARGETS.submissionsPerSecond)}`);
  console.log(`- synchronous 20 x 3 solve p50 <= ${TARGETS.solveP50Ms} ms: ${solve ? fmt(solve.p50) : '-'} ms -> ${verdict(solve, (r) => r.p50 <= TARGETS.solveP50Ms)}`);
  console.log('');
  console.log(`${duration} s per route after a ${warmupSeconds} s warm-up, ${connections} connections (solve: ${solveConnections}); POOL_SIZE=${cores}, SYNC_POOL_SIZE=1; ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average (1, 5, 15 min) ${loadBefore} before, ${loadAfter} after.`);
}

await main();
