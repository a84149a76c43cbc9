/**
 * The PostgreSQL schema as versioned migrations, applied at start in order: `schema_migrations`
 * records each version applied, so a start applies only the ones a database lacks, and a second
 * start applies none. Each migration runs in one transaction with the version's row (all of it or
 * none), under an advisory lock, so two processes starting at once do not both apply it.
 *
 * A migration is a list of statements, one SQL statement each. Never edit one that has shipped:
 * add the next version. (The SQLite file keeps its own schema and upgrades: jobs/database.ts.)
 *
 * The columns mirror the SQLite file's, so both stores share their row mappings (job.ts). Times are
 * ISO text written by the store's clock (so retention can be tested with an injected clock), except
 * `runners.heartbeat_at`, which is the database's own clock: liveness is judged by one clock.
 */
import { checkout, LOCKS, storeError, type Pool } from './database.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'jobs, scenarios, imports, api keys, runners',
    statements: [
      `CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        seq INTEGER GENERATED ALWAYS AS IDENTITY UNIQUE,
        tenant TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
        problem TEXT NOT NULL,
        problem_file TEXT,
        variant_spec TEXT,
        time_limit_seconds DOUBLE PRECISION NOT NULL,
        webhook_url TEXT,
        scenario_id TEXT,
        variant TEXT,
        idempotency_key TEXT,
        request_hash TEXT,
        progress TEXT NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        result TEXT,
        comparison TEXT,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        cancel_requested INTEGER NOT NULL DEFAULT 0,
        crashes INTEGER NOT NULL DEFAULT 0,
        accounts INTEGER NOT NULL DEFAULT 0,
        pairs BIGINT NOT NULL DEFAULT 0,
        owner TEXT,
        CONSTRAINT jobs_tenant_idempotency_key UNIQUE (tenant, idempotency_key)
      )`,
      'CREATE INDEX jobs_status_tenant_seq ON jobs (status, tenant, seq)',
      'CREATE INDEX jobs_tenant_seq ON jobs (tenant, seq)',
      'CREATE INDEX jobs_tenant_started ON jobs (tenant, started_at)',
      'CREATE INDEX jobs_finished ON jobs (finished_at)',
      'CREATE INDEX jobs_scenario ON jobs (scenario_id)',
      `CREATE TABLE scenarios (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        created_at TEXT NOT NULL,
        variants TEXT NOT NULL,
        base TEXT,
        base_file TEXT
      )`,
      `CREATE TABLE imports (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        created_at TEXT NOT NULL,
        problem TEXT NOT NULL,
        report TEXT NOT NULL
      )`,
      'CREATE INDEX imports_created ON imports (created_at)',
      `CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        tenant TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        created_at TEXT NOT NULL,
        revoked_at TEXT
      )`,
      // One row per open store; a process whose heartbeat is stale is gone, and its jobs are recovered.
      `CREATE TABLE runners (
        id TEXT PRIMARY KEY,
        started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
        heartbeat_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`,
    ],
  },
  {
    version: 2,
    name: 'job kinds (solve, frontier) and frontier point results',
    statements: [
      // Every job stored before this is a solve; `spec` holds a frontier's parameters (JSON).
      "ALTER TABLE jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'solve' CHECK (kind IN ('solve', 'frontier'))",
      'ALTER TABLE jobs ADD COLUMN spec TEXT',
      // One row per point, so one is read without the others; they go with their job, whoever deletes it.
      `CREATE TABLE job_points (
        job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        result TEXT NOT NULL,
        PRIMARY KEY (job_id, idx)
      )`,
    ],
  },
];

/** Applies the migrations the database lacks; returns their names (empty when it was up to date). */
export async function migrate(pool: Pool, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  const held = await checkout(pool);
  const { client } = held;
  const applied: string[] = [];
  try {
    // Session-level, on this one connection: held across the transactions below, released at the end.
    await client.query('SELECT pg_advisory_lock($1)', [LOCKS.migrate]);
    try {
      await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version));
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          for (const statement of m.statements) await client.query(statement);
          await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw err;
        }
        applied.push(`${m.version}: ${m.name}`);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCKS.migrate]).catch(() => {});
    }
  } catch (err) {
    held.release(true);
    return storeError(err);
  }
  held.release();
  return applied;
}
