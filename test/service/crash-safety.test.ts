/**
 * Crash safety on the real process (`kill -9`, restart on the same DATA_DIR):
 *
 * - a job the process keeps dying during is run at most MAX_ATTEMPTS times, then fails with
 *   TD_ERR_WORKER_FAILED and "the service restarted during this job N times"; the job queued behind
 *   it runs and succeeds (no crash loop);
 * - a job whose cancel was acknowledged (202) but had not landed when the process died ends
 *   `cancelled` at the restart, without a result, its webhook is posted once, and a second DELETE is
 *   409 and posts nothing.
 *
 * The cancel test kills the process while the job is compiling a 6 M-pair model: compiling takes
 * seconds and does not look at the stop flag, so the kill (a few milliseconds after the 202) finds
 * the cancel pending. The test checks that in the stored row before it restarts.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateProblem } from '../../benchmarks/generate-problem.ts';
import type { ProblemInput } from '../../solver/index.ts';
import { readFixture, type JobView, type ProblemBody } from './support/app.ts';
import { startHookReceiver } from './support/net.ts';
import { describeExit, pollUntil, postJson, requestJson, sleep, startServer, tempDataDir, type ServerProcess } from './support/server-process.ts';
import { wideProblem } from './support/wide-problem.ts';

/** Searches until its time limit (mipGap 0: a 2000 x 40 plan cannot be proven optimal), so it is running when killed. */
const generatedLong = generateProblem({ accounts: 2000, reps: 40, seed: 1 });
const LONG: ProblemInput = { ...generatedLong, options: { ...generatedLong.options, timeLimitSeconds: 600, mipGap: 0 } };
const TINY = readFixture('tiny.json');

function storedRow(dataDir: string, id: string): { status: string; cancel_requested: number; crashes: number; attempts: number } | undefined {
  const db = new Database(join(dataDir, 'jobs.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare<[string], { status: string; cancel_requested: number; crashes: number; attempts: number }>('SELECT status, cancel_requested, crashes, attempts FROM jobs WHERE id = ?').get(id);
  } finally {
    db.close();
  }
}

describe('crash safety', () => {
  const dirs: Array<() => void> = [];
  const servers: ServerProcess[] = [];

  async function start(dataDir: string, env: Record<string, string>): Promise<ServerProcess> {
    const server = await startServer({ dataDir, env, readyTimeoutMs: 90_000 });
    servers.push(server);
    return server;
  }

  function dataDir(): string {
    const { dir, remove } = tempDataDir('territory-crash-');
    dirs.push(remove);
    return dir;
  }

  async function job(server: ServerProcess, id: string): Promise<JobView> {
    const res = await requestJson<JobView>(`${server.url}/v1/jobs/${id}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  }

  async function submit(server: ServerProcess, body: unknown): Promise<string> {
    const res = await postJson<JobView>(`${server.url}/v1/jobs`, body);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(202);
    return res.body.id;
  }

  async function kill(server: ServerProcess): Promise<void> {
    server.signal('SIGKILL');
    const exit = await server.exited;
    expect(exit.signal, describeExit(exit)).toBe('SIGKILL');
  }

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    for (const remove of dirs) remove();
  });

  it.concurrent('a job the process dies during MAX_ATTEMPTS times fails with the count, and the job behind it succeeds', async () => {
    const dir = dataDir();
    const env = { POOL_SIZE: '1', MAX_ATTEMPTS: '2' };
    const first = await start(dir, env);
    const looping = await submit(first, { problem: LONG });
    const behind = await submit(first, { problem: TINY });
    await pollUntil(() => job(first, looping), (j) => j.status === 'running', { timeoutMs: 60_000, what: 'the job to run' });
    await kill(first);

    // Restart 1: the job runs again (one crash counted), the tiny one still waits behind it.
    const second = await start(dir, env);
    const rerun = await pollUntil(() => job(second, looping), (j) => j.status === 'running' && j.attempts === 2, { timeoutMs: 60_000, what: 'the job to run a second time' });
    expect(rerun.error).toBeUndefined();
    expect((await job(second, behind)).status).toBe('queued');
    await kill(second);
    expect(storedRow(dir, looping)).toMatchObject({ status: 'running', crashes: 1, attempts: 2 });

    // Restart 2: the process died during both runs: the job fails instead of running a third time.
    const third = await start(dir, env);
    const failed = await job(third, looping);
    expect(failed.status).toBe('failed');
    expect(failed.attempts).toBe(2);
    expect(failed.error?.code).toBe('TD_ERR_WORKER_FAILED');
    expect(failed.error?.message).toContain('the service restarted during this job 2 times');
    const next = await pollUntil(() => job(third, behind), (j) => j.status !== 'queued' && j.status !== 'running', { timeoutMs: 60_000, what: 'the job behind to end' });
    expect(next.status).toBe('succeeded');
    expect(next.attempts).toBe(1);
    await third.stop();
  }, 240_000);

  it.concurrent('a cancel acknowledged before kill -9 ends the job cancelled after the restart, with one webhook; a second DELETE is 409', async () => {
    const hooks = await startHookReceiver();
    try {
      const dir = dataDir();
      // The receiver listens on loopback, which webhooks may reach only when allowed.
      const allow = { POOL_SIZE: '1', WEBHOOK_ALLOW_HOSTS: new URL(hooks.url).host };
      const first = await start(dir, allow);
      const id = await submit(first, { problem: wideProblem(2000, 3000, 600), webhookUrl: hooks.url });
      await pollUntil(() => job(first, id), (j) => j.status === 'running' && j.progress.phase === 'compile', { timeoutMs: 60_000, intervalMs: 20, what: 'the job to compile' });
      const cancel = await requestJson<JobView>(`${first.url}/v1/jobs/${id}`, { method: 'DELETE' });
      expect(cancel.status).toBe(202);
      await kill(first);
      // The state this test is about: cancel asked and acknowledged, the job still running.
      expect(storedRow(dir, id), 'the cancel landed before the kill').toMatchObject({ status: 'running', cancel_requested: 1 });
      expect(hooks.received).toHaveLength(0);

      const second = await start(dir, allow);
      const ended = await job(second, id);
      expect(ended.status).toBe('cancelled');
      expect(ended.progress.phase).toBe('cancelled');
      expect(ended.attempts).toBe(1);
      // Nothing of the plan is stored while a solve runs, so there is no result to keep.
      const result = await requestJson<ProblemBody>(`${second.url}/v1/jobs/${id}/result`);
      expect(result.status).toBe(409);
      expect(result.body.code).toBe('TD_ERR_JOB_FAILED');
      const hook = JSON.parse((await hooks.waitFor(id)).body) as { status: string; plan: boolean; error: unknown };
      expect(hook).toMatchObject({ status: 'cancelled', plan: false, error: null });

      const again = await requestJson<ProblemBody>(`${second.url}/v1/jobs/${id}`, { method: 'DELETE' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('TD_ERR_JOB_ALREADY_FINISHED');
      // The queue is free: the next job runs.
      const next = await submit(second, { problem: TINY });
      await pollUntil(() => job(second, next), (j) => j.status === 'succeeded', { timeoutMs: 60_000, what: 'the next job to succeed' });
      await sleep(300);
      expect(hooks.received.filter((h) => (JSON.parse(h.body) as { id: string }).id === id), 'one webhook for the cancelled job').toHaveLength(1);
      await second.stop();
    } finally {
      await hooks.close();
    }
  }, 240_000);
});
