/**
 * The stores of one backend for store-level tests, so that one test body runs against SQLite and
 * PostgreSQL alike (`describe.each(BACKENDS)`). Each `open` is a fresh store: a new temp DATA_DIR,
 * and for PostgreSQL the file's own database, emptied after each test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openStores, type OpenOptions, type Stores } from '../../../src/jobs/open-stores.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

export const BACKENDS = ['sqlite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface OpenedStores extends Stores {
  readonly dataDir: string;
  /** The config that opened them (open the same store again with `reopen`). */
  readonly config: { dataDir: string; databaseUrl: string | null; databasePoolSize: number };
}

export interface StoreHarness {
  /** The database URL of this file's PostgreSQL database (null for SQLite); set in beforeAll. */
  databaseUrl(): string | null;
  /** A fresh store (a new DATA_DIR; the same database, emptied after each test). */
  open(options?: OpenOptions & { dataDir?: string }): Promise<OpenedStores>;
}

/** Registers the hooks that create and remove the backend's storage around the calling describe. */
export function storeHarness(backend: Backend): StoreHarness {
  let db: TestDatabase | undefined;
  const opened: OpenedStores[] = [];
  const dirs: string[] = [];
  beforeAll(async () => {
    if (backend === 'postgres') db = await createTestDatabase();
  });
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close().catch(() => {});
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    await db?.truncate();
  });
  afterAll(async () => {
    await db?.drop();
  });
  return {
    databaseUrl: () => db?.url ?? null,
    async open(options = {}) {
      const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), `territory-${backend}-`));
      if (options.dataDir === undefined) dirs.push(dataDir);
      const config = { dataDir, databaseUrl: db?.url ?? null, databasePoolSize: 4 };
      const stores = await openStores(config, options);
      const out = { ...stores, dataDir, config };
      opened.push(out);
      return out;
    },
  };
}
