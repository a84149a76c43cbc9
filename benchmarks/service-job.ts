/**
 * A large solve as a service job, end to end: the real server as a child process (one job thread),
 * a generated problem submitted to POST /v1/jobs, its progress polled from GET /v1/jobs/:id, an
 * optional cancel, then the result fetched and re-checked by verify(). Reports the job's status,
 * the progress snapshots seen, the plan's objective, bound and gap, and the server's peak RSS
 * (VmHWM: the solve thread lives in the server process).
 *
 *   npm run bench:service-job -- [--accounts 50000] [--reps 500] [--seed 1] [--time-limit 600]
 *                                [--cancel-after <s>] [--json]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseProblem, verify, type TerritoryResult } from '../solver/index.ts';
import { postJson, requestJson, sleep, startServer, tempDataDir } from '../test/service/support/server-process.ts';
import { generateProblem } from './generate-problem.ts';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '50000' },
    reps: { type: 'string', default: '500' },
    seed: { type: 'string', default: '1' },
    'time-limit': { type: 'string', default: '600' },
    'cancel-after': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const accounts = Number(values.accounts);
const reps = Number(values.reps);
const seed = Number(values.seed);
const timeLimitSeconds = Number(values['time-limit']);
const cancelAfter = values['cancel-after'] === undefined ? null : Number(values['cancel-after']);

interface JobView {
  readonly id: string;
  readonly status: string;
  readonly progress: { phase: string; percent: number; incumbent: number | null; bound: number | null; gap: number | null };
}

/** Peak resident set of a process in MB, from /proc (Linux). */
function peakRssMb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

const input = generateProblem({ accounts, reps, seed });
const parsed = parseProblem(input);
if (!parsed.ok) throw new Error('generated problem is invalid');
const data = tempDataDir('territory-bench-');
const server = await startServer({ dataDir: data.dir, env: { POOL_SIZE: '1', LOG_LEVEL: 'warn' }, readyTimeoutMs: 60_000 });
try {
  const submitted = await postJson<JobView>(`${server.url}/v1/jobs`, { problem: input, options: { timeLimitSeconds } });
  if (submitted.status !== 202) throw new Error(`submission answered ${submitted.status}: ${JSON.stringify(submitted.body)}`);
  const id = submitted.body.id;
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  const snapshots: Array<{ seconds: number; phase: string; gap: number | null }> = [];
  let cancelled = false;
  let job = submitted.body;
  let peak = 0;
  while (!['succeeded', 'failed', 'cancelled'].includes(job.status)) {
    await sleep(2_000);
    job = (await requestJson<JobView>(`${server.url}/v1/jobs/${id}`)).body;
    peak = Math.max(peak, peakRssMb(server.pid) ?? 0);
    const p = job.progress;
    const last = snapshots.at(-1);
    if (!last || last.phase !== p.phase || last.gap !== p.gap) {
      snapshots.push({ seconds: seconds(), phase: p.phase, gap: p.gap });
      process.stderr.write(`${seconds().toFixed(0)} s: ${job.status} ${p.phase} incumbent ${p.incumbent ?? '-'} bound ${p.bound ?? '-'} gap ${p.gap === null ? '-' : `${(p.gap * 100).toFixed(2)}%`}\n`);
    }
    if (cancelAfter !== null && !cancelled && seconds() >= cancelAfter) {
      cancelled = true;
      const del = await requestJson(`${server.url}/v1/jobs/${id}`, { method: 'DELETE' });
      process.stderr.write(`${seconds().toFixed(0)} s: DELETE answered ${del.status}\n`);
    }
  }
  const ended = seconds();
  const resultRes = await requestJson<TerritoryResult>(`${server.url}/v1/jobs/${id}/result`, { signal: AbortSignal.timeout(120_000) });
  const result = resultRes.status === 200 ? resultRes.body : null;
  const check = result && result.assignments.length > 0 ? verify(parsed.problem, result.assignments) : null;
  const line = {
    accounts,
    reps,
    seed,
    timeLimitSeconds,
    cancelAfter,
    status: job.status,
    seconds: ended,
    progressSnapshots: snapshots.length,
    solverStatus: result?.solver.status ?? null,
    strategy: result?.solver.strategy ?? null,
    objective: result?.solver.objective ?? null,
    bound: result?.solver.bound ?? null,
    gap: result?.solver.gap ?? null,
    verified: check?.ok ?? false,
    serverPeakRssMb: Math.max(peak, peakRssMb(server.pid) ?? 0),
  };
  if (values.json) console.log(JSON.stringify(line));
  else {
    const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(2)}%`);
    console.log('| size | time limit | cancel after | job status | seconds | progress snapshots | plan | gap | verified | server peak RSS MB |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    console.log(`| ${accounts} x ${reps} | ${timeLimitSeconds} s | ${cancelAfter ?? '-'} | ${line.status} | ${ended.toFixed(0)} | ${snapshots.length} | ${line.solverStatus ?? 'none'} | ${pct(line.gap)} | ${line.verified ? 'yes' : 'no'} | ${line.serverPeakRssMb} |`);
  }
} finally {
  await server.stop();
  data.remove();
}
