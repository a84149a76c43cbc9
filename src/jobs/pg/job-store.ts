/**
 * The job store in PostgreSQL (DATABASE_URL): the JobStore of store.ts, for several API processes
 * sharing one database. What SQLite gets from being the only writer is made explicit here:
 *
 * - a submission is acknowledged once its transaction has committed (synchronous_commit on, the
 *   server's default, makes that durable); idempotency keys are unique per tenant by a UNIQUE
 *   constraint, so two processes given one key at once store one job;
 * - admission (QUEUE_MAX, the tenant's share) and claims read counts and then write, each under a
 *   transaction-scoped advisory lock, so the caps hold across processes; submissions are written
 *   in batches under one lock and one commit (group-submit.ts);
 * - a claim is one `UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1)`: two claims
 *   never get one job;
 * - each open store is a row in `runners` with a heartbeat; a running job belongs to the runner
 *   that claimed it (`owner`), and is interrupted (recovery.ts) only once its runner's heartbeat is
 *   older than the lease: a process that stops answering gives its jobs back, a live one keeps them.
 *
 * Large documents arrive as files the parse thread staged under DATA_DIR (staged-bodies.ts); this
 * store reads each into its row and removes the file once the row is committed, so every process,
 * on any machine, reads every problem from the database. (Reading it back costs one async read
 * and one copy of the text on this thread: tens of milliseconds for 50 MB, not the synchronous
 * write that made SQLite keep them as files.)
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FastifyBaseLogger } from 'fastify';
import { DEFAULT_TENANT } from '../../auth/api-keys.ts';
import { nextInLine } from '../fair-queue.ts';
import { INITIAL_PROGRESS, JOB_STATUSES, toJob, type Job, type JobProgress, type JobRow as Row, type JobStatus, type NewJob } from '../job.ts';
import { baseTextOf, partsOf, SOURCE_SELECT, sourceOf, type SourceRow } from '../source-row.ts';
import { bodiesDir, removeStagedBodies, stagedBodyPath } from '../staged-bodies.ts';
import { EVERY_TENANT, type SweepScope } from '../store-sweeps.ts';
import type { Admission, CreatedJob, CreateOptions, JobListFilter, JobOutcome, JobStore, ProblemSource, QueueCounts, Scenario, ScenarioBase } from '../store.ts';
import { LOCKS, query, transaction, type Client, type Pool } from './database.ts';
import { PgGroupSubmit } from './group-submit.ts';
import { COLUMNS, insertJobs } from './job-insert.ts';
import * as sweeps from './sweeps.ts';


export interface PgStoreOptions {
  readonly dataDir: string;
  readonly now?: () => Date;
  /** Between heartbeats of this store's runner row. */
  readonly heartbeatMs?: number;
  /** A runner whose heartbeat is older than this is gone: its running jobs are interrupted. */
  readonly leaseMs?: number;
  /** How often the runner looks for jobs other processes queued. */
  readonly pollMs?: number;
  readonly log?: Pick<FastifyBaseLogger, 'warn'>;
}

type Db = Pool | Client;

/** The first row of one statement (an unreachable database is TD_ERR_STORE_UNAVAILABLE). */
async function one<R>(db: Db, sql: string, params: readonly unknown[]): Promise<R | undefined> {
  return (await query<R>(db, sql, params)).rows[0];
}

export class PgJobStore implements JobStore {
  readonly backend = 'postgres' as const;
  readonly bodiesDir: string;
  readonly migrations: readonly string[];
  readonly sharedPollMs: number;
  /** This store's row in `runners`: the owner of the jobs it claims. */
  readonly runnerId = randomUUID();
  readonly #pool: Pool;
  readonly #now: () => Date;
  readonly #leaseMs: number;
  readonly #heartbeat: NodeJS.Timeout;
  readonly #log: Pick<FastifyBaseLogger, 'warn'> | undefined;
  #open = true;
  readonly #submits: PgGroupSubmit;
  #scenarioCommits = 0;

  private constructor(pool: Pool, migrations: readonly string[], options: PgStoreOptions) {
    this.#pool = pool;
    this.#submits = new PgGroupSubmit(pool, () => this.#stamp());
    this.migrations = migrations;
    this.bodiesDir = bodiesDir(options.dataDir);
    this.#now = options.now ?? (() => new Date());
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.sharedPollMs = options.pollMs ?? 1000;
    this.#log = options.log;
    this.#heartbeat = setInterval(() => void this.#beat(), options.heartbeatMs ?? 5000);
    this.#heartbeat.unref();
  }

  /** A store on `pool` (migrated by the caller: pg/open.ts); registers its runner row. */
  static async open(pool: Pool, migrations: readonly string[], options: PgStoreOptions): Promise<PgJobStore> {
    const store = new PgJobStore(pool, migrations, options);
    try {
      await store.#beat(true);
    } catch (err) {
      clearInterval(store.#heartbeat);
      throw err;
    }
    return store;
  }

  async #beat(first = false): Promise<void> {
    try {
      await query(this.#pool, 'INSERT INTO runners (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()', [this.runnerId]);
    } catch (err) {
      if (first) throw err;
      // Missed beats only matter after a lease; the next beat will tell the database again.
      if (this.#open) this.#log?.warn({ err: { message: (err as Error).message } }, 'runner heartbeat not written');
    }
  }

  #stamp(): string {
    return this.#now().toISOString();
  }

  get isOpen(): boolean {
    return this.#open;
  }

  now(): Date {
    return this.#now();
  }

  /** Where the database is, never who connects or with what password. */
  describe(): Record<string, unknown> {
    const url = (this.#pool.options as { connectionString?: string }).connectionString;
    let where: Record<string, string> = {};
    try {
      const u = new URL(url ?? '');
      where = { host: u.hostname, port: u.port || '5432', database: decodeURIComponent(u.pathname.slice(1)) };
    } catch {
      // A URL pg takes but URL does not: the backend alone is logged.
    }
    return { backend: this.backend, ...where, runnerId: this.runnerId };
  }

  async ping(): Promise<void> {
    await query(this.#pool, 'SELECT 1');
  }

  /** Ends the runner row (its jobs were requeued by the runner's stop) and the pool. */
  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    clearInterval(this.#heartbeat);
    await query(this.#pool, 'DELETE FROM runners WHERE id = $1', [this.runnerId]).catch(() => {});
    await this.#pool.end();
  }

  /** Commits of submissions: group commits of single jobs plus one per scenario. */
  commitStats(): { batches: number; writes: number } {
    return { batches: this.#submits.batches + this.#scenarioCommits, writes: this.#submits.writes + this.#scenarioCommits };
  }

  async #queueCounts(c: Client, tenant: string): Promise<QueueCounts> {
    await c.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.submit]);
    const row = (await query<{ queued: number; mine: number }>(c, "SELECT COUNT(*) AS queued, COUNT(*) FILTER (WHERE tenant = $1) AS mine FROM jobs WHERE status = 'queued'", [tenant])).rows[0]!;
    return { queued: row.queued, queuedOfTenant: row.mine };
  }

  /** A document staged as a file, with its text in place of the file's name (the row keeps the text). */
  async #inline<T extends { readonly problemFile?: string | undefined; readonly problemJson?: string | undefined }>(doc: T): Promise<T> {
    if (doc.problemFile === undefined) return doc;
    const { problemFile, ...rest } = doc;
    return { ...rest, problemJson: await readFile(stagedBodyPath(this.bodiesDir, problemFile), 'utf8') } as T;
  }

  async create(staged: NewJob, options: CreateOptions = {}): Promise<CreatedJob> {
    const job = await this.#inline(staged);
    // In a batch with the submissions that arrive meanwhile (group-submit.ts): one lock, one commit.
    const created = await this.#submits.run({ job, tenant: job.tenant ?? DEFAULT_TENANT, idempotency: options.idempotency, admit: options.admit });
    // The row holds the text now; a replay's file is the caller's to remove (it names no row).
    if (created.created) removeStagedBodies(this.bodiesDir, [staged.problemFile ?? null]);
    return created;
  }

  async createScenario(id: string, tenant: string, staged: ScenarioBase, variants: readonly NewJob[], admit?: Admission): Promise<Array<{ name: string; jobId: string }>> {
    const base = await this.#inline(staged);
    const created = await transaction(this.#pool, async (c) => {
      if (admit) admit(await this.#queueCounts(c, tenant));
      await c.query('INSERT INTO scenarios (id, tenant, created_at, variants, base, base_file) VALUES ($1, $2, $3, $4, $5, $6)', [id, tenant, this.#stamp(), '[]', baseTextOf(base), base.problemFile ?? null]);
      const inserted = await insertJobs(c, variants.map((v) => ({ job: { ...v, tenant, scenarioId: id }, tenant })), this.#stamp());
      const jobs = variants.map((v, k) => ({ name: v.variant ?? '', jobId: inserted[k]!.id }));
      await c.query('UPDATE scenarios SET variants = $1 WHERE id = $2', [JSON.stringify(jobs), id]);
      return jobs;
    });
    this.#scenarioCommits++;
    removeStagedBodies(this.bodiesDir, [staged.problemFile ?? null]);
    return created;
  }

  async #byIdempotencyKey(db: Db, tenant: string, key: string): Promise<{ job: Job; hash: string } | undefined> {
    const row = await one<Row & { request_hash: string }>(db, `SELECT ${COLUMNS}, request_hash FROM jobs WHERE tenant = $1 AND idempotency_key = $2`, [tenant, key]);
    return row ? { job: toJob(row), hash: row.request_hash } : undefined;
  }

  async findByIdempotencyKey(tenant: string, key: string): Promise<{ job: Job; hash: string } | undefined> {
    return this.#byIdempotencyKey(this.#pool, tenant, key);
  }

  async #row<R>(sql: string, params: readonly unknown[]): Promise<R | undefined> {
    return (await query<R>(this.#pool, sql, params)).rows[0];
  }

  async get(id: string, tenant?: string): Promise<Job | undefined> {
    const row = tenant === undefined
      ? await this.#row<Row>(`SELECT ${COLUMNS} FROM jobs WHERE id = $1`, [id])
      : await this.#row<Row>(`SELECT ${COLUMNS} FROM jobs WHERE id = $1 AND tenant = $2`, [id, tenant]);
    return row ? toJob(row) : undefined;
  }

  async problemSource(id: string): Promise<ProblemSource | undefined> {
    const row = await this.#row<SourceRow>(`${SOURCE_SELECT} $1`, [id]);
    return row ? sourceOf(row, this.bodiesDir) : undefined;
  }

  async problemParts(id: string): Promise<{ problem: unknown } | { base: unknown; variant: unknown } | undefined> {
    const row = await this.#row<SourceRow>(`${SOURCE_SELECT} $1`, [id]);
    return row ? partsOf(row, this.bodiesDir) : undefined;
  }

  async resultText(id: string): Promise<string | undefined> {
    return (await this.#row<{ result: string | null }>('SELECT result FROM jobs WHERE id = $1', [id]))?.result ?? undefined;
  }

  async comparisonText(id: string): Promise<string | undefined> {
    return (await this.#row<{ comparison: string | null }>('SELECT comparison FROM jobs WHERE id = $1', [id]))?.comparison ?? undefined;
  }

  async pointResultText(id: string, index: number): Promise<string | undefined> {
    return (await this.#row<{ result: string }>('SELECT result FROM job_points WHERE job_id = $1 AND idx = $2', [id, index]))?.result;
  }

  async list(filter: JobListFilter): Promise<{ jobs: Job[]; more: boolean } | undefined> {
    const tenant = filter.tenant ?? DEFAULT_TENANT;
    let before = 2 ** 31 - 1;
    if (filter.after) {
      const row = await this.#row<{ seq: number }>('SELECT seq FROM jobs WHERE id = $1 AND created_at = $2 AND tenant = $3', [filter.after.id, filter.after.createdAt, tenant]);
      if (!row) return undefined;
      before = row.seq;
    }
    const rows = filter.status
      ? (await query<Row>(this.#pool, `SELECT ${COLUMNS} FROM jobs WHERE tenant = $1 AND status = $2 AND seq < $3 ORDER BY seq DESC LIMIT $4`, [tenant, filter.status, before, filter.limit + 1])).rows
      : (await query<Row>(this.#pool, `SELECT ${COLUMNS} FROM jobs WHERE tenant = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3`, [tenant, before, filter.limit + 1])).rows;
    return { jobs: rows.slice(0, filter.limit).map(toJob), more: rows.length > filter.limit };
  }

  async getScenario(id: string, tenant?: string): Promise<Scenario | undefined> {
    const row = await this.#row<{ id: string; tenant: string; created_at: string; variants: string }>('SELECT id, tenant, created_at, variants FROM scenarios WHERE id = $1', [id]);
    if (!row || (tenant !== undefined && row.tenant !== tenant)) return undefined;
    return { id: row.id, tenant: row.tenant, createdAt: row.created_at, variants: JSON.parse(row.variants) };
  }

  /**
   * Fair between tenants as in SQLite (fair-queue.ts), under the claim lock so that the running
   * counts the caps are checked against are not changing under it; the claim itself skips rows
   * another transaction holds, so it can never take a job twice.
   */
  async claimNext(maxRunningOf: (tenant: string) => number = () => Infinity): Promise<Job | undefined> {
    return transaction(this.#pool, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.claim]);
      const heads = (await query<{ tenant: string; id: string; seq: number }>(c, "SELECT DISTINCT ON (tenant) tenant, id, seq FROM jobs WHERE status = 'queued' ORDER BY tenant, seq")).rows;
      if (heads.length === 0) return undefined;
      const running = new Map((await query<{ tenant: string; n: number }>(c, "SELECT tenant, COUNT(*) AS n FROM jobs WHERE status = 'running' GROUP BY tenant")).rows.map((r) => [r.tenant, r.n]));
      const lastStart = new Map((await query<{ tenant: string; t: string | null }>(c, 'SELECT tenant, MAX(started_at) AS t FROM jobs WHERE tenant = ANY($1::text[]) GROUP BY tenant', [heads.map((h) => h.tenant)])).rows.map((r) => [r.tenant, r.t]));
      const head = nextInLine(heads.map((h) => ({ ...h, running: running.get(h.tenant) ?? 0, lastStartedAt: lastStart.get(h.tenant) ?? null })), maxRunningOf);
      if (!head) return undefined;
      const row = await one<Row>(c, `UPDATE jobs SET status = 'running', started_at = $1, attempts = attempts + 1, progress = $2, owner = $3
        WHERE id = (SELECT id FROM jobs WHERE status = 'queued' AND tenant = $4 ORDER BY seq FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING ${COLUMNS}`,
      [this.#stamp(), JSON.stringify({ ...INITIAL_PROGRESS, phase: 'starting' }), this.runnerId, head.tenant]);
      return row ? toJob(row) : undefined;
    });
  }

  async updateProgress(id: string, progress: JobProgress): Promise<void> {
    await query(this.#pool, "UPDATE jobs SET progress = $1 WHERE id = $2 AND status = 'running'", [JSON.stringify(progress), id]);
  }

  /** One transaction: the job's end and a frontier's point results appear together, or neither. */
  async finish(id: string, status: 'succeeded' | 'failed' | 'cancelled', outcome: JobOutcome): Promise<Job | undefined> {
    const points = outcome.points ?? [];
    await transaction(this.#pool, async (c) => {
      const row = await one<{ id: string }>(c, `UPDATE jobs SET status = $1, finished_at = $2, result = COALESCE($3, result), comparison = COALESCE($4, comparison), error = $5, progress = COALESCE($6, progress)
        WHERE id = $7 AND status IN ('queued', 'running') RETURNING id`, [
        status, this.#stamp(), outcome.result ?? null, outcome.comparison ?? null, outcome.error ? JSON.stringify(outcome.error) : null,
        outcome.progress ? JSON.stringify(outcome.progress) : null, id,
      ]);
      if (row && points.length > 0) {
        await c.query('INSERT INTO job_points (job_id, idx, result) SELECT $1, k - 1, r FROM unnest($2::text[]) WITH ORDINALITY AS t (r, k)', [id, points]);
      }
    });
    return this.get(id);
  }

  async requestCancel(id: string): Promise<Job | undefined> {
    await transaction(this.#pool, async (c) => {
      await c.query("UPDATE jobs SET cancel_requested = 1 WHERE id = $1 AND status IN ('queued', 'running')", [id]);
      await c.query("UPDATE jobs SET status = 'cancelled', finished_at = $1 WHERE id = $2 AND status = 'queued'", [this.#stamp(), id]);
    });
    return this.get(id);
  }

  /** Running jobs whose runner's heartbeat is older than the lease (or gone), and queued ones with a cancel asked. */
  async interrupted(): Promise<Job[]> {
    const { rows } = await query<Row>(this.#pool, `SELECT ${COLUMNS} FROM jobs j WHERE (j.status = 'running' AND NOT EXISTS (
        SELECT 1 FROM runners r WHERE r.id = j.owner AND r.heartbeat_at > now() - make_interval(secs => $1)))
      OR (j.status = 'queued' AND j.cancel_requested = 1) ORDER BY j.seq`, [this.#leaseMs / 1000]);
    return rows.map(toJob);
  }

  async recordCrash(id: string): Promise<number> {
    const row = await this.#row<{ crashes: number }>("UPDATE jobs SET crashes = crashes + 1 WHERE id = $1 AND status = 'running' RETURNING crashes", [id]);
    return row?.crashes ?? (await this.get(id))?.crashes ?? 0;
  }

  async requeue(id: string): Promise<boolean> {
    const res = await query(this.#pool, "UPDATE jobs SET status = 'queued', started_at = NULL, owner = NULL, progress = $1 WHERE id = $2 AND status = 'running' AND cancel_requested = 0", [JSON.stringify(INITIAL_PROGRESS), id]);
    return (res.rowCount ?? 0) > 0;
  }

  purge(id: string): Promise<boolean> {
    return sweeps.purge(this.#pool, this.bodiesDir, id);
  }

  sweepJobs(before: string, limit: number, scope: SweepScope = EVERY_TENANT): Promise<number> {
    return sweeps.sweepJobs(this.#pool, this.bodiesDir, before, limit, scope);
  }

  sweepScenarios(before: string, limit: number, scope: SweepScope = EVERY_TENANT): Promise<number> {
    return sweeps.sweepScenarios(this.#pool, this.bodiesDir, before, limit, scope);
  }

  sweepOrphanBodies(minAgeMs: number): Promise<number> {
    return sweeps.sweepOrphanBodies(this.#pool, this.bodiesDir, this.#now().getTime(), minAgeMs);
  }

  /** Autovacuum gives deleted rows' space back; nothing to ask for. */
  async vacuum(): Promise<void> {}

  async countByStatus(): Promise<Record<JobStatus, number>> {
    const out = Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as Record<JobStatus, number>;
    for (const r of (await query<{ status: JobStatus; n: number }>(this.#pool, 'SELECT status, COUNT(*) AS n FROM jobs GROUP BY status')).rows) out[r.status] = r.n;
    return out;
  }

  async queuedIds(limit: number): Promise<string[]> {
    return (await query<{ id: string }>(this.#pool, "SELECT id FROM jobs WHERE status = 'queued' ORDER BY seq LIMIT $1", [limit])).rows.map((r) => r.id);
  }

  async queuedCount(): Promise<number> {
    return (await this.#row<{ n: number }>("SELECT COUNT(*) AS n FROM jobs WHERE status = 'queued'", []))!.n;
  }
}
