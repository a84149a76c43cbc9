/**
 * Picks the store of record from the configuration: PostgreSQL when DATABASE_URL is set (migrated
 * before anything is served), otherwise the SQLite file under DATA_DIR. The three stores share
 * their backend: one SQLite file, or one PostgreSQL pool that the job store closes last.
 */
import type { FastifyBaseLogger } from 'fastify';
import { SqliteKeyStore, type KeyStore } from '../auth/key-store.ts';
import type { Config } from '../config.ts';
import { createPool } from './pg/database.ts';
import { PgImportStore } from './pg/import-store.ts';
import { PgJobStore, type PgStoreOptions } from './pg/job-store.ts';
import { PgKeyStore } from './pg/key-store.ts';
import { migrate } from './pg/migrations.ts';
import { SqliteImportStore } from './sqlite-import-store.ts';
import { SqliteJobStore } from './sqlite-store.ts';
import type { ImportStore, JobStore } from './store.ts';

export interface Stores {
  readonly jobs: JobStore;
  readonly imports: ImportStore;
  readonly keys: KeyStore;
  /** Closes all three (the keys and imports first: they may share the job store's connections). */
  close(): Promise<void>;
}

type StoreConfig = Pick<Config, 'dataDir' | 'databaseUrl' | 'databasePoolSize'>;

export interface OpenOptions {
  readonly log?: Pick<FastifyBaseLogger, 'warn'>;
  /** The stores' clock (tests of retention). */
  readonly now?: () => Date;
  /** PostgreSQL only: heartbeat, lease and poll intervals (tests shorten them). */
  readonly pg?: Omit<PgStoreOptions, 'dataDir' | 'now' | 'log'>;
}

export async function openStores(config: StoreConfig, options: OpenOptions = {}): Promise<Stores> {
  const now = options.now ?? (() => new Date());
  if (config.databaseUrl === null) {
    const jobs = new SqliteJobStore(config.dataDir, { now });
    const keys = new SqliteKeyStore(config.dataDir);
    return { jobs, imports: new SqliteImportStore(jobs.database, now), keys, close: async () => { await keys.close(); await jobs.close(); } };
  }
  const pool = createPool(config.databaseUrl, { max: config.databasePoolSize, ...(options.log ? { log: options.log } : {}) });
  try {
    const migrations = await migrate(pool);
    const jobs = await PgJobStore.open(pool, migrations, { ...options.pg, dataDir: config.dataDir, now, ...(options.log ? { log: options.log } : {}) });
    const keys = await PgKeyStore.serving(pool);
    // The keys first: their listening connection goes back before the job store ends the pool.
    return { jobs, imports: new PgImportStore(pool, now), keys, close: async () => { await keys.close(); await jobs.close(); } };
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
}

/** The key store alone, for the command line and the start-up check (its own connection or pool). */
export async function openKeyStore(config: StoreConfig): Promise<KeyStore> {
  if (config.databaseUrl === null) return new SqliteKeyStore(config.dataDir);
  const pool = createPool(config.databaseUrl, { max: 1 });
  try {
    await migrate(pool);
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  return PgKeyStore.ofCommandLine(pool);
}
