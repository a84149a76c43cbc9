/**
 * The store of record, as the service sees it: one interface, two backends. The embedded default is
 * one SQLite file under DATA_DIR (sqlite-store.ts); with DATABASE_URL it is PostgreSQL (pg/), which
 * several API processes can share. Routes, the runner, recovery and retention use only this.
 *
 * Every method is asynchronous because PostgreSQL is; the SQLite store does its work at once and
 * returns settled promises. Whatever a method resolves with is committed: a submission resolves only
 * once its transaction is durable (a group commit's fsync for SQLite, a committed transaction for
 * PostgreSQL), so the 202 that follows never acknowledges what is not stored. When the database
 * cannot be reached, methods reject with TD_ERR_STORE_UNAVAILABLE (503, Retry-After).
 *
 * A job is claimed atomically (claimNext), and after a crash either requeued, cancelled (its cancel
 * had been asked) or failed (it was running at MAX_ATTEMPTS crashes; recovery.ts). A rerun gives the
 * same plan when the solve ends on its own (optimality proved, or the gap target met, with the same
 * seed); a solve cut by its time limit may end elsewhere on a rerun.
 */
import type { Job, JobError, JobProgress, JobStatus, NewJob } from './job.ts';
import type { SweepScope } from './store-sweeps.ts';

export { FINAL_STATUSES, JOB_KINDS, JOB_STATUSES, type FrontierProgress, type FrontierProgressPoint, type FrontierSpec, type Job, type JobError, type JobKind, type JobProgress, type JobStatus, type NewJob } from './job.ts';
export { EVERY_TENANT, type SweepScope } from './store-sweeps.ts';

/**
 * How a job ends. A frontier's `result` is its table, and `points` each point's full result document
 * in the table's order, stored with it in one transaction (read back one at a time: pointResultText).
 */
export interface JobOutcome {
  readonly result?: string;
  readonly comparison?: string;
  readonly points?: readonly string[];
  readonly error?: JobError;
  readonly progress?: JobProgress;
}

/** What a solve thread builds a job's problem from (jobs/runner.ts passes it on as it is). */
export type ProblemSource =
  | { readonly problemJson: string }
  | { readonly problemFile: string }
  | { readonly variantOf: { readonly baseJson: string; readonly variant: unknown } | { readonly baseFile: string; readonly variant: unknown } };

/** The queue as a submission's transaction sees it (the jobs committed before it, its own not yet). */
export interface QueueCounts {
  /** Jobs queued in the whole store. */
  readonly queued: number;
  /** Jobs queued of the submitting tenant. */
  readonly queuedOfTenant: number;
}

/**
 * Checks a submission against the queue's caps inside its transaction, so concurrent submissions
 * cannot both take the last place; throws (a registry error) to refuse, and then nothing is stored.
 */
export type Admission = (queue: QueueCounts) => void;

export interface CreateOptions {
  /** With a key the tenant already used, the job it created is returned instead (`created: false`). */
  readonly idempotency?: { readonly key: string; readonly hash: string } | undefined;
  readonly admit?: Admission;
}

export interface CreatedJob {
  readonly job: Job;
  readonly created: boolean;
  /** The key was used with another request body (nothing was stored). */
  readonly conflict: boolean;
}

/** A scenario's base problem: stored once for all of its variants, as text or as a staged file's name. */
export interface ScenarioBase {
  readonly problem?: unknown;
  readonly problemJson?: string | undefined;
  readonly problemFile?: string | undefined;
}

export interface Scenario {
  readonly id: string;
  readonly tenant: string;
  readonly createdAt: string;
  readonly variants: Array<{ name: string; jobId: string }>;
}

export interface JobListFilter {
  readonly tenant?: string;
  readonly status?: JobStatus;
  readonly limit: number;
  readonly after?: { readonly id: string; readonly createdAt: string };
}

export interface JobStore {
  /** Which backend this is (logged at start, shown by /ready). */
  readonly backend: 'sqlite' | 'postgres';
  /** Where large documents are kept as files (staged-bodies.ts). */
  readonly bodiesDir: string;
  /** Schema changes made when the store was opened (logged by the caller). */
  readonly migrations: readonly string[];
  /**
   * Null when this process is the store's only writer. Otherwise other processes share it: the
   * runner looks for work they queued this often, and recovers jobs whose process stopped
   * answering (recovery.ts), since no start of its own will.
   */
  readonly sharedPollMs: number | null;
  /** False once closed. */
  readonly isOpen: boolean;
  /** Settings worth a line in the start log (the SQLite pragmas, the PostgreSQL server). */
  describe(): Record<string, unknown>;
  /** The store's clock (created, started and finished times, and retention's cutoffs). */
  now(): Date;
  /** Resolves when the database answers now; rejects with TD_ERR_STORE_UNAVAILABLE otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;

  /** Inserts a queued job (admitted, and durable, when it resolves). */
  create(job: NewJob, options?: CreateOptions): Promise<CreatedJob>;
  /**
   * A scenario and its variants' jobs, in one transaction (they appear together or not at all);
   * `admit` sees the queue before any of them. Resolves with each variant's job id, in order.
   */
  createScenario(id: string, tenant: string, base: ScenarioBase, variants: readonly NewJob[], admit?: Admission): Promise<Array<{ name: string; jobId: string }>>;
  /** The tenant's job created with this idempotency key, with the hash of the request that created it. */
  findByIdempotencyKey(tenant: string, key: string): Promise<{ job: Job; hash: string } | undefined>;
  /** A job; with `tenant`, only if it is that tenant's (another tenant's job does not exist for it). */
  get(id: string, tenant?: string): Promise<Job | undefined>;
  /** What a solve thread needs to build the job's problem, never parsed here. */
  problemSource(id: string): Promise<ProblemSource | undefined>;
  /** The problem document as submitted (parsed), or its scenario's base and its variant. */
  problemParts(id: string): Promise<{ problem: unknown } | { base: unknown; variant: unknown } | undefined>;
  /** The stored result document (JSON text), to stream without re-serialising. */
  resultText(id: string): Promise<string | undefined>;
  /** A scenario variant's comparison row (JSON text), built by its solve thread with the result. */
  comparisonText(id: string): Promise<string | undefined>;
  /** A frontier job's point `index` (in its table's order): that point's result document (JSON text). */
  pointResultText(id: string, index: number): Promise<string | undefined>;
  /** Newest first, after the job `after` names (keyset); undefined when `after` names no job. */
  list(filter: JobListFilter): Promise<{ jobs: Job[]; more: boolean } | undefined>;
  /** A scenario; with `tenant`, only if it is that tenant's. */
  getScenario(id: string, tenant?: string): Promise<Scenario | undefined>;

  /**
   * Atomically moves a queued job to running, fair between tenants (`jobs/fair-queue.ts`): no two
   * claims, from this process or another, ever get the same job.
   */
  claimNext(maxRunningOf?: (tenant: string) => number): Promise<Job | undefined>;
  updateProgress(id: string, progress: JobProgress): Promise<void>;
  /** Ends a queued or running job (a result kept when given); one that already ended is left alone. */
  finish(id: string, status: 'succeeded' | 'failed' | 'cancelled', outcome: JobOutcome): Promise<Job | undefined>;
  /** Marks a running job for cancellation; a queued one is cancelled at once (one transaction). */
  requestCancel(id: string): Promise<Job | undefined>;
  /** Jobs left unended by a process that is gone, oldest first (recovery.ts). */
  interrupted(): Promise<Job[]>;
  /** Counts a run of a running job that its process died during; returns the job's crashes so far. */
  recordCrash(id: string): Promise<number>;
  /** Puts a running job back in the queue unless its cancel was asked; returns whether it did. */
  requeue(id: string): Promise<boolean>;

  /** Deletes an ended job that belongs to no scenario (with its problem and result). */
  purge(id: string): Promise<boolean>;
  /** Deletes up to `limit` ended jobs outside scenarios that ended before `before` (ISO time). */
  sweepJobs(before: string, limit: number, scope?: SweepScope): Promise<number>;
  /** Deletes up to `limit` scenarios whose every job ended before `before`, with those jobs. */
  sweepScenarios(before: string, limit: number, scope?: SweepScope): Promise<number>;
  /** Removes the large-document files no job or scenario names, once older than `minAgeMs`. */
  sweepOrphanBodies(minAgeMs: number): Promise<number>;
  /** Gives the space deleted rows freed back (SQLite's incremental vacuum; PostgreSQL's autovacuum does it itself). */
  vacuum(): Promise<void>;

  countByStatus(): Promise<Record<JobStatus, number>>;
  queuedCount(): Promise<number>;
  /** The ids of the oldest `limit` queued jobs, every tenant's (BullMQ's queue is filled again from them). */
  queuedIds(limit: number): Promise<string[]>;
  /** Submission transactions so far and the writes in them (SQLite batches several in one). */
  commitStats(): { batches: number; writes: number };
}

/** Stored imports (POST /v1/imports): a problem document and its report, per tenant. */
export interface StoredImport {
  readonly id: string;
  readonly createdAt: string;
  /** The problem document, as JSON text. */
  readonly problem: string;
  /** The import report, as JSON text. */
  readonly report: string;
}

export interface ImportStore {
  create(tenant: string, problem: string, report: string): Promise<{ id: string; createdAt: string }>;
  get(id: string, tenant: string): Promise<StoredImport | undefined>;
  /** The problem text of the tenant's import, or undefined. */
  problemText(id: string, tenant: string): Promise<string | undefined>;
  /** Deletes up to `limit` imports made before `before` (ISO time) in the scope; returns how many. */
  sweep(before: string, limit: number, scope: SweepScope): Promise<number>;
}
