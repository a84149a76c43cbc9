/**
 * Stored imports (POST /v1/imports): the problem document and the import report, per tenant, in the
 * job store's SQLite file (the `imports` table of database.ts), so that POST /v1/jobs and
 * /v1/scenarios can take `importId` instead of the problem. Another tenant's id is as unknown as one
 * that never existed. Imports expire RETENTION_DAYS after they were made (retention.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Database as Db } from 'better-sqlite3';
import type { SweepScope } from './store.ts';

export interface StoredImport {
  readonly id: string;
  readonly createdAt: string;
  /** The problem document, as JSON text. */
  readonly problem: string;
  /** The import report, as JSON text. */
  readonly report: string;
}

export class ImportStore {
  readonly #db: Db;
  readonly #now: () => Date;

  constructor(db: Db, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  create(tenant: string, problem: string, report: string): { id: string; createdAt: string } {
    const id = randomUUID();
    const createdAt = this.#now().toISOString();
    this.#db.prepare('INSERT INTO imports (id, tenant, created_at, problem, report) VALUES (?, ?, ?, ?, ?)').run(id, tenant, createdAt, problem, report);
    return { id, createdAt };
  }

  get(id: string, tenant: string): StoredImport | undefined {
    const row = this.#db.prepare<[string, string], { id: string; created_at: string; problem: string; report: string }>('SELECT id, created_at, problem, report FROM imports WHERE id = ? AND tenant = ?').get(id, tenant);
    return row ? { id: row.id, createdAt: row.created_at, problem: row.problem, report: row.report } : undefined;
  }

  /** The problem text of the tenant's import, or undefined. */
  problemText(id: string, tenant: string): string | undefined {
    return this.#db.prepare<[string, string], { problem: string }>('SELECT problem FROM imports WHERE id = ? AND tenant = ?').get(id, tenant)?.problem;
  }

  /** Deletes up to `limit` imports made before `before` (ISO time) in the scope; returns how many. */
  sweep(before: string, limit: number, scope: SweepScope): number {
    const [only, except] = 'only' in scope ? [scope.only, '[]'] : [null, JSON.stringify(scope.except)];
    return this.#db.prepare(`DELETE FROM imports WHERE id IN (SELECT id FROM imports WHERE created_at < ? AND (? IS NULL OR tenant = ?) AND tenant NOT IN (SELECT value FROM json_each(?)) LIMIT ?)`)
      .run(before, only, only, except, limit).changes;
  }
}
