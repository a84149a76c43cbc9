/**
 * Submissions per second against two API processes on one PostgreSQL store (issue 13): two
 * `territory serve` processes (DATABASE_URL, WORKERS=0 so that they only accept, QUEUE_MAX high so
 * that nothing is refused for a full queue), loaded at once with autocannon from this process, one
 * instance per server: POST /v1/jobs with the tiny example, then GET /health on both for comparison.
 * Every job acknowledged must be in the store: the run counts the rows afterwards.
 *
 *   node --import tsx benchmarks/pg-submissions.ts [--duration 10] [--connections 10]
 *
 * Uses the machine's PostgreSQL (a database of its own, dropped after). Client and servers share the
 * machine's cores, so the figures are for all of them on the same two cores.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import { createTestDatabase } from '../test/service/support/pg.ts';
import { startServer, tempDataDir, type ServerProcess } from '../test/service/support/server-process.ts';

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' } } });
const duration = Number(values.duration);
const connections = Number(values.connections);
const tiny = readFileSync(new URL('../data/tiny.json', import.meta.url), 'utf8');

/** One autocannon run per server, at once; the sum of their rates and of their failures. */
async function both(servers: readonly ServerProcess[], request: { method: 'GET' | 'POST'; path: string; body?: string }): Promise<{ perSecond: number; non2xx: number; errors: number; p99: number }> {
  const runs = await Promise.all(servers.map((s) => autocannon({
    url: `${s.url}${request.path}`,
    method: request.method,
    connections: Math.max(1, Math.round(connections / servers.length)),
    duration,
    headers: { 'content-type': 'application/json' },
    ...(request.body ? { body: request.body } : {}),
  }) as Promise<Result>));
  return {
    perSecond: runs.reduce((sum, r) => sum + r.requests.average, 0),
    non2xx: runs.reduce((sum, r) => sum + r.non2xx, 0),
    errors: runs.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
    p99: Math.max(...runs.map((r) => r.latency.p99)),
  };
}

const db = await createTestDatabase();
const dirs = [tempDataDir('territory-pgsub-a-'), tempDataDir('territory-pgsub-b-')];
const servers: ServerProcess[] = [];
try {
  for (const d of dirs) {
    servers.push(await startServer({ dataDir: d.dir, env: { DATABASE_URL: db.url, WORKERS: '0', QUEUE_MAX: '10000000', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000000' }, readyTimeoutMs: 120_000 }));
  }
  process.stdout.write(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${duration} s per run, ${connections} connections over 2 servers\n`);
  // Warm-up: the JIT, the pools' connections.
  await both(servers, { method: 'POST', path: '/v1/jobs', body: JSON.stringify({ problem: JSON.parse(tiny) }) });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const before = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM jobs')).rows[0]!.n);
  const submissions = await both(servers, { method: 'POST', path: '/v1/jobs', body: JSON.stringify({ problem: JSON.parse(tiny) }) });
  const after = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM jobs')).rows[0]!.n);
  await client.end();
  const health = await both(servers, { method: 'GET', path: '/health' });
  const line = (what: string, r: Awaited<ReturnType<typeof both>>) => `| ${what} | ${Math.round(r.perSecond).toLocaleString('en-US')} | ${r.p99} | ${r.non2xx} | ${r.errors} |`;
  process.stdout.write(['', '| route (both servers at once) | requests/s | p99 ms | non-2xx | errors |', '|---|---:|---:|---:|---:|', line('POST /v1/jobs (tiny)', submissions), line('GET /health', health), ''].join('\n'));
  process.stdout.write(`\njobs stored during the run: ${after - before} (${Math.round((after - before) / duration).toLocaleString('en-US')}/s); load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
} finally {
  for (const s of servers) await s.stop();
  for (const d of dirs) d.remove();
  await db.drop();
}
