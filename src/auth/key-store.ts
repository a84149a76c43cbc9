/**
 * The API keys, each belonging to one tenant and kept as a hash: the KeyStore interface, and its
 * embedded backend in the job store's SQLite file (table api_keys; jobs/pg/key-store.ts keeps them
 * in PostgreSQL). The SQLite store has its own connection, so the command line (`territory keys
 * ...`) can create and revoke keys while the service runs: SQLite in WAL mode takes both, and the
 * service sees a new or revoked key on its next request.
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

export interface KeyStore {
  /** A new key for `tenant`; the key itself is returned once and never stored. */
  create(tenant: string, source?: 'cli' | 'env'): Promise<{ info: ApiKeyInfo; key: string }>;
  /** Stores a key given from outside (API_KEYS); a key already stored keeps its record. */
  add(tenant: string, key: string, source: 'cli' | 'env'): Promise<ApiKeyInfo>;
  /** Revokes a key by id; false if there is no such active key. */
  revoke(id: string): Promise<boolean>;
  list(): Promise<ApiKeyInfo[]>;
  /** The tenant of an active key, or undefined. */
  tenantOf(key: string): Promise<string | undefined>;
  /** Active keys: none means the service runs without authentication (loopback only). */
  activeCount(): Promise<number>;
  close(): Promise<void>;
}

/** Said when a key is stored for a second tenant (both backends). */
export function keyOfOtherTenant(tenant: string): Error {
  return new Error(`this key already belongs to tenant "${tenant}"`);
}

export interface KeyRow {
  id: string;
  tenant: string;
  source: 'cli' | 'env';
  created_at: string;
  revoked_at: string | null;
}

export const toInfo = (r: KeyRow): ApiKeyInfo => ({ id: r.id, tenant: r.tenant, source: r.source, createdAt: r.created_at, revokedAt: r.revoked_at });

export class SqliteKeyStore implements KeyStore {
  readonly #db: Db;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.#db = new Database(join(dataDir, 'jobs.sqlite'));
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.pragma('busy_timeout = 5000');
    this.#db.exec(SCHEMA);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  async create(tenant: string, source: 'cli' | 'env' = 'cli'): Promise<{ info: ApiKeyInfo; key: string }> {
    const key = generateKey();
    return { info: await this.add(tenant, key, source), key };
  }

  async add(tenant: string, key: string, source: 'cli' | 'env'): Promise<ApiKeyInfo> {
    const hash = hashKey(key);
    const existing = this.#db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE hash = ?').get(hash);
    if (existing) {
      if (existing.tenant !== tenant) throw keyOfOtherTenant(existing.tenant);
      return toInfo(existing);
    }
    const id = `key_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    this.#db.prepare('INSERT INTO api_keys (id, tenant, hash, source, created_at) VALUES (?, ?, ?, ?, ?)').run(id, tenant, hash, source, new Date().toISOString());
    return toInfo(this.#db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE id = ?').get(id)!);
  }

  async revoke(id: string): Promise<boolean> {
    return this.#db.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(new Date().toISOString(), id).changes > 0;
  }

  async list(): Promise<ApiKeyInfo[]> {
    return this.#db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id').all().map(toInfo);
  }

  async tenantOf(key: string): Promise<string | undefined> {
    return this.#db.prepare<[string], { tenant: string }>('SELECT tenant FROM api_keys WHERE hash = ? AND revoked_at IS NULL').get(hashKey(key))?.tenant;
  }

  async activeCount(): Promise<number> {
    return this.#db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM api_keys WHERE revoked_at IS NULL').get()!.n;
  }
}
