/**
 * What a start does with the jobs a previous process left unended (it was killed, crashed or lost
 * power while they ran), so that every one of them ends in a defined state:
 *
 * - its cancel had been asked (DELETE answered 202, the process died before the solve returned):
 *   `cancelled`, without a result, since a plan is stored only when the solve returns. Its progress
 *   (the last incumbent objective, bound and gap) stays as it was written;
 * - otherwise the crash is counted, and the job goes back to the queue, unless the process has now
 *   died during MAX_ATTEMPTS of its runs: then it is `failed` with TD_ERR_WORKER_FAILED. A job that
 *   takes the process down every time (one that outgrows memory, say) cannot keep it in a crash
 *   loop, and the jobs behind it run.
 *
 * Runs cut short by a graceful shutdown are requeued by the runner and do not count as crashes.
 *
 * On a store shared by several processes (PostgreSQL), "a previous process" is any whose heartbeat
 * has stopped: the store answers only for those, and the runner asks again every little while.
 */
import type { FastifyBaseLogger as Logger } from 'fastify';
import { Errors } from '../errors.ts';
import type { Job, JobStore } from './store.ts';

/** Recovers the store's interrupted jobs; returns those it ended (the runner announces them). */
export async function recoverInterrupted(store: JobStore, maxAttempts: number, log: Logger): Promise<Job[]> {
  const ended: Job[] = [];
  let requeued = 0;
  for (const job of await store.interrupted()) {
    if (job.cancelRequested) {
      const done = await store.finish(job.id, 'cancelled', { progress: { ...job.progress, phase: 'cancelled' } });
      log.info({ jobId: job.id }, 'job cancelled: its cancel was asked before the previous process stopped');
      if (done) ended.push(done);
      continue;
    }
    const crashes = await store.recordCrash(job.id);
    if (crashes >= maxAttempts) {
      const failure = new Errors.WorkerFailed(`the service restarted during this job ${crashes} times`);
      const done = await store.finish(job.id, 'failed', { error: { code: failure.code, message: failure.message } });
      log.warn({ jobId: job.id, crashes, maxAttempts }, 'job failed: the service restarted during it MAX_ATTEMPTS times');
      if (done) ended.push(done);
      continue;
    }
    if (await store.requeue(job.id)) requeued++;
  }
  if (requeued > 0) log.info({ requeued }, 'requeued jobs left running by a previous process');
  return ended;
}
