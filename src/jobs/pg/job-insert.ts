/**
 * The INSERT of job rows, one or many in one statement: each round trip to PostgreSQL costs the API
 * process a socket write and a read, the largest part of a small submission's CPU time here.
 */
import { randomUUID } from 'node:crypto';
import { INITIAL_PROGRESS, JOB_COLUMNS, specTextOf, toJob, type Job, type JobRow, type NewJob } from '../job.ts';
import { problemTextOf } from '../source-row.ts';
import { query, type Client } from './database.ts';

/** SQLite gives booleans as 0 and 1, which toJob reads; PostgreSQL is asked for the same. */
export const COLUMNS = JOB_COLUMNS.replace('result IS NOT NULL AS has_result', '(result IS NOT NULL)::int AS has_result');

export interface JobInsert {
  readonly job: NewJob;
  readonly tenant: string;
  readonly idempotency?: { readonly key: string; readonly hash: string } | undefined;
}

const FIELDS = 'id, tenant, status, problem, problem_file, variant_spec, time_limit_seconds, webhook_url, scenario_id, variant, idempotency_key, request_hash, progress, created_at, accounts, pairs, kind, spec';
const PARAMS_PER_ROW = 17;
/** PostgreSQL takes at most 65,535 parameters in one statement. */
export const MAX_ROWS_PER_INSERT = Math.floor(65_535 / PARAMS_PER_ROW);

function values(row: JobInsert, id: string, createdAt: string): unknown[] {
  const { job, tenant, idempotency } = row;
  return [
    id, tenant, problemTextOf(job), job.problemFile ?? null, job.variantSpec === undefined ? null : JSON.stringify(job.variantSpec),
    job.timeLimitSeconds, job.webhookUrl ?? null, job.scenarioId ?? null, job.variant ?? null,
    idempotency?.key ?? null, idempotency?.hash ?? null, JSON.stringify(INITIAL_PROGRESS), createdAt, job.size?.accounts ?? 0, job.size?.pairs ?? 0,
    job.kind ?? 'solve', specTextOf(job),
  ];
}

/**
 * Inserts the rows (at most MAX_ROWS_PER_INSERT) queued, in one statement. Answers each row's job in
 * the order given, or undefined where the tenant's idempotency key was taken (ON CONFLICT).
 */
export async function insertJobs(c: Client, rows: readonly JobInsert[], createdAt: string): Promise<Array<Job | undefined>> {
  if (rows.length === 0) return [];
  const ids = rows.map(() => randomUUID());
  const params: unknown[] = [];
  const tuples = rows.map((row, r) => {
    params.push(...values(row, ids[r]!, createdAt));
    const at = r * PARAMS_PER_ROW;
    // status is the literal 'queued', the third column.
    const slots = Array.from({ length: PARAMS_PER_ROW }, (_, k) => `$${at + k + 1}`);
    return `(${slots.slice(0, 2).join(', ')}, 'queued', ${slots.slice(2).join(', ')})`;
  });
  const inserted = (await query<JobRow>(c, `INSERT INTO jobs (${FIELDS}) VALUES ${tuples.join(', ')}
    ON CONFLICT ON CONSTRAINT jobs_tenant_idempotency_key DO NOTHING RETURNING ${COLUMNS}`, params)).rows;
  // RETURNING gives no promise about order: match the rows by id.
  const byId = new Map(inserted.map((row) => [row.id, toJob(row)]));
  return ids.map((id) => byId.get(id));
}
