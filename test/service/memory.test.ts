/**
 * The memory budget on the real process: a job that drives the service's RSS above
 * MAX_JOB_RSS_BYTES is stopped (its thread terminated) and fails alone with TD_ERR_JOB_MEMORY; the
 * service keeps answering and the next job succeeds on a fresh thread.
 *
 * The budget is set 200 MiB above the RSS of the same service idle (measured on a first start, as
 * /metrics reports it), and the job compiles a 6 M-pair model, which alone holds some 400 MB, so the
 * mechanism shows without gigabytes. Whether the budget is passed depends on sizes, not on speed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { readFixture, type JobView } from './support/app.ts';
import { pollUntil, postJson, requestJson, startServer, tempDataDir, type ServerProcess } from './support/server-process.ts';
import { wideProblem } from './support/wide-problem.ts';

const MIB = 2 ** 20;

async function residentBytes(server: ServerProcess): Promise<number> {
  const res = await requestJson<string>(`${server.url}/metrics`);
  const match = /^territory_process_process_resident_memory_bytes (\d+)/m.exec(res.body);
  if (!match) throw new Error('no territory_process_process_resident_memory_bytes in /metrics');
  return Number(match[1]);
}

describe('memory budget per job', () => {
  const { dir, remove } = tempDataDir('territory-memory-');
  const servers: ServerProcess[] = [];

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    remove();
  });

  it('stops the job that passes MAX_JOB_RSS_BYTES, fails it with TD_ERR_JOB_MEMORY, and keeps serving', async () => {
    const probe = await startServer({ dataDir: dir, env: { POOL_SIZE: '1' }, readyTimeoutMs: 90_000 });
    servers.push(probe);
    const idle = await residentBytes(probe);
    await probe.stop();

    const budget = idle + 200 * MIB;
    const server = await startServer({ dataDir: dir, env: { POOL_SIZE: '1', MAX_JOB_RSS_BYTES: String(budget) }, readyTimeoutMs: 90_000 });
    servers.push(server);
    const big = await postJson<JobView>(`${server.url}/v1/jobs`, { problem: wideProblem(2000, 3000, 300) });
    expect(big.status).toBe(202);
    const next = await postJson<JobView>(`${server.url}/v1/jobs`, { problem: readFixture('tiny.json') });
    expect(next.status).toBe(202);

    const failed = await pollUntil(async () => (await requestJson<JobView>(`${server.url}/v1/jobs/${big.body.id}`)).body, (j) => j.status !== 'queued' && j.status !== 'running', {
      timeoutMs: 120_000,
      what: 'the large job to end',
    });
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('TD_ERR_JOB_MEMORY');
    expect(failed.error?.message).toContain(`above the limit of ${Math.round(budget / MIB)} MiB (MAX_JOB_RSS_BYTES)`);
    expect(failed.error?.message).toContain('6000000 pairs');

    const health = await requestJson<{ status: string }>(`${server.url}/health`);
    expect(health).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ended = await pollUntil(async () => (await requestJson<JobView>(`${server.url}/v1/jobs/${next.body.id}`)).body, (j) => j.status !== 'queued' && j.status !== 'running', {
      timeoutMs: 60_000,
      what: 'the next job to end',
    });
    expect(ended.status, JSON.stringify(ended.error)).toBe('succeeded');
    // The thread's memory went with it.
    expect(await residentBytes(server)).toBeLessThan(budget);
    await server.stop();
  }, 240_000);
});
