/**
 * Response views shared by routes: a job as the API shows it (jobs, their event streams and
 * scenarios all show jobs), in one place so that route files do not import each other.
 */
import type { Job } from '../jobs/store.ts';

export function jobView(job: Job) {
  const self = `/v1/jobs/${job.id}`;
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    progress: job.progress,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    timeLimitSeconds: job.timeLimitSeconds,
    attempts: job.attempts,
    scenarioId: job.scenarioId,
    variant: job.variant,
    ...(job.error ? { error: job.error } : {}),
    links: { self, result: `${self}/result`, events: `${self}/events`, ...(job.kind === 'frontier' ? { frontier: `/v1/frontier/${job.id}` } : {}) },
  };
}
