/**
 * Deleting ended work from the SQLite job store (pg/sweeps.ts for PostgreSQL; retention.ts runs the sweeps; DELETE ?purge=true the
 * purge): ended jobs outside scenarios, scenarios whose every variant ended, with their problems,
 * results and idempotency keys, and the large-document files their rows named (staged-bodies.ts).
 */
import { FINAL_STATUSES } from './job.ts';
import { removeOrphanBodies, removeStagedBodies } from './staged-bodies.ts';
import type { Statements } from './statements.ts';

/** Whose ended work a sweep deletes: one tenant's, or everyone's but some (those with their own retention). */
export type SweepScope = { readonly only: string } | { readonly except: readonly string[] };
export const EVERY_TENANT: SweepScope = { except: [] };
const SCOPE_SQL = '(? IS NULL OR tenant = ?) AND tenant NOT IN (SELECT value FROM json_each(?))';
function scopeArgs(scope: SweepScope): [string | null, string | null, string] {
  return 'only' in scope ? [scope.only, scope.only, '[]'] : [null, null, JSON.stringify(scope.except)];
}

/** Final statuses as an SQL list. */
const ENDED = `(${[...FINAL_STATUSES].map((s) => `'${s}'`).join(', ')})`;

export class StoreSweeps {
  constructor(
    private readonly sql: Statements,
    private readonly bodiesDir: string,
    private readonly now: () => Date,
  ) {}

  /** Deletes an ended job that belongs to no scenario (with its problem and result); returns whether it did. */
  purge(id: string): boolean {
    const gone = this.sql.prepare<[string], { problem_file: string | null }>(`DELETE FROM jobs WHERE id = ? AND status IN ${ENDED} AND scenario_id IS NULL RETURNING problem_file`).all(id);
    removeStagedBodies(this.bodiesDir, gone.map((r) => r.problem_file));
    return gone.length > 0;
  }

  /**
   * Deletes up to `limit` ended jobs outside scenarios that ended before `before` (ISO time), with
   * their problems, results and idempotency keys; returns how many.
   */
  sweepJobs(before: string, limit: number, scope: SweepScope): number {
    const gone = this.sql.prepare<unknown[], { problem_file: string | null }>(`DELETE FROM jobs WHERE id IN (
      SELECT id FROM jobs WHERE finished_at < ? AND status IN ${ENDED} AND scenario_id IS NULL AND ${SCOPE_SQL} LIMIT ?) RETURNING problem_file`)
      .all(before, ...scopeArgs(scope), limit);
    removeStagedBodies(this.bodiesDir, gone.map((r) => r.problem_file));
    return gone.length;
  }

  /**
   * Deletes up to `limit` scenarios created before `before` whose every job ended before it, with
   * those jobs (a comparison needs all of its variants, so they go together); returns how many.
   */
  sweepScenarios(before: string, limit: number, scope: SweepScope): number {
    const swept = this.sql.db.transaction(() => {
      const ids = this.sql.prepare<[string, string, string | null, string | null, string, number], { id: string }>(`SELECT id FROM scenarios s WHERE created_at < ? AND NOT EXISTS (
        SELECT 1 FROM jobs j WHERE j.scenario_id = s.id AND (j.status NOT IN ${ENDED} OR j.finished_at IS NULL OR j.finished_at >= ?)) AND ${SCOPE_SQL} LIMIT ?`)
        .all(before, before, ...scopeArgs(scope), limit);
      const files: Array<string | null> = [];
      for (const { id } of ids) {
        this.sql.prepare('DELETE FROM jobs WHERE scenario_id = ?').run(id);
        files.push(...this.sql.prepare<[string], { base_file: string | null }>('DELETE FROM scenarios WHERE id = ? RETURNING base_file').all(id).map((r) => r.base_file));
      }
      return { count: ids.length, files };
    })();
    removeStagedBodies(this.bodiesDir, swept.files);
    return swept.count;
  }

  /** Removes the large-document files no job or scenario names, once older than `minAgeMs` (staged-bodies.ts). */
  sweepOrphanBodies(minAgeMs: number): number {
    const named = new Set(this.sql.prepare<[], { f: string }>(
      'SELECT problem_file AS f FROM jobs WHERE problem_file IS NOT NULL UNION SELECT base_file FROM scenarios WHERE base_file IS NOT NULL').all().map((r) => r.f));
    return removeOrphanBodies(this.bodiesDir, named, this.now().getTime(), minAgeMs);
  }

  /** Gives the pages deleted rows freed back to the file system (auto_vacuum is INCREMENTAL). */
  vacuum(): void {
    this.sql.db.exec('PRAGMA incremental_vacuum');
  }
}
