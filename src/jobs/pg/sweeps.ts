/**
 * Deleting ended work from the PostgreSQL store, as store-sweeps.ts does for SQLite: ended jobs
 * outside scenarios, scenarios whose every variant ended (with their jobs), and the staged files the
 * deleted rows named. Batches of `limit`, so one sweep never holds a large lock for long.
 */
import { FINAL_STATUSES } from '../job.ts';
import { removeOrphanBodies, removeStagedBodies } from '../staged-bodies.ts';
import type { SweepScope } from '../store-sweeps.ts';
import { query, transaction, type Pool } from './database.ts';

/** Final statuses as an SQL list. */
export const ENDED = `(${[...FINAL_STATUSES].map((s) => `'${s}'`).join(', ')})`;

/** The scope as SQL over `tenant`, its two parameters numbered from `at`. */
function scopeSql(at: number): string {
  return `($${at}::text IS NULL OR tenant = $${at}) AND NOT (tenant = ANY($${at + 1}::text[]))`;
}

function scopeArgs(scope: SweepScope): [string | null, string[]] {
  return 'only' in scope ? [scope.only, []] : [null, [...scope.except]];
}

export async function purge(pool: Pool, bodiesDir: string, id: string): Promise<boolean> {
  const gone = await query<{ problem_file: string | null }>(pool, `DELETE FROM jobs WHERE id = $1 AND status IN ${ENDED} AND scenario_id IS NULL RETURNING problem_file`, [id]);
  removeStagedBodies(bodiesDir, gone.rows.map((r) => r.problem_file));
  return gone.rows.length > 0;
}

export async function sweepJobs(pool: Pool, bodiesDir: string, before: string, limit: number, scope: SweepScope): Promise<number> {
  const gone = await query<{ problem_file: string | null }>(pool, `DELETE FROM jobs WHERE id IN (
    SELECT id FROM jobs WHERE finished_at < $1 AND status IN ${ENDED} AND scenario_id IS NULL AND ${scopeSql(2)} LIMIT $4) RETURNING problem_file`, [before, ...scopeArgs(scope), limit]);
  removeStagedBodies(bodiesDir, gone.rows.map((r) => r.problem_file));
  return gone.rows.length;
}

export async function sweepScenarios(pool: Pool, bodiesDir: string, before: string, limit: number, scope: SweepScope): Promise<number> {
  const swept = await transaction(pool, async (c) => {
    const ids = (await query<{ id: string }>(c, `SELECT id FROM scenarios s WHERE created_at < $1 AND NOT EXISTS (
      SELECT 1 FROM jobs j WHERE j.scenario_id = s.id AND (j.status NOT IN ${ENDED} OR j.finished_at IS NULL OR j.finished_at >= $1)) AND ${scopeSql(2)} LIMIT $4`,
    [before, ...scopeArgs(scope), limit])).rows.map((r) => r.id);
    if (ids.length === 0) return { count: 0, files: [] };
    await c.query('DELETE FROM jobs WHERE scenario_id = ANY($1::text[])', [ids]);
    const files = (await query<{ base_file: string | null }>(c, 'DELETE FROM scenarios WHERE id = ANY($1::text[]) RETURNING base_file', [ids])).rows.map((r) => r.base_file);
    return { count: ids.length, files };
  });
  removeStagedBodies(bodiesDir, swept.files);
  return swept.count;
}

export async function sweepOrphanBodies(pool: Pool, bodiesDir: string, now: number, minAgeMs: number): Promise<number> {
  const named = await query<{ f: string }>(pool, 'SELECT problem_file AS f FROM jobs WHERE problem_file IS NOT NULL UNION SELECT base_file FROM scenarios WHERE base_file IS NOT NULL');
  return removeOrphanBodies(bodiesDir, new Set(named.rows.map((r) => r.f)), now, minAgeMs);
}

/** Imports made before `before` in the scope, up to `limit`. */
export async function sweepImports(pool: Pool, before: string, limit: number, scope: SweepScope): Promise<number> {
  const gone = await query(pool, `DELETE FROM imports WHERE id IN (SELECT id FROM imports WHERE created_at < $1 AND ${scopeSql(2)} LIMIT $4)`, [before, ...scopeArgs(scope), limit]);
  return gone.rowCount ?? 0;
}
