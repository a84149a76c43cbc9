/**
 * Opens the job store's SQLite file with the settings its promises rest on, creates the schema, and
 * migrates a file written by an earlier version:
 *
 * - WAL with synchronous=FULL: a commit is on disk (the WAL fsynced) before it returns, so a job
 *   acknowledged with 202 survives a power loss too. NORMAL only survives a process crash: the last
 *   commits before an OS crash or power cut could be lost. What FULL costs is in BENCHMARKS.md (API):
 *   every commit pays an fsync; submissions share theirs (group-commit.ts), so a burst of them costs
 *   one fsync per turn of the event loop, not one each.
 * - auto_vacuum=INCREMENTAL, so the pages that retention frees can be given back to the file system
 *   (`PRAGMA incremental_vacuum` after each sweep). SQLite only changes auto_vacuum on a file that
 *   already has tables by rebuilding it, so a file from before gets one VACUUM here, once.
 * - secure_delete=FAST: a deleted row's bytes are zeroed in the pages that are written anyway, so a
 *   purged or expired job does not linger in the pages it shared with others (freed pages are cut
 *   off by the incremental vacuum instead of being zeroed: FAST costs no extra I/O).
 * - the `imports` table (POST /v1/imports; jobs/sqlite-import-store.ts), created by CREATE TABLE IF NOT EXISTS
 *   in an older file too;
 * - the `crashes` column (runs of a job the process died during; MAX_ATTEMPTS caps it) and the
 *   index retention sweeps by, added to a file that lacks them;
 * - the `job_points` table (a frontier job's point results, one row each, so one is read without
 *   the others) and the trigger that deletes them with their job, whichever sweep or purge deletes
 *   it (foreign keys are off in SQLite unless every connection asks for them; a trigger needs no one
 *   to remember).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS jobs (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  status TEXT NOT NULL,
  problem TEXT NOT NULL,
  time_limit_seconds REAL NOT NULL,
  webhook_url TEXT,
  scenario_id TEXT,
  variant TEXT,
  idempotency_key TEXT UNIQUE,
  request_hash TEXT,
  progress TEXT NOT NULL,
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  result TEXT,
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  crashes INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS jobs_status_seq ON jobs (status, seq);
CREATE INDEX IF NOT EXISTS jobs_scenario ON jobs (scenario_id);
CREATE TABLE IF NOT EXISTS scenarios (
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  variants TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS imports (
  id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL,
  created_at TEXT NOT NULL,
  problem TEXT NOT NULL,
  report TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS imports_created ON imports (created_at);
CREATE TABLE IF NOT EXISTS job_points (
  job_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  result TEXT NOT NULL,
  PRIMARY KEY (job_id, idx)
);
CREATE TRIGGER IF NOT EXISTS jobs_delete_points AFTER DELETE ON jobs BEGIN
  DELETE FROM job_points WHERE job_id = OLD.id;
END;
`;

/**
 * Columns added after the first release, in the order they came: an older file gets them at open.
 * - crashes: runs the process died during (MAX_ATTEMPTS caps them);
 * - tenant: every stored thing belongs to one; what an older file holds belongs to the open mode's;
 * - accounts, pairs: the model's size, known at submission, so the runner need not parse a large problem;
 * - variant_spec, scenarios.base: a scenario's base stored once, each variant's job keeping its variant;
 * - problem_file, scenarios.base_file: a large document kept as a file beside this one (staged-bodies.ts);
 * - comparison: a scenario variant's comparison row (JSON), built by its solve thread with the result;
 * - kind, spec: what the job computes (a solve, or a frontier with its parameters as JSON); a job
 *   stored before they came is a solve.
 */
const ADDED_COLUMNS: ReadonlyArray<readonly [table: string, column: string, type: string]> = [
  ['jobs', 'crashes', 'INTEGER NOT NULL DEFAULT 0'],
  ['jobs', 'tenant', "TEXT NOT NULL DEFAULT 'default'"],
  ['jobs', 'accounts', 'INTEGER NOT NULL DEFAULT 0'],
  ['jobs', 'pairs', 'INTEGER NOT NULL DEFAULT 0'],
  ['jobs', 'variant_spec', 'TEXT'],
  ['scenarios', 'tenant', "TEXT NOT NULL DEFAULT 'default'"],
  ['scenarios', 'base', 'TEXT'],
  ['jobs', 'problem_file', 'TEXT'],
  ['scenarios', 'base_file', 'TEXT'],
  ['jobs', 'comparison', 'TEXT'],
  ['jobs', 'kind', "TEXT NOT NULL DEFAULT 'solve'"],
  ['jobs', 'spec', 'TEXT'],
];

/** What the store's connection runs with (logged at start; the tests check them). */
export interface StoreSettings {
  readonly journalMode: string;
  /** 1 is NORMAL, 2 FULL. */
  readonly synchronous: number;
  /** 0 is NONE, 2 INCREMENTAL. */
  readonly autoVacuum: number;
  /** 2 is FAST. */
  readonly secureDelete: number;
}

export function openJobDatabase(dataDir: string): { db: Db; migrations: string[] } {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'jobs.sqlite'));
  const migrations: string[] = [];
  db.pragma('busy_timeout = 5000');
  // Before the first table exists this takes effect by itself; on an older file it needs a VACUUM.
  if (db.pragma('auto_vacuum', { simple: true }) !== 2) {
    db.pragma('auto_vacuum = INCREMENTAL');
    const tables = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table'").get()!.n;
    if (tables > 0) {
      db.exec('VACUUM');
      migrations.push('auto_vacuum set to INCREMENTAL (one VACUUM)');
    }
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = FAST');
  db.exec(SCHEMA);
  for (const [table, column, type] of ADDED_COLUMNS) {
    const present = db.prepare<[], { name: string }>(`PRAGMA table_info(${table})`).all().some((c) => c.name === column);
    if (present) continue;
    db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${type}`);
    migrations.push(`${table}.${column} added`);
  }
  db.exec('CREATE INDEX IF NOT EXISTS jobs_tenant_seq ON jobs (tenant, seq)');
  db.exec('CREATE INDEX IF NOT EXISTS jobs_status_tenant_seq ON jobs (status, tenant, seq)');
  db.exec('CREATE INDEX IF NOT EXISTS jobs_tenant_started ON jobs (tenant, started_at)');
  db.exec('CREATE INDEX IF NOT EXISTS jobs_finished ON jobs (finished_at)');
  return { db, migrations };
}

export function storeSettings(db: Db): StoreSettings {
  return {
    journalMode: String(db.pragma('journal_mode', { simple: true })),
    synchronous: Number(db.pragma('synchronous', { simple: true })),
    autoVacuum: Number(db.pragma('auto_vacuum', { simple: true })),
    secureDelete: Number(db.pragma('secure_delete', { simple: true })),
  };
}
