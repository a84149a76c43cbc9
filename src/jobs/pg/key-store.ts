/**
 * API keys in PostgreSQL (table api_keys): the same contract as auth/key-store.ts, shared by every
 * API process, so a key created with `territory keys create` (DATABASE_URL set) works on all of them
 * at their next request. Each write notifies the other processes (key-count-watch.ts), which keep
 * the count of active keys between changes instead of reading it on every request.
 */
import { randomUUID } from 'node:crypto';
import { generateKey, hashKey } from '../../auth/api-keys.ts';
import { keyOfOtherTenant, toInfo, type ApiKeyInfo, type KeyRow, type KeyStore } from '../../auth/key-store.ts';
import { query, type Pool } from './database.ts';
import { KEYS_CHANNEL, KeyCountWatch } from './key-count-watch.ts';

export class PgKeyStore implements KeyStore {
  /** The count kept between changes; only in a serving process (`watch`), not on the command line. */
  readonly #watch: KeyCountWatch | null;

  /** `ownsPool`: close() ends the pool (the command line's own); otherwise the job store ends it. */
  private constructor(
    private readonly pool: Pool,
    private readonly ownsPool: boolean,
    watch: boolean,
  ) {
    this.#watch = watch ? new KeyCountWatch(pool) : null;
  }

  /** The store of a serving process: it keeps the count of active keys, told of changes. */
  static async serving(pool: Pool): Promise<PgKeyStore> {
    const store = new PgKeyStore(pool, false, true);
    await store.#watch!.start();
    return store;
  }

  /** The command line's store on its own pool (ended by close()); it reads every count. */
  static ofCommandLine(pool: Pool): PgKeyStore {
    return new PgKeyStore(pool, true, false);
  }

  /** Whether the count of active keys is kept between changes (the tests). */
  get countKept(): boolean {
    return this.#watch?.listening ?? false;
  }

  async close(): Promise<void> {
    await this.#watch?.close();
    if (this.ownsPool) await this.pool.end();
  }

  /** Tells every process that the keys changed (delivered when the write has committed). */
  async #changed(): Promise<void> {
    await query(this.pool, 'SELECT pg_notify($1, $2)', [KEYS_CHANNEL, '']);
  }

  async create(tenant: string, source: 'cli' | 'env' = 'cli'): Promise<{ info: ApiKeyInfo; key: string }> {
    const key = generateKey();
    return { info: await this.add(tenant, key, source), key };
  }

  /** ON CONFLICT: two processes installing the same API_KEYS at once store it once. */
  async add(tenant: string, key: string, source: 'cli' | 'env'): Promise<ApiKeyInfo> {
    const hash = hashKey(key);
    const id = `key_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const res = await query(this.pool, 'INSERT INTO api_keys (id, tenant, hash, source, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (hash) DO NOTHING', [id, tenant, hash, source, new Date().toISOString()]);
    if ((res.rowCount ?? 0) > 0) await this.#changed();
    const row = (await query<KeyRow>(this.pool, 'SELECT * FROM api_keys WHERE hash = $1', [hash])).rows[0]!;
    if (row.tenant !== tenant) throw keyOfOtherTenant(row.tenant);
    return toInfo(row);
  }

  async revoke(id: string): Promise<boolean> {
    const res = await query(this.pool, 'UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [new Date().toISOString(), id]);
    if ((res.rowCount ?? 0) === 0) return false;
    await this.#changed();
    return true;
  }

  async list(): Promise<ApiKeyInfo[]> {
    return (await query<KeyRow>(this.pool, 'SELECT * FROM api_keys ORDER BY created_at, id')).rows.map(toInfo);
  }

  async tenantOf(key: string): Promise<string | undefined> {
    return (await query<{ tenant: string }>(this.pool, 'SELECT tenant FROM api_keys WHERE hash = $1 AND revoked_at IS NULL', [hashKey(key)])).rows[0]?.tenant;
  }

  async activeCount(): Promise<number> {
    const read = async () => Number((await query<{ n: number }>(this.pool, 'SELECT COUNT(*) AS n FROM api_keys WHERE revoked_at IS NULL')).rows[0]!.n);
    return this.#watch ? this.#watch.count(read) : read();
  }
}
