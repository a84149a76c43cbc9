/**
 * A PostgreSQL database of its own for one test file, on the machine's server (127.0.0.1:5432,
 * user postgres, or TEST_DATABASE_URL): created before the file's tests and dropped after, so test
 * files can run in parallel without seeing each other's rows. No mocks: the tests talk to the real
 * server. `truncate` empties it between tests that want a fresh store.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The maintenance database: where CREATE DATABASE and DROP DATABASE are run. */
export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  /** Empties every table but schema_migrations (the schema stays as migrated). */
  truncate(): Promise<void>;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>, url = ADMIN_URL): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `td_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    truncate: () => admin(async (c) => {
      const tables = (await c.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'")).rows.map((r) => r.t);
      if (tables.length > 0) await c.query(`TRUNCATE ${tables.join(', ')}`);
    }, url.toString()),
    // FORCE: a pool a failed test left open must not keep the database alive.
    drop: () => admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }),
  };
}
