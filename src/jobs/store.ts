/**
 * The durable job store: one SQLite file in WAL mode. It is the queue's source of truth: a job is
 * written before the client hears 202, claimed atomically by the runner, and requeued on restart if
 * it was running when the process died. A rerun gives the same plan when the solve ends on its own
 * (optimality proved, or the gap target met, with the same seed); a solve cut by its time limit may
 * end elsewhere on a rerun, since how far it got depends on the clock.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const FINAL_STATUSES: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'cancelled']);

export interface JobProgress {
  readonly phase: string;
  readonly percent: number;
  readonly incumbent: number | null;
  readonly bound: number | null;
  readonly gap: number | null;
}

export interface JobError {
  readonly code: string;
  readonly message: string;
}

export interface Job {
  readonly id: string;
  readonly status: JobStatus;
  readonly timeLimitSeconds: number;
  readonly webhookUrl: string | null;
  readonly scenarioId: string | null;
  readonly variant: string | null;
  readonly progress: JobProgress;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly error: JobError | null;
  readonly attempts: number;
  readonly hasResult: boolean;
  readonly cancelRequested: boolean;
}

export interface NewJob {
  readonly problem: unknown;
  readonly timeLimitSeconds: number;
  readonly webhookUrl?: string | null;
  readonly scenarioId?: string | null;
  readonly variant?: string | null;
}

interface Row {
  id: string;
  seq: number;
  status: JobStatus;
  time_limit_seconds: number;
  webhook_url: string | null;
  scenario_id: string | null;
  variant: string | null;
  progress: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  attempts: number;
  has_result: number;
  cancel_requested: number;
}

const INITIAL_PROGRESS: JobProgress = { phase: 'queued', percent: 0, incumbent: null, bound: null, gap: null };
const COLUMNS = 'id, seq, status, time_limit_seconds, webhook_url, scenario_id, variant, progress, created_at, started_at, finished_at, error, attempts, result IS NOT NULL AS has_result, cancel_requested';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  status TEXT NOT NULL,
  problem TEXT NOT NULL,
  time_limit_seconds REAL NOT NULL,
  webhook_url TEXT,
  scenario_id TEXT,
  variant TEXT,
  idempotency_key TEXT UNIQUE,
  request_hash TEXT,
  progress TEXT NOT NULL,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  result TEXT,
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  cancel_requested INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS jobs_status_seq ON jobs (status, seq);
CREATE INDEX IF NOT EXISTS jobs_scenario ON jobs (scenario_id);
CREATE TABLE IF NOT EXISTS scenarios (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  variants TEXT NOT NULL
);
`;

export class JobStore {
  readonly #db: Db;
  /** Prepared once: preparing is half the cost of a small read. */
  readonly #statements = new Map<string, Statement>();
  /** Jobs in status 'queued'; this process is the store's only writer, so it is kept here, not counted. */
  #queued: number;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new Database(join(dataDir, 'jobs.sqlite'));
    this.#db.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the last commits).
    this.#db.pragma('synchronous = NORMAL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(SCHEMA);
    this.#queued = this.#db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM jobs WHERE status = 'queued'").get()!.n;
  }

  #prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      stmt = this.#db.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt as unknown as Statement<P, R>;
  }

  get isOpen(): boolean {
    return this.#db.open;
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  /** Inserts a queued job. With an idempotency key already used, returns that job instead. */
  create(job: NewJob, idempotency?: { key: string; hash: string }): { job: Job; created: boolean; conflict: boolean } {
    return this.#db.transaction(() => {
      if (idempotency) {
        const existing = this.#prepare<[string], Row & { request_hash: string }>(`SELECT ${COLUMNS}, request_hash FROM jobs WHERE idempotency_key = ?`).get(idempotency.key);
        if (existing) return { job: toJob(existing), created: false, conflict: existing.request_hash !== idempotency.hash };
      }
      const id = randomUUID();
      const seq = (this.#prepare<[], { s: number | null }>('SELECT MAX(seq) AS s FROM jobs').get()?.s ?? 0) + 1;
      this.#prepare(`INSERT INTO jobs (id, seq, status, problem, time_limit_seconds, webhook_url, scenario_id, variant, idempotency_key, request_hash, progress, created_at)
        VALUES (?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        id, seq, JSON.stringify(job.problem), job.timeLimitSeconds, job.webhookUrl ?? null, job.scenarioId ?? null, job.variant ?? null,
        idempotency?.key ?? null, idempotency?.hash ?? null, JSON.stringify(INITIAL_PROGRESS), now(),
      );
      this.#queued++;
      return { job: this.get(id)!, created: true, conflict: false };
    })();
  }

  /** The job created with this idempotency key, with the hash of the request that created it. */
  findByIdempotencyKey(key: string): { job: Job; hash: string } | undefined {
    const row = this.#prepare<[string], Row & { request_hash: string }>(`SELECT ${COLUMNS}, request_hash FROM jobs WHERE idempotency_key = ?`).get(key);
    return row ? { job: toJob(row), hash: row.request_hash } : undefined;
  }

  get(id: string): Job | undefined {
    const row = this.#prepare<[string], Row>(`SELECT ${COLUMNS} FROM jobs WHERE id = ?`).get(id);
    return row ? toJob(row) : undefined;
  }

  /** The problem document as submitted (parsed JSON). */
  problem(id: string): unknown {
    const row = this.#prepare<[string], { problem: string }>('SELECT problem FROM jobs WHERE id = ?').get(id);
    return row ? JSON.parse(row.problem) : undefined;
  }

  /** The stored result document (JSON text), to stream without re-serialising. */
  resultText(id: string): string | undefined {
    return this.#prepare<[string], { result: string | null }>('SELECT result FROM jobs WHERE id = ?').get(id)?.result ?? undefined;
  }

  /**
   * Newest first, after the job `after` names (keyset on its position: pages stay put while jobs are
   * added); undefined when `after` names no job.
   */
  list(filter: { status?: JobStatus; limit: number; after?: { id: string; createdAt: string } }): { jobs: Job[]; more: boolean } | undefined {
    let before = Number.MAX_SAFE_INTEGER;
    if (filter.after) {
      const row = this.#prepare<[string, string], { seq: number }>('SELECT seq FROM jobs WHERE id = ? AND created_at = ?').get(filter.after.id, filter.after.createdAt);
      if (!row) return undefined;
      before = row.seq;
    }
    const rows = filter.status
      ? this.#prepare<[string, number, number], Row>(`SELECT ${COLUMNS} FROM jobs WHERE status = ? AND seq < ? ORDER BY seq DESC LIMIT ?`).all(filter.status, before, filter.limit + 1)
      : this.#prepare<[number, number], Row>(`SELECT ${COLUMNS} FROM jobs WHERE seq < ? ORDER BY seq DESC LIMIT ?`).all(before, filter.limit + 1);
    return { jobs: rows.slice(0, filter.limit).map(toJob), more: rows.length > filter.limit };
  }

  /** Atomically moves the oldest queued job to running. */
  claimNext(): Job | undefined {
    return this.#db.transaction(() => {
      const row = this.#prepare<[], { id: string }>("SELECT id FROM jobs WHERE status = 'queued' ORDER BY seq LIMIT 1").get();
      if (!row) return undefined;
      this.#prepare("UPDATE jobs SET status = 'running', started_at = ?, attempts = attempts + 1, progress = ? WHERE id = ?")
        .run(now(), JSON.stringify({ ...INITIAL_PROGRESS, phase: 'starting' }), row.id);
      this.#queued--;
      return this.get(row.id);
    })();
  }

  updateProgress(id: string, progress: JobProgress): void {
    this.#prepare("UPDATE jobs SET progress = ? WHERE id = ? AND status = 'running'").run(JSON.stringify(progress), id);
  }

  /** Ends a job. The result (JSON text) is kept when given; a job that already ended is left alone. */
  finish(id: string, status: 'succeeded' | 'failed' | 'cancelled', outcome: { result?: string; error?: JobError; progress?: JobProgress }): Job | undefined {
    if (this.get(id)?.status === 'queued') this.#queued--;
    this.#prepare(`UPDATE jobs SET status = ?, finished_at = ?, result = COALESCE(?, result), error = ?, progress = COALESCE(?, progress)
      WHERE id = ? AND status IN ('queued', 'running')`).run(
      status, now(), outcome.result ?? null, outcome.error ? JSON.stringify(outcome.error) : null,
      outcome.progress ? JSON.stringify(outcome.progress) : null, id,
    );
    return this.get(id);
  }

  /** Marks a running job for cancellation (the runner stops it); a queued one is cancelled at once. */
  requestCancel(id: string): Job | undefined {
    this.#prepare("UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND status IN ('queued', 'running')").run(id);
    this.#queued -= this.#prepare("UPDATE jobs SET status = 'cancelled', finished_at = ? WHERE id = ? AND status = 'queued'").run(now(), id).changes;
    return this.get(id);
  }

  /** Jobs that were running when the process stopped go back to the queue. */
  requeueRunning(): number {
    const changes = this.#prepare("UPDATE jobs SET status = 'queued', started_at = NULL, progress = ? WHERE status = 'running' AND cancel_requested = 0")
      .run(JSON.stringify(INITIAL_PROGRESS)).changes;
    this.#queued += changes;
    return changes;
  }

  /** Puts one running job back in the queue (graceful shutdown). */
  requeue(id: string): void {
    this.#queued += this.#prepare("UPDATE jobs SET status = 'queued', started_at = NULL, progress = ? WHERE id = ? AND status = 'running'").run(JSON.stringify(INITIAL_PROGRESS), id).changes;
  }

  countByStatus(): Record<JobStatus, number> {
    const out = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
    for (const r of this.#prepare<[], { status: JobStatus; n: number }>('SELECT status, COUNT(*) AS n FROM jobs GROUP BY status').all()) out[r.status] = r.n;
    return out;
  }

  queuedCount(): number {
    return this.#queued;
  }

  createScenario(id: string, variants: ReadonlyArray<{ name: string; jobId: string }>): void {
    this.#prepare('INSERT INTO scenarios (id, created_at, variants) VALUES (?, ?, ?)').run(id, now(), JSON.stringify(variants));
  }

  getScenario(id: string): { id: string; createdAt: string; variants: Array<{ name: string; jobId: string }> } | undefined {
    const row = this.#prepare<[string], { id: string; created_at: string; variants: string }>('SELECT * FROM scenarios WHERE id = ?').get(id);
    return row ? { id: row.id, createdAt: row.created_at, variants: JSON.parse(row.variants) } : undefined;
  }

  /** Runs several writes as one transaction (a scenario and its jobs appear together or not at all). */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }
}

function toJob(row: Row): Job {
  return {
    id: row.id,
    status: row.status,
    timeLimitSeconds: row.time_limit_seconds,
    webhookUrl: row.webhook_url,
    scenarioId: row.scenario_id,
    variant: row.variant,
    progress: JSON.parse(row.progress),
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error ? JSON.parse(row.error) : null,
    attempts: row.attempts,
    hasResult: row.has_result === 1,
    cancelRequested: row.cancel_requested === 1,
  };
}

function now(): string {
  return new Date().toISOString();
}
