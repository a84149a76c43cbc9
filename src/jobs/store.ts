/**
 * The durable job store: one SQLite file in WAL mode with synchronous=FULL (database.ts). It is the
 * queue's source of truth: a job is committed to disk before the client hears 202, claimed
 * atomically by the runner, and after a crash either requeued, cancelled (its cancel had been asked)
 * or failed (it was running at MAX_ATTEMPTS crashes; recovery.ts). Ended work expires after the
 * retention period (retention.ts) or is purged on request. A rerun gives the same plan when the solve
 * ends on its own (optimality proved, or the gap target met, with the same seed); a solve cut by its
 * time limit may end elsewhere on a rerun, since how far it got depends on the clock.
 *
 * The clock is injected (`now`), so retention can be tested without waiting days.
 */
import { randomUUID } from 'node:crypto';
import type { Database as Db, Statement } from 'better-sqlite3';
import { DEFAULT_TENANT } from '../auth/api-keys.ts';
import { openJobDatabase, storeSettings, type StoreSettings } from './database.ts';
import { nextInLine } from './fair-queue.ts';
import { GroupCommit } from './group-commit.ts';
import { bodiesDir, readStagedBody, stagedBodyPath } from './staged-bodies.ts';
import { Statements } from './statements.ts';
import { EVERY_TENANT, StoreSweeps, type SweepScope } from './store-sweeps.ts';
import { INITIAL_PROGRESS, JOB_COLUMNS as COLUMNS, JOB_STATUSES, toJob, type Job, type JobError, type JobProgress, type JobRow as Row, type JobStatus, type NewJob } from './job.ts';

export { FINAL_STATUSES, JOB_STATUSES, type Job, type JobError, type JobProgress, type JobStatus, type NewJob } from './job.ts';

/** Idempotency keys are per tenant: the same key from two tenants names two jobs. */
function tenantKey(tenant: string, key: string): string {
  return `${tenant}\n${key}`;
}

/** What a solve thread builds a job's problem from (jobs/runner.ts passes it on as it is). */
export type ProblemSource =
  | { readonly problemJson: string }
  | { readonly problemFile: string }
  | { readonly variantOf: { readonly baseJson: string; readonly variant: unknown } | { readonly baseFile: string; readonly variant: unknown } };

export { EVERY_TENANT, type SweepScope } from './store-sweeps.ts';

export interface StoreOptions {
  /** The store's clock (created, started and finished times, and retention's cutoffs). */
  readonly now?: () => Date;
}

export class JobStore {
  readonly #db: Db;
  readonly #sql: Statements;
  readonly #sweeps: StoreSweeps;
  /** Jobs in status 'queued'; this process is the store's only writer, so it is kept here, not counted. */
  #queued: number;
  /** Submissions share a commit (and its fsync) with those that arrive in the same turn. */
  readonly #group: GroupCommit;

  readonly #now: () => Date;
  /** Where large documents are kept as files (staged-bodies.ts). */
  readonly bodiesDir: string;
  /** Schema changes made when the file was opened (logged by the caller). */
  readonly migrations: readonly string[];

  constructor(dataDir: string, options: StoreOptions = {}) {
    const { db, migrations } = openJobDatabase(dataDir);
    this.#db = db;
    this.migrations = migrations;
    this.bodiesDir = bodiesDir(dataDir);
    this.#sql = new Statements(db);
    this.#now = options.now ?? (() => new Date());
    this.#sweeps = new StoreSweeps(this.#sql, this.bodiesDir, this.#now);
    this.#queued = this.#countQueued();
    this.#group = new GroupCommit(this.#db, () => {
      this.#queued = this.#countQueued();
    });
  }

  #countQueued(): number {
    return this.#prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM jobs WHERE status = 'queued'").get()!.n;
  }

  /**
   * Runs `write` (store calls, admission checks) in the next group commit and resolves with its
   * value once that commit is on disk; a write that throws is rolled back alone (group-commit.ts).
   * The submit routes acknowledge through this, so many submissions cost one fsync.
   */
  commitSoon<T>(write: () => T): Promise<T> {
    return this.#group.run(write);
  }

  /** Group commits so far: batches and the writes in them. */
  groupCommits(): { batches: number; writes: number } {
    return { batches: this.#group.batches, writes: this.#group.writes };
  }

  /** The store's clock, as the ISO text it writes. */
  #stamp(): string {
    return this.#now().toISOString();
  }

  now(): Date {
    return this.#now();
  }

  settings(): StoreSettings {
    return storeSettings(this.#db);
  }

  /** The connection, for stores of other things in the same file (jobs/import-store.ts). */
  get database(): Db {
    return this.#db;
  }

  #prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> {
    return this.#sql.prepare<P, R>(sql);
  }

  get isOpen(): boolean {
    return this.#db.open;
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  /**
   * Inserts a queued job. With an idempotency key the tenant already used, returns that job instead
   * (keys are the tenant's own: stored as `tenant` + newline + key, unique over the whole table).
   */
  create(job: NewJob, idempotency?: { key: string; hash: string }): { job: Job; created: boolean; conflict: boolean } {
    const tenant = job.tenant ?? DEFAULT_TENANT;
    return this.#db.transaction(() => {
      if (idempotency) {
        const existing = this.findByIdempotencyKey(tenant, idempotency.key);
        if (existing) return { job: existing.job, created: false, conflict: existing.hash !== idempotency.hash };
      }
      const id = randomUUID();
      const seq = (this.#prepare<[], { s: number | null }>('SELECT MAX(seq) AS s FROM jobs').get()?.s ?? 0) + 1;
      // A variant's problem is its scenario's base; a large one is in a file the row names.
      const text = job.variantSpec !== undefined || job.problemFile !== undefined ? '' : (job.problemJson ?? JSON.stringify(job.problem));
      this.#prepare(`INSERT INTO jobs (id, tenant, seq, status, problem, problem_file, variant_spec, time_limit_seconds, webhook_url, scenario_id, variant, idempotency_key, request_hash, progress, created_at, accounts, pairs)
        VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        id, tenant, seq, text, job.problemFile ?? null, job.variantSpec === undefined ? null : JSON.stringify(job.variantSpec),
        job.timeLimitSeconds, job.webhookUrl ?? null, job.scenarioId ?? null, job.variant ?? null,
        idempotency ? tenantKey(tenant, idempotency.key) : null, idempotency?.hash ?? null, JSON.stringify(INITIAL_PROGRESS), this.#stamp(),
        job.size?.accounts ?? 0, job.size?.pairs ?? 0,
      );
      this.#queued++;
      return { job: this.get(id)!, created: true, conflict: false };
    })();
  }

  /** The tenant's job created with this idempotency key, with the hash of the request that created it. */
  findByIdempotencyKey(tenant: string, key: string): { job: Job; hash: string } | undefined {
    const row = this.#prepare<[string], Row & { request_hash: string }>(`SELECT ${COLUMNS}, request_hash FROM jobs WHERE idempotency_key = ?`).get(tenantKey(tenant, key));
    return row ? { job: toJob(row), hash: row.request_hash } : undefined;
  }

  /** A job; with `tenant`, only if it is that tenant's (another tenant's job does not exist for it). */
  get(id: string, tenant?: string): Job | undefined {
    const row = tenant === undefined
      ? this.#prepare<[string], Row>(`SELECT ${COLUMNS} FROM jobs WHERE id = ?`).get(id)
      : this.#prepare<[string, string], Row>(`SELECT ${COLUMNS} FROM jobs WHERE id = ? AND tenant = ?`).get(id, tenant);
    return row ? toJob(row) : undefined;
  }

  /**
   * What a solve thread needs to build the job's problem, never parsed here: the problem's JSON text
   * or the path of its file; for a scenario's variant, the base's (text or file) and the variant.
   */
  problemSource(id: string): ProblemSource | undefined {
    const row = this.#sourceRow(id);
    if (!row) return undefined;
    if (row.variant_spec !== null && (row.base !== null || row.base_file !== null)) {
      const variant = JSON.parse(row.variant_spec);
      return { variantOf: row.base_file !== null ? { baseFile: stagedBodyPath(this.bodiesDir, row.base_file), variant } : { baseJson: row.base!, variant } };
    }
    return row.problem_file !== null ? { problemFile: stagedBodyPath(this.bodiesDir, row.problem_file) } : { problemJson: row.problem };
  }

  /**
   * The problem document as submitted (parsed JSON); for a scenario's variant, its scenario's base
   * and the variant, which `jobs/job-problem.ts` puts together. A large one is read from its file.
   */
  problemParts(id: string): { problem: unknown } | { base: unknown; variant: unknown } | undefined {
    const row = this.#sourceRow(id);
    if (!row) return undefined;
    if (row.variant_spec !== null && (row.base !== null || row.base_file !== null)) {
      return { base: JSON.parse(row.base_file !== null ? readStagedBody(this.bodiesDir, row.base_file) : row.base!), variant: JSON.parse(row.variant_spec) };
    }
    return { problem: JSON.parse(row.problem_file !== null ? readStagedBody(this.bodiesDir, row.problem_file) : row.problem) };
  }

  #sourceRow(id: string) {
    return this.#prepare<[string], { problem: string; problem_file: string | null; variant_spec: string | null; base: string | null; base_file: string | null }>(
      'SELECT j.problem, j.problem_file, j.variant_spec, s.base, s.base_file FROM jobs j LEFT JOIN scenarios s ON s.id = j.scenario_id WHERE j.id = ?').get(id);
  }

  /** The stored result document (JSON text), to stream without re-serialising. */
  resultText(id: string): string | undefined {
    return this.#prepare<[string], { result: string | null }>('SELECT result FROM jobs WHERE id = ?').get(id)?.result ?? undefined;
  }

  /**
   * A scenario variant's comparison row (JSON text), built by its solve thread with the result;
   * undefined for a job without one (no result, or stored before the thread built rows).
   */
  comparisonText(id: string): string | undefined {
    return this.#prepare<[string], { comparison: string | null }>('SELECT comparison FROM jobs WHERE id = ?').get(id)?.comparison ?? undefined;
  }

  /**
   * Newest first, after the job `after` names (keyset on its position: pages stay put while jobs are
   * added); undefined when `after` names no job.
   */
  list(filter: { tenant?: string; status?: JobStatus; limit: number; after?: { id: string; createdAt: string } }): { jobs: Job[]; more: boolean } | undefined {
    const tenant = filter.tenant ?? DEFAULT_TENANT;
    let before = Number.MAX_SAFE_INTEGER;
    if (filter.after) {
      const row = this.#prepare<[string, string, string], { seq: number }>('SELECT seq FROM jobs WHERE id = ? AND created_at = ? AND tenant = ?').get(filter.after.id, filter.after.createdAt, tenant);
      if (!row) return undefined;
      before = row.seq;
    }
    const rows = filter.status
      ? this.#prepare<[string, string, number, number], Row>(`SELECT ${COLUMNS} FROM jobs WHERE tenant = ? AND status = ? AND seq < ? ORDER BY seq DESC LIMIT ?`).all(tenant, filter.status, before, filter.limit + 1)
      : this.#prepare<[string, number, number], Row>(`SELECT ${COLUMNS} FROM jobs WHERE tenant = ? AND seq < ? ORDER BY seq DESC LIMIT ?`).all(tenant, before, filter.limit + 1);
    return { jobs: rows.slice(0, filter.limit).map(toJob), more: rows.length > filter.limit };
  }

  /**
   * Atomically moves a queued job to running, fair between tenants (`jobs/fair-queue.ts`): the oldest
   * job of the tenant served least recently among those under their cap of running jobs.
   */
  claimNext(maxRunningOf: (tenant: string) => number = () => Infinity): Job | undefined {
    return this.#db.transaction(() => {
      const heads = this.#prepare<[], { tenant: string; id: string; seq: number }>(
        "SELECT tenant, id, MIN(seq) AS seq FROM jobs WHERE status = 'queued' GROUP BY tenant").all();
      if (heads.length === 0) return undefined;
      const running = new Map(this.#prepare<[], { tenant: string; n: number }>("SELECT tenant, COUNT(*) AS n FROM jobs WHERE status = 'running' GROUP BY tenant").all().map((r) => [r.tenant, r.n]));
      const lastStart = this.#prepare<[string], { t: string | null }>('SELECT MAX(started_at) AS t FROM jobs WHERE tenant = ?');
      const row = nextInLine(heads.map((h) => ({ ...h, running: running.get(h.tenant) ?? 0, lastStartedAt: lastStart.get(h.tenant)?.t ?? null })), maxRunningOf);
      if (!row) return undefined;
      this.#prepare("UPDATE jobs SET status = 'running', started_at = ?, attempts = attempts + 1, progress = ? WHERE id = ?")
        .run(this.#stamp(), JSON.stringify({ ...INITIAL_PROGRESS, phase: 'starting' }), row.id);
      this.#queued--;
      return this.get(row.id);
    })();
  }

  updateProgress(id: string, progress: JobProgress): void {
    this.#prepare("UPDATE jobs SET progress = ? WHERE id = ? AND status = 'running'").run(JSON.stringify(progress), id);
  }

  /**
   * Ends a job. The result (JSON text) is kept when given, and with it a variant's comparison row;
   * a job that already ended is left alone.
   */
  finish(id: string, status: 'succeeded' | 'failed' | 'cancelled', outcome: { result?: string; comparison?: string; error?: JobError; progress?: JobProgress }): Job | undefined {
    if (this.get(id)?.status === 'queued') this.#queued--;
    this.#prepare(`UPDATE jobs SET status = ?, finished_at = ?, result = COALESCE(?, result), comparison = COALESCE(?, comparison), error = ?, progress = COALESCE(?, progress)
      WHERE id = ? AND status IN ('queued', 'running')`).run(
      status, this.#stamp(), outcome.result ?? null, outcome.comparison ?? null, outcome.error ? JSON.stringify(outcome.error) : null,
      outcome.progress ? JSON.stringify(outcome.progress) : null, id,
    );
    return this.get(id);
  }

  /**
   * Marks a running job for cancellation (the runner stops it); a queued one is cancelled at once.
   * One transaction, so a crash cannot leave a queued job marked but not cancelled.
   */
  requestCancel(id: string): Job | undefined {
    return this.#db.transaction(() => {
      this.#prepare("UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND status IN ('queued', 'running')").run(id);
      this.#queued -= this.#prepare("UPDATE jobs SET status = 'cancelled', finished_at = ? WHERE id = ? AND status = 'queued'").run(this.#stamp(), id).changes;
      return this.get(id);
    })();
  }

  /**
   * Jobs a previous process left unended, oldest first: those it was running, and any still queued
   * with a cancel asked (for files written before requestCancel was one transaction).
   */
  interrupted(): Job[] {
    return this.#prepare<[], Row>(`SELECT ${COLUMNS} FROM jobs WHERE status = 'running' OR (status = 'queued' AND cancel_requested = 1) ORDER BY seq`).all().map(toJob);
  }

  /** Counts a run of a running job that the process died during; returns the job's crashes so far. */
  recordCrash(id: string): number {
    this.#prepare("UPDATE jobs SET crashes = crashes + 1 WHERE id = ? AND status = 'running'").run(id);
    return this.get(id)?.crashes ?? 0;
  }

  /**
   * Puts a running job back in the queue (after a crash, or at a graceful shutdown), unless its
   * cancel was asked: such a job must end cancelled, never run again. Returns whether it was requeued.
   */
  requeue(id: string): boolean {
    const changes = this.#prepare("UPDATE jobs SET status = 'queued', started_at = NULL, progress = ? WHERE id = ? AND status = 'running' AND cancel_requested = 0")
      .run(JSON.stringify(INITIAL_PROGRESS), id).changes;
    this.#queued += changes;
    return changes > 0;
  }

  /** Deletes an ended job that belongs to no scenario (with its problem and result); returns whether it did. */
  purge(id: string): boolean {
    return this.#sweeps.purge(id);
  }

  /** Deletes up to `limit` ended jobs outside scenarios that ended before `before` (store-sweeps.ts). */
  sweepJobs(before: string, limit: number, scope: SweepScope = EVERY_TENANT): number {
    return this.#sweeps.sweepJobs(before, limit, scope);
  }

  /** Deletes up to `limit` scenarios whose every job ended before `before`, with those jobs (store-sweeps.ts). */
  sweepScenarios(before: string, limit: number, scope: SweepScope = EVERY_TENANT): number {
    return this.#sweeps.sweepScenarios(before, limit, scope);
  }

  /** Removes the large-document files no job or scenario names, once older than `minAgeMs`. */
  sweepOrphanBodies(minAgeMs: number): number {
    return this.#sweeps.sweepOrphanBodies(minAgeMs);
  }

  /** Gives the pages deleted rows freed back to the file system (auto_vacuum is INCREMENTAL). */
  vacuum(): void {
    this.#sweeps.vacuum();
  }

  countByStatus(): Record<JobStatus, number> {
    const out = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
    for (const r of this.#prepare<[], { status: JobStatus; n: number }>('SELECT status, COUNT(*) AS n FROM jobs GROUP BY status').all()) out[r.status] = r.n;
    return out;
  }

  queuedCount(): number {
    return this.#queued;
  }

  /** A scenario, with its base problem stored once for all of its variants (set their jobs after). */
  createScenario(id: string, tenant: string, base: { readonly problem?: unknown; readonly problemJson?: string | undefined; readonly problemFile?: string | undefined }): void {
    this.#prepare('INSERT INTO scenarios (id, tenant, created_at, variants, base, base_file) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, tenant, this.#stamp(), '[]', base.problemFile !== undefined ? null : (base.problemJson ?? JSON.stringify(base.problem)), base.problemFile ?? null);
  }

  setScenarioVariants(id: string, variants: ReadonlyArray<{ name: string; jobId: string }>): void {
    this.#prepare('UPDATE scenarios SET variants = ? WHERE id = ?').run(JSON.stringify(variants), id);
  }

  /** A scenario; with `tenant`, only if it is that tenant's. */
  getScenario(id: string, tenant?: string): { id: string; tenant: string; createdAt: string; variants: Array<{ name: string; jobId: string }> } | undefined {
    const row = this.#prepare<[string], { id: string; tenant: string; created_at: string; variants: string }>('SELECT id, tenant, created_at, variants FROM scenarios WHERE id = ?').get(id);
    if (!row || (tenant !== undefined && row.tenant !== tenant)) return undefined;
    return { id: row.id, tenant: row.tenant, createdAt: row.created_at, variants: JSON.parse(row.variants) };
  }

  /** Queued jobs of one tenant (its share of the queue is capped). */
  queuedCountOf(tenant: string): number {
    return this.#prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM jobs WHERE status = 'queued' AND tenant = ?").get(tenant)!.n;
  }

  /** Runs several writes as one transaction (a scenario and its jobs appear together or not at all). */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }
}
