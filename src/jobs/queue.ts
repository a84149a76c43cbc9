/**
 * The work queue, as the routes see it: one interface, two backends. The embedded default is the
 * in-process runner (runner.ts), which claims jobs from the store onto this process's threads. With
 * REDIS_URL it is BullMQ (bull/queue.ts): the store of record (PostgreSQL) still holds every job,
 * committed before its 202; BullMQ carries the job's id to `territory worker` processes, which claim
 * it in the store and solve it. Cancels and progress cross processes over Redis.
 *
 * Either way a job exists once its row is committed: `enqueue` only makes it run sooner, and a
 * lost enqueue (Redis away for a moment) is made good from the store, never by the client.
 */
import type { EventEmitter } from 'node:events';
import type { Job, JobProgress } from './store.ts';

export interface QueueEvents {
  progress: [jobId: string, progress: JobProgress];
  /** `elsewhere`: it ended in another process (BullMQ), so this one's metrics leave it out. */
  end: [job: Job, elsewhere?: boolean];
  /** The process is shutting down: listeners (event streams) should finish. */
  stopping: [];
}

export interface JobQueue extends EventEmitter<QueueEvents> {
  readonly kind: 'in-process' | 'bullmq';
  /** Jobs on this process's threads now. */
  readonly running: number;
  /** Jobs just committed to the store: start them when a thread is free. Never throws. */
  enqueue(ids: readonly string[]): void;
  /** Cancels a queued or running job, wherever it runs; resolves with the job as it stands. */
  cancel(id: string): Promise<Job | undefined>;
  /** Jobs waiting for a thread (the store's count in-process, BullMQ's waiting jobs with Redis). */
  depth(): Promise<number>;
  /** Rejects when the queue's own backend (Redis) cannot be reached; the store has its own ping. */
  ping(): Promise<void>;
  start(): Promise<void>;
  /** Stops taking work; waits up to graceMs for running jobs, then requeues the rest. */
  stop(graceMs: number): Promise<void>;
}
