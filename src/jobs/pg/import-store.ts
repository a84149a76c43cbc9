/** Stored imports (POST /v1/imports) in PostgreSQL: the same contract as sqlite-import-store.ts. */
import { randomUUID } from 'node:crypto';
import type { ImportStore, StoredImport, SweepScope } from '../store.ts';
import { query, type Pool } from './database.ts';
import { sweepImports } from './sweeps.ts';

export class PgImportStore implements ImportStore {
  constructor(
    private readonly pool: Pool,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(tenant: string, problem: string, report: string): Promise<{ id: string; createdAt: string }> {
    const id = randomUUID();
    const createdAt = this.now().toISOString();
    await query(this.pool, 'INSERT INTO imports (id, tenant, created_at, problem, report) VALUES ($1, $2, $3, $4, $5)', [id, tenant, createdAt, problem, report]);
    return { id, createdAt };
  }

  async get(id: string, tenant: string): Promise<StoredImport | undefined> {
    const row = (await query<{ id: string; created_at: string; problem: string; report: string }>(this.pool, 'SELECT id, created_at, problem, report FROM imports WHERE id = $1 AND tenant = $2', [id, tenant])).rows[0];
    return row ? { id: row.id, createdAt: row.created_at, problem: row.problem, report: row.report } : undefined;
  }

  async problemText(id: string, tenant: string): Promise<string | undefined> {
    return (await query<{ problem: string }>(this.pool, 'SELECT problem FROM imports WHERE id = $1 AND tenant = $2', [id, tenant])).rows[0]?.problem;
  }

  sweep(before: string, limit: number, scope: SweepScope): Promise<number> {
    return sweepImports(this.pool, before, limit, scope);
  }
}
