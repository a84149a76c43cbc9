/**
 * Group commit for PostgreSQL submissions, the counterpart of the SQLite store's group-commit.ts.
 * A submission reads the queue counts and then inserts, under the admission advisory lock so that
 * QUEUE_MAX and the tenant caps hold across processes. With one transaction each, every process
 * queued behind every other's commit, and each submission cost seven round trips (291/s with two
 * API processes, BENCHMARKS.md "Scale-out"). Here the submissions that arrive while a batch is being
 * written form the next batch, which takes the lock, reads the counts and the idempotency keys it
 * needs, inserts every admitted job in one statement and commits once: four round trips and one
 * fsync for the whole batch.
 *
 * The batch decides in arrival order, as one commit each would have: each submission's admission
 * sees the counts at the batch's start plus the jobs admitted before it (jobs claimed meanwhile only
 * make them an overestimate), and a key used twice in a batch stores one job. Every promise settles
 * only after the commit, so an acknowledgement still follows a durable write. When PostgreSQL
 * refuses the batch's INSERT for one row's content, the batch is rolled back and each submission is
 * written again in a batch of its own, so that one fails alone; an unreachable database fails the
 * whole batch, and then nothing in it was stored.
 */
import { toJob, type Job, type JobRow } from '../job.ts';
import type { Admission, CreatedJob, QueueCounts } from '../store.ts';
import { isUnavailable, LOCKS, query, transaction, type Client, type Pool } from './database.ts';
import { COLUMNS, insertJobs, MAX_ROWS_PER_INSERT, type JobInsert } from './job-insert.ts';

export interface Submission extends JobInsert {
  readonly admit?: Admission | undefined;
}

interface Pending {
  readonly submission: Submission;
  readonly resolve: (value: CreatedJob) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true; readonly value: CreatedJob } | { readonly ok: false; readonly error: unknown };

export class PgGroupSubmit {
  readonly #pool: Pool;
  readonly #stamp: () => string;
  #pending: Pending[] = [];
  #writing = false;
  /** Batches committed and the jobs they stored, for the metrics and the tests. */
  batches = 0;
  writes = 0;

  constructor(pool: Pool, stamp: () => string) {
    this.#pool = pool;
    this.#stamp = stamp;
  }

  /** Stores the submission in the next batch; resolves once that batch has committed. */
  run(submission: Submission): Promise<CreatedJob> {
    return new Promise<CreatedJob>((resolve, reject) => {
      this.#pending.push({ submission, resolve, reject });
      // One batch at a time per process: what arrives meanwhile forms the next one, so batches
      // grow with the load instead of each submission waiting for the lock on its own.
      if (!this.#writing) {
        this.#writing = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#pending.splice(0, MAX_ROWS_PER_INSERT);
    try {
      await this.#settle(batch);
    } catch (err) {
      if (batch.length === 1 || unreachable(err)) for (const p of batch) p.reject(err);
      // One row PostgreSQL would not take: each again on its own, so only that one fails.
      else for (const p of batch) await this.#settle([p]).catch((e: unknown) => p.reject(e));
    } finally {
      if (this.#pending.length > 0) setImmediate(() => void this.#flush());
      else this.#writing = false;
    }
  }

  /** Writes one batch; settles its promises once it has committed, throws (settling none) otherwise. */
  async #settle(batch: readonly Pending[]): Promise<void> {
    const outcomes = await transaction(this.#pool, (c) => this.#write(c, batch.map((p) => p.submission)));
    this.batches++;
    outcomes.forEach((o, i) => {
      if (o.ok && o.value.created) this.writes++;
      if (o.ok) batch[i]!.resolve(o.value);
      else batch[i]!.reject(o.error);
    });
  }

  async #write(c: Client, batch: readonly Submission[]): Promise<Outcome[]> {
    // The lock and the counts in one round trip (a simple query may hold several statements).
    const [, counted] = (await c.query(`SELECT pg_advisory_xact_lock(${LOCKS.submit});
      SELECT tenant, COUNT(*)::int AS n FROM jobs WHERE status = 'queued' GROUP BY tenant`)) as unknown as [unknown, { rows: Array<{ tenant: string; n: number }> }];
    const queued = new Map(counted.rows.map((r) => [r.tenant, r.n]));
    let queuedAll = counted.rows.reduce((sum, r) => sum + r.n, 0);
    const stored = await storedKeys(c, batch);
    const outcomes: Array<Outcome | { readonly insert: number } | { readonly sameAs: number }> = [];
    const inserts: Submission[] = [];
    /** Tenant and key of each submission admitted in this batch, to the index of its outcome. */
    const admittedKeys = new Map<string, number>();
    for (const [i, s] of batch.entries()) {
      const key = s.idempotency ? keyOf(s.tenant, s.idempotency.key) : undefined;
      const earlier = key === undefined ? undefined : stored.get(key);
      if (earlier) {
        outcomes.push({ ok: true, value: { job: earlier.job, created: false, conflict: earlier.hash !== s.idempotency!.hash } });
        continue;
      }
      if (key !== undefined && admittedKeys.has(key)) {
        outcomes.push({ sameAs: admittedKeys.get(key)! });
        continue;
      }
      try {
        s.admit?.({ queued: queuedAll, queuedOfTenant: queued.get(s.tenant) ?? 0 } satisfies QueueCounts);
      } catch (error) {
        outcomes.push({ ok: false, error });
        continue;
      }
      queuedAll++;
      queued.set(s.tenant, (queued.get(s.tenant) ?? 0) + 1);
      if (key !== undefined) admittedKeys.set(key, i);
      outcomes.push({ insert: inserts.length });
      inserts.push(s);
    }
    const jobs = await insertJobs(c, inserts, this.#stamp());
    if (jobs.some((job) => job === undefined)) {
      // Under the lock no other submission can store a key; only a conflict we cannot explain.
      throw new Error('idempotency key conflict without a stored job');
    }
    const settled: Outcome[] = [];
    for (const o of outcomes) {
      if ('insert' in o) settled.push({ ok: true, value: { job: jobs[o.insert]!, created: true, conflict: false } });
      else if ('sameAs' in o) settled.push(sameKey(settled[o.sameAs]!, batch, o.sameAs, settled.length));
      else settled.push(o);
    }
    return settled;
  }
}

/** The database is not there (as transaction() reports it): retrying row by row would not help. */
function unreachable(err: unknown): boolean {
  return (err as { code?: unknown }).code === 'TD_ERR_STORE_UNAVAILABLE' || isUnavailable(err);
}

function keyOf(tenant: string, key: string): string {
  return `${tenant}\u0000${key}`;
}

/** A second submission of a key the batch stored: the first one's job, a conflict if its body differs. */
function sameKey(first: Outcome, batch: readonly Submission[], firstIndex: number, index: number): Outcome {
  if (!first.ok) return first;
  return { ok: true, value: { job: first.value.job, created: false, conflict: batch[firstIndex]!.idempotency!.hash !== batch[index]!.idempotency!.hash } };
}

/** The jobs already stored under the batch's idempotency keys, with the hash of the request that made each. */
async function storedKeys(c: Client, batch: readonly Submission[]): Promise<Map<string, { job: Job; hash: string }>> {
  const keyed = batch.filter((s) => s.idempotency);
  if (keyed.length === 0) return new Map();
  const rows = (await query<JobRow & { request_hash: string; idempotency_key: string }>(c,
    `SELECT ${COLUMNS}, request_hash, idempotency_key FROM jobs WHERE (tenant, idempotency_key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [keyed.map((s) => s.tenant), keyed.map((s) => s.idempotency!.key)])).rows;
  return new Map(rows.map((r) => [keyOf(r.tenant, r.idempotency_key), { job: toJob(r), hash: r.request_hash }]));
}
