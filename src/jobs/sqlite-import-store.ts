/**
 * Stored imports (POST /v1/imports) in the embedded store's SQLite file (the `imports` table of
 * database.ts), so that POST /v1/jobs and /v1/scenarios can take `importId` instead of the problem.
 * Another tenant's id is as unknown as one that never existed. Imports expire RETENTION_DAYS after
 * they were made (retention.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Database as Db } from 'better-sqlite3';
import type { ImportStore, StoredImport, SweepScope } from './store.ts';

export class SqliteImportStore implements ImportStore {
  readonly #db: Db;
  readonly #now: () => Date;

  constructor(db: Db, now: () => Date = () => new Date()) {
    this.#db = db;
    this.#now = now;
  }

  async create(tenant: string, problem: string, report: string): Promise<{ id: string; createdAt: string }> {
    const id = randomUUID();
    const createdAt = this.#now().toISOString();
    this.#db.prepare('INSERT INTO imports (id, tenant, created_at, problem, report) VALUES (?, ?, ?, ?, ?)').run(id, tenant, createdAt, problem, report);
    return { id, createdAt };
  }

  async get(id: string, tenant: string): Promise<StoredImport | undefined> {
    const row = this.#db.prepare<[string, string], { id: string; created_at: string; problem: string; report: string }>('SELECT id, created_at, problem, report FROM imports WHERE id = ? AND tenant = ?').get(id, tenant);
    return row ? { id: row.id, createdAt: row.created_at, problem: row.problem, report: row.report } : undefined;
  }

  async problemText(id: string, tenant: string): Promise<string | undefined> {
    return this.#db.prepare<[string, string], { problem: string }>('SELECT problem FROM imports WHERE id = ? AND tenant = ?').get(id, tenant)?.problem;
  }

  async sweep(before: string, limit: number, scope: SweepScope): Promise<number> {
    const [only, except] = 'only' in scope ? [scope.only, '[]'] : [null, JSON.stringify(scope.except)];
    return this.#db.prepare(`DELETE FROM imports WHERE id IN (SELECT id FROM imports WHERE created_at < ? AND (? IS NULL OR tenant = ?) AND tenant NOT IN (SELECT value FROM json_each(?)) LIMIT ?)`)
      .run(before, only, only, except, limit).changes;
  }
}
