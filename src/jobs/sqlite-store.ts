/**
 * The embedded job store (the default): one SQLite file in WAL mode with synchronous=FULL
 * (database.ts), this process its only writer. better-sqlite3 is synchronous, so every method does
 * its work at once and returns a settled promise (the JobStore interface, store.ts, is asynchronous
 * for PostgreSQL's sake). Submissions share a commit and its fsync with those that arrive in the
 * same turn (group-commit.ts) and resolve once it is on disk.
 *
 * The clock is injected (`now`), so retention can be tested without waiting days.
 */
import { randomUUID } from 'node:crypto';
import type { Database as Db, Statement } from 'better-sqlite3';
import { DEFAULT_TENANT } from '../auth/api-keys.ts';
import { openJobDatabase, storeSettings, type StoreSettings } from './database.ts';
import { nextInLine } from './fair-queue.ts';
import { GroupCommit } from './group-commit.ts';
import { INITIAL_PROGRESS, JOB_COLUMNS as COLUMNS, JOB_STATUSES, specTextOf, toJob, type Job, type JobProgress, type JobRow as Row, type JobStatus, type NewJob } from './job.ts';
import { baseTextOf, partsOf, problemTextOf, SOURCE_SELECT, sourceOf, type SourceRow } from './source-row.ts';
import { bodiesDir } from './staged-bodies.ts';
import { Statements } from './statements.ts';
import { EVERY_TENANT, StoreSweeps, type SweepScope } from './store-sweeps.ts';
import type { Admission, CreatedJob, CreateOptions, JobListFilter, JobOutcome, JobStore, ProblemSource, Scenario, ScenarioBase } from './store.ts';

/** Idempotency keys are per tenant: the same key from two tenants names two jobs. */
function tenantKey(tenant: string, key: string): string {
  return `${tenant}\n${key}`;
}

export interface StoreOptions {
  /** The store's clock (created, started and finished times, and retention's cutoffs). */
  readonly now?: () => Date;
}

export class SqliteJobStore implements JobStore {
  readonly backend = 'sqlite' as const;
  readonly sharedPollMs = null;
  readonly #db: Db;
  readonly #sql: Statements;
  readonly #sweeps: StoreSweeps;
  /** Jobs in status 'queued'; this process is the store's only writer, so it is kept here, not counted. */
  #queued: number;
  readonly #group: GroupCommit;
  readonly #now: () => Date;
  readonly bodiesDir: string;
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

  #prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Statement<P, R> {
    return this.#sql.prepare<P, R>(sql);
  }

  #stamp(): string {
    return this.#now().toISOString();
  }

  /**
   * Runs `write` in the next group commit and resolves with its value once that commit is on disk; a
   * write that throws is rolled back alone (group-commit.ts).
   */
  commitSoon<T>(write: () => T): Promise<T> {
    return this.#group.run(write);
  }

  /** Group commits so far: batches and the writes in them. */
  groupCommits(): { batches: number; writes: number } {
    return { batches: this.#group.batches, writes: this.#group.writes };
  }

  commitStats(): { batches: number; writes: number } {
    return this.groupCommits();
  }

  now(): Date {
    return this.#now();
  }

  settings(): StoreSettings {
    return storeSettings(this.#db);
  }

  describe(): Record<string, unknown> {
    return { backend: this.backend, ...this.settings() };
  }

  /** The connection, for stores of other things in the same file (sqlite-import-store.ts). */
  get database(): Db {
    return this.#db;
  }

  get isOpen(): boolean {
    return this.#db.open;
  }

  async ping(): Promise<void> {
    this.#prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  /** The queue as the writes of the current transaction see it. */
  #queueCounts(tenant: string): { queued: number; queuedOfTenant: number } {
    return { queued: this.#queued, queuedOfTenant: this.#prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM jobs WHERE status = 'queued' AND tenant = ?").get(tenant)!.n };
  }

  /**
   * In a group commit: an idempotency key the tenant already used returns that job (keys are stored
   * as `tenant` + newline + key, unique over the whole table), then admission, then the insert.
   */
  create(job: NewJob, options: CreateOptions = {}): Promise<CreatedJob> {
    const tenant = job.tenant ?? DEFAULT_TENANT;
    const { idempotency, admit } = options;
    return this.#group.run(() => {
      if (idempotency) {
        const existing = this.#byIdempotencyKey(tenant, idempotency.key);
        if (existing) return { job: existing.job, created: false, conflict: existing.hash !== idempotency.hash };
      }
      admit?.(this.#queueCounts(tenant));
      return { job: this.#insert(job, tenant, idempotency), created: true, conflict: false };
    });
  }

  #insert(job: NewJob, tenant: string, idempotency?: { key: string; hash: string }): Job {
    const id = randomUUID();
    const seq = (this.#prepare<[], { s: number | null }>('SELECT MAX(seq) AS s FROM jobs').get()?.s ?? 0) + 1;
    this.#prepare(`INSERT INTO jobs (id, tenant, kind, spec, seq, status, problem, problem_file, variant_spec, time_limit_seconds, webhook_url, scenario_id, variant, idempotency_key, request_hash, progress, created_at, accounts, pairs)
      VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      id, tenant, job.kind ?? 'solve', specTextOf(job), seq, problemTextOf(job), job.problemFile ?? null, job.variantSpec === undefined ? null : JSON.stringify(job.variantSpec),
      job.timeLimitSeconds, job.webhookUrl ?? null, job.scenarioId ?? null, job.variant ?? null,
      idempotency ? tenantKey(tenant, idempotency.key) : null, idempotency?.hash ?? null, JSON.stringify(INITIAL_PROGRESS), this.#stamp(),
      job.size?.accounts ?? 0, job.size?.pairs ?? 0,
    );
    this.#queued++;
    return this.#get(id)!;
  }

  createScenario(id: string, tenant: string, base: ScenarioBase, variants: readonly NewJob[], admit?: Admission): Promise<Array<{ name: string; jobId: string }>> {
    return this.#group.run(() => {
      admit?.(this.#queueCounts(tenant));
      this.#prepare('INSERT INTO scenarios (id, tenant, created_at, variants, base, base_file) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, tenant, this.#stamp(), '[]', baseTextOf(base), base.problemFile ?? null);
      const created = variants.map((v) => ({ name: v.variant ?? '', jobId: this.#insert({ ...v, tenant, scenarioId: id }, tenant).id }));
      this.#prepare('UPDATE scenarios SET variants = ? WHERE id = ?').run(JSON.stringify(created), id);
      return created;
    });
  }

  #byIdempotencyKey(tenant: string, key: string): { job: Job; hash: string } | undefined {
    const row = this.#prepare<[string], Row & { request_hash: string }>(`SELECT ${COLUMNS}, request_hash FROM jobs WHERE idempotency_key = ?`).get(tenantKey(tenant, key));
    return row ? { job: toJob(row), hash: row.request_hash } : undefined;
  }

  async findByIdempotencyKey(tenant: string, key: string): Promise<{ job: Job; hash: string } | undefined> {
    return this.#byIdempotencyKey(tenant, key);
  }

  #get(id: string, tenant?: string): Job | undefined {
    const row = tenant === undefined
      ? this.#prepare<[string], Row>(`SELECT ${COLUMNS} FROM jobs WHERE id = ?`).get(id)
      : this.#prepare<[string, string], Row>(`SELECT ${COLUMNS} FROM jobs WHERE id = ? AND tenant = ?`).get(id, tenant);
    return row ? toJob(row) : undefined;
  }

  async get(id: string, tenant?: string): Promise<Job | undefined> {
    return this.#get(id, tenant);
  }

  #sourceRow(id: string): SourceRow | undefined {
    return this.#prepare<[string], SourceRow>(`${SOURCE_SELECT} ?`).get(id);
  }

  async problemSource(id: string): Promise<ProblemSource | undefined> {
    const row = this.#sourceRow(id);
    return row ? sourceOf(row, this.bodiesDir) : undefined;
  }

  async problemParts(id: string): Promise<{ problem: unknown } | { base: unknown; variant: unknown } | undefined> {
    const row = this.#sourceRow(id);
    return row ? partsOf(row, this.bodiesDir) : undefined;
  }

  async resultText(id: string): Promise<string | undefined> {
    return this.#prepare<[string], { result: string | null }>('SELECT result FROM jobs WHERE id = ?').get(id)?.result ?? undefined;
  }

  async comparisonText(id: string): Promise<string | undefined> {
    return this.#prepare<[string], { comparison: string | null }>('SELECT comparison FROM jobs WHERE id = ?').get(id)?.comparison ?? undefined;
  }

  async pointResultText(id: string, index: number): Promise<string | undefined> {
    return this.#prepare<[string, number], { result: string }>('SELECT result FROM job_points WHERE job_id = ? AND idx = ?').get(id, index)?.result;
  }

  async list(filter: JobListFilter): Promise<{ jobs: Job[]; more: boolean } | undefined> {
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

  async claimNext(maxRunningOf: (tenant: string) => number = () => Infinity): Promise<Job | undefined> {
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
      return this.#get(row.id);
    })();
  }

  async updateProgress(id: string, progress: JobProgress): Promise<void> {
    this.#prepare("UPDATE jobs SET progress = ? WHERE id = ? AND status = 'running'").run(JSON.stringify(progress), id);
  }

  /** One transaction: the job's end and a frontier's point results appear together, or neither. */
  async finish(id: string, status: 'succeeded' | 'failed' | 'cancelled', outcome: JobOutcome): Promise<Job | undefined> {
    return this.#db.transaction(() => {
      if (this.#get(id)?.status === 'queued') this.#queued--;
      const ended = this.#prepare(`UPDATE jobs SET status = ?, finished_at = ?, result = COALESCE(?, result), comparison = COALESCE(?, comparison), error = ?, progress = COALESCE(?, progress)
        WHERE id = ? AND status IN ('queued', 'running')`).run(
        status, this.#stamp(), outcome.result ?? null, outcome.comparison ?? null, outcome.error ? JSON.stringify(outcome.error) : null,
        outcome.progress ? JSON.stringify(outcome.progress) : null, id,
      ).changes;
      if (ended > 0) outcome.points?.forEach((text, k) => this.#prepare('INSERT INTO job_points (job_id, idx, result) VALUES (?, ?, ?)').run(id, k, text));
      return this.#get(id);
    })();
  }

  async requestCancel(id: string): Promise<Job | undefined> {
    return this.#db.transaction(() => {
      this.#prepare("UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND status IN ('queued', 'running')").run(id);
      this.#queued -= this.#prepare("UPDATE jobs SET status = 'cancelled', finished_at = ? WHERE id = ? AND status = 'queued'").run(this.#stamp(), id).changes;
      return this.#get(id);
    })();
  }

  /**
   * Jobs a previous process left unended, oldest first: those it was running, and any still queued
   * with a cancel asked (for files written before requestCancel was one transaction).
   */
  async interrupted(): Promise<Job[]> {
    return this.#prepare<[], Row>(`SELECT ${COLUMNS} FROM jobs WHERE status = 'running' OR (status = 'queued' AND cancel_requested = 1) ORDER BY seq`).all().map(toJob);
  }

  async recordCrash(id: string): Promise<number> {
    this.#prepare("UPDATE jobs SET crashes = crashes + 1 WHERE id = ? AND status = 'running'").run(id);
    return this.#get(id)?.crashes ?? 0;
  }

  async requeue(id: string): Promise<boolean> {
    const changes = this.#prepare("UPDATE jobs SET status = 'queued', started_at = NULL, progress = ? WHERE id = ? AND status = 'running' AND cancel_requested = 0")
      .run(JSON.stringify(INITIAL_PROGRESS), id).changes;
    this.#queued += changes;
    return changes > 0;
  }

  async purge(id: string): Promise<boolean> {
    return this.#sweeps.purge(id);
  }

  async sweepJobs(before: string, limit: number, scope: SweepScope = EVERY_TENANT): Promise<number> {
    return this.#sweeps.sweepJobs(before, limit, scope);
  }

  async sweepScenarios(before: string, limit: number, scope: SweepScope = EVERY_TENANT): Promise<number> {
    return this.#sweeps.sweepScenarios(before, limit, scope);
  }

  async sweepOrphanBodies(minAgeMs: number): Promise<number> {
    return this.#sweeps.sweepOrphanBodies(minAgeMs);
  }

  async vacuum(): Promise<void> {
    this.#sweeps.vacuum();
  }

  async countByStatus(): Promise<Record<JobStatus, number>> {
    const out = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
    for (const r of this.#prepare<[], { status: JobStatus; n: number }>('SELECT status, COUNT(*) AS n FROM jobs GROUP BY status').all()) out[r.status] = r.n;
    return out;
  }

  async queuedCount(): Promise<number> {
    return this.#queued;
  }

  async queuedIds(limit: number): Promise<string[]> {
    return this.#prepare<[number], { id: string }>("SELECT id FROM jobs WHERE status = 'queued' ORDER BY seq LIMIT ?").all(limit).map((r) => r.id);
  }

  async getScenario(id: string, tenant?: string): Promise<Scenario | undefined> {
    const row = this.#prepare<[string], { id: string; tenant: string; created_at: string; variants: string }>('SELECT id, tenant, created_at, variants FROM scenarios WHERE id = ?').get(id);
    if (!row || (tenant !== undefined && row.tenant !== tenant)) return undefined;
    return { id: row.id, tenant: row.tenant, createdAt: row.created_at, variants: JSON.parse(row.variants) };
  }
}
