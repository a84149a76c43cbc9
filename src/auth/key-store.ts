/**
 * The API keys, in the job store's SQLite file (table api_keys), each belonging to one tenant and
 * kept as a hash. Its own connection, so the command line (`territory keys ...`) can create and
 * revoke keys while the service runs: SQLite in WAL mode takes both, and the service sees a new or
 * revoked key on its next request.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { generateKey, hashKey } from './api-keys.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS api_keys (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
`;

export interface ApiKeyInfo {
  readonly id: string;
  readonly tenant: string;
  /** `cli` (territory keys create) or `env` (API_KEYS). */
  readonly source: 'cli' | 'env';
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

interface Row {
  id: string;
  tenant: string;
  source: 'cli' | 'env';
  created_at: string;
  revoked_at: string | null;
}

const toInfo = (r: Row): ApiKeyInfo => ({ id: r.id, tenant: r.tenant, source: r.source, createdAt: r.created_at, revokedAt: r.revoked_at });

export class KeyStore {
  readonly #db: Db;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new Database(join(dataDir, 'jobs.sqlite'));
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(SCHEMA);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  /** A new key for `tenant`; the key itself is returned once and never stored. */
  create(tenant: string, source: 'cli' | 'env' = 'cli'): { info: ApiKeyInfo; key: string } {
    const key = generateKey();
    return { info: this.add(tenant, key, source), key };
  }

  /** Stores a key given from outside (API_KEYS); a key already stored keeps its record. */
  add(tenant: string, key: string, source: 'cli' | 'env'): ApiKeyInfo {
    const hash = hashKey(key);
    const existing = this.#db.prepare<[string], Row>('SELECT * FROM api_keys WHERE hash = ?').get(hash);
    if (existing) {
      if (existing.tenant !== tenant) throw new Error(`this key already belongs to tenant "${existing.tenant}"`);
      return toInfo(existing);
    }
    const id = `key_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    this.#db.prepare('INSERT INTO api_keys (id, tenant, hash, source, created_at) VALUES (?, ?, ?, ?, ?)').run(id, tenant, hash, source, new Date().toISOString());
    return toInfo(this.#db.prepare<[string], Row>('SELECT * FROM api_keys WHERE id = ?').get(id)!);
  }

  /** Revokes a key by id; false if there is no such active key. */
  revoke(id: string): boolean {
    return this.#db.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(new Date().toISOString(), id).changes > 0;
  }

  list(): ApiKeyInfo[] {
    return this.#db.prepare<[], Row>('SELECT * FROM api_keys ORDER BY created_at, id').all().map(toInfo);
  }

  /** The tenant of an active key, or undefined. */
  tenantOf(key: string): string | undefined {
    return this.#db.prepare<[string], { tenant: string }>('SELECT tenant FROM api_keys WHERE hash = ? AND revoked_at IS NULL').get(hashKey(key))?.tenant;
  }

  /** Active keys: none means the service runs without authentication (loopback only). */
  activeCount(): number {
    return this.#db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM api_keys WHERE revoked_at IS NULL').get()!.n;
  }
}
