/**
 * Large request bodies against the event loop: the real service as a child process (POOL_SIZE 1,
 * LOG_LEVEL=warn, a temp DATA_DIR) gets `--concurrent` submissions of a generated problem at once on
 * POST /v1/jobs. The generator's 50,000 accounts are only some 5.5 MB of JSON (and it takes minutes
 * past a few 100,000), so its accounts are repeated `--copies` times under new ids (9: 450,000
 * accounts, about 50 MB), while this process sends
 * GET /health every `--interval-ms` from a thread of its own (not waiting for the previous answer,
 * so a stalled event loop shows in every probe it delays). Reported: /health latency p50/p99/max
 * while the submissions are in flight (first byte sent to last answer), the server's own event-loop
 * delay over the same time (p99 and max, from its /metrics), the time to the last answer, and the
 * server's RSS (before, peak).
 *
 *   npm run bench:big-bodies -- [--accounts 50000] [--copies 9] [--reps 500] [--concurrent 4] [--interval-ms 10]
 *                               [--offthread-bytes N] [--refuse] [--json]
 *
 * --server-node-options="--cpu-prof --cpu-prof-dir=var/prof" passes node flags to the server (a
 * profiler, GC tracing).
 * --tenant-cap sets TENANT_INFLIGHT_BODY_BYTES (default: room for all the submissions at once).
 * --offthread-bytes sets OFFTHREAD_BODY_BYTES (a huge value disables the parse thread: the code as
 * it was before it). --refuse sets MAX_MODEL_PAIRS=1, so every submission is parsed, validated and
 * admitted up to its model size and refused with 413: the request path alone, without the store
 * write and without the runner picking the job up. Without it the jobs are accepted (time limit 1 s,
 * MAX_TIME_LIMIT_SECONDS) and cancelled once all have answered. Client and server share the machine.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { startServer, tempDataDir } from '../test/service/support/server-process.ts';
import { generateProblem } from './generate-problem.ts';

const { values: args } = parseArgs({
  options: {
    accounts: { type: 'string', default: '50000' },
    copies: { type: 'string', default: '9' },
    reps: { type: 'string', default: '500' },
    concurrent: { type: 'string', default: '4' },
    'interval-ms': { type: 'string', default: '10' },
    'offthread-bytes': { type: 'string' },
    'tenant-cap': { type: 'string' },
    refuse: { type: 'boolean', default: false },
    'server-node-options': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

function rssOf(pid: number): number {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const accounts = Number(args.accounts);
  const concurrent = Number(args.concurrent);
  const intervalMs = Number(args['interval-ms']);
  const generated = generateProblem({ accounts, reps: Number(args.reps), seed: 1 });
  const copies = Number(args.copies);
  const problem = { ...generated, accounts: Array.from({ length: copies }, (_, k) => generated.accounts.map((a) => (k === 0 ? a : { ...a, id: `${a.id}~${k}` }))).flat() };
  const body = Buffer.from(JSON.stringify({ problem, options: { timeLimitSeconds: 1 } }));
  const data = tempDataDir('territory-big-bodies-');
  const env: Record<string, string> = { POOL_SIZE: '1', MAX_TIME_LIMIT_SECONDS: '1', RATE_LIMIT_PER_MINUTE: '1000000' };
  if (args['offthread-bytes'] !== undefined) env.OFFTHREAD_BODY_BYTES = args['offthread-bytes'];
  // By default room for all of them at once (the default cap, twice BODY_LIMIT_BYTES, takes two).
  env.TENANT_INFLIGHT_BODY_BYTES = args['tenant-cap'] ?? String(Math.max(2 * 64 * 2 ** 20, concurrent * body.length));
  if (args.refuse) env.MAX_MODEL_PAIRS = '1';
  // E.g. "--cpu-prof --cpu-prof-dir=var/prof" to see what holds the server's event loop.
  const nodeArgs = args['server-node-options']?.split(/\s+/).filter((a) => a !== '') ?? [];
  const server = await startServer({ dataDir: data.dir, env, readyTimeoutMs: 180_000, nodeArgs });
  try {
    // A few probes first, so the connection pool and both sides are warm.
    for (let i = 0; i < 20; i++) await fetch(`${server.url}/health`).then((r) => r.arrayBuffer());
    const rssBefore = rssOf(server.pid);
    let rssPeak = rssBefore;
    const rssTimer = setInterval(() => {
      rssPeak = Math.max(rssPeak, rssOf(server.pid));
    }, 50);
    // The probes run on a thread of their own: this thread's event loop is busy sending 200 MB, and
    // its stalls must not count as the server's.
    const prober = startProber(`${server.url}/health`, intervalMs);
    // Reading /metrics resets the server's event-loop delay histogram (prom-client): what the second
    // read shows is the delay while the submissions were in flight, measured inside the server.
    await fetch(`${server.url}/metrics`).then((r) => r.arrayBuffer());
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: concurrent }, async () => {
      const res = await fetch(`${server.url}/v1/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return { status: res.status, body: (await res.json()) as { id?: string; code?: string } };
    }));
    const elapsed = performance.now() - started;
    const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
    const latencies = await prober.stop();
    clearInterval(rssTimer);
    rssPeak = Math.max(rssPeak, rssOf(server.pid));
    for (const a of answers) if (a.body.id) await fetch(`${server.url}/v1/jobs/${a.body.id}`, { method: 'DELETE' }).then((r) => r.arrayBuffer());
    const sorted = [...latencies].sort((a, b) => a - b);
    const report = {
      command: `npm run bench:big-bodies -- ${process.argv.slice(2).join(' ')}`.trim(),
      machine: { nproc: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', load: loadavg().map((l) => Math.round(l * 100) / 100) },
      bodyBytes: body.length,
      accounts: problem.accounts.length,
      concurrent,
      offthreadBodyBytes: env.OFFTHREAD_BODY_BYTES ?? 'default (1 MiB)',
      statuses: answers.map((a) => `${a.status}${a.body.code ? ` ${a.body.code}` : ''}`),
      allAnsweredMs: Math.round(elapsed),
      health: { probes: sorted.length, p50Ms: round(percentile(sorted, 50)), p99Ms: round(percentile(sorted, 99)), maxMs: round(sorted[sorted.length - 1] ?? Number.NaN) },
      serverEventLoopDelay: { p99Ms: metricMs(metrics, 'territory_process_nodejs_eventloop_lag_p99_seconds'), maxMs: metricMs(metrics, 'territory_process_nodejs_eventloop_lag_max_seconds') },
      rssMiB: { before: mib(rssBefore), peak: mib(rssPeak) },
    };
    if (args.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    // A profiled server must exit on its own to write its profile; otherwise no need to wait.
    if (nodeArgs.length > 0) {
      server.signal('SIGTERM');
      await Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
    }
    await server.stop();
    data.remove();
  }
}

const round = (x: number) => Math.round(x * 10) / 10;
const metricMs = (text: string, name: string) => round(1000 * Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN));

/**
 * GET `url` every `intervalMs` from a worker thread (not waiting for the previous answer, so a
 * stalled server shows in every probe it delays); `stop` ends it and gives the latencies in ms.
 */
function startProber(url: string, intervalMs: number): { stop: () => Promise<number[]> } {
  const worker = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    const latencies = [];
    const pending = new Set();
    let on = true;
    const timer = setInterval(() => {
      const sent = performance.now();
      const p = fetch(workerData.url).then(async (r) => { await r.arrayBuffer(); if (on) latencies.push(performance.now() - sent); });
      pending.add(p);
      p.finally(() => pending.delete(p));
    }, workerData.intervalMs);
    parentPort.on('message', async () => {
      on = false;
      clearInterval(timer);
      await Promise.allSettled([...pending]);
      parentPort.postMessage(latencies);
    });
  `, { eval: true, workerData: { url, intervalMs } });
  return {
    stop: () => new Promise<number[]>((resolve, reject) => {
      worker.once('message', (latencies: number[]) => {
        void worker.terminate();
        resolve(latencies);
      });
      worker.once('error', reject);
      worker.postMessage('stop');
    }),
  };
}
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

await main();
