/**
 * A graceful shutdown must not put a job back in the queue when its cancel is pending: the job was
 * cancelled (DELETE answered 202) and must end `cancelled`, not run again after the restart.
 *
 * The job is cancelled while it compiles a 6 M-pair model (seconds, without a look at the stop
 * flag), and the app is closed with a 0.2 s grace, so the shutdown, not the cancel, stops its thread.
 */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SqliteJobStore } from '../../src/jobs/sqlite-store.ts';
import { buildTestApp, getJob, ON_POSTGRES, pollUntil, submitOk } from './support/app.ts';
import { wideProblem } from './support/wide-problem.ts';

// SQLite only: the file is read back after the app has closed.
describe.skipIf(ON_POSTGRES)('shutdown with a cancel pending', () => {
  it('ends the job cancelled instead of requeueing it', async () => {
    const t = await buildTestApp({ POOL_SIZE: '1', SHUTDOWN_GRACE_SECONDS: '0.2' });
    try {
      const job = await submitOk(t.app, { problem: wideProblem(2000, 3000, 600) });
      await pollUntil(() => getJob(t.app, job.id), (j) => j.status === 'running' && j.progress.phase === 'compile', { timeoutMs: 60_000, intervalMs: 20, what: 'the job to compile' });
      const cancel = await t.app.inject({ method: 'DELETE', url: `/v1/jobs/${job.id}` });
      expect(cancel.statusCode).toBe(202);
      expect(cancel.json<{ status: string }>().status).toBe('running');
      await t.app.close();

      const store = new SqliteJobStore(t.dataDir);
      try {
        const stored = await store.get(job.id);
        expect(stored?.status).toBe('cancelled');
        expect(stored?.hasResult).toBe(false);
        expect(await store.queuedCount()).toBe(0);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(t.dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
