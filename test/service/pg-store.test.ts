/**
 * What the PostgreSQL store promises beyond the shared store tests, with several stores (each its
 * own pool, as several API processes would have) on the file's own database of the real server:
 * migrations apply once however many processes start; one idempotency key stores one job; a claim
 * never gives one job to two stores; the queue caps hold across stores; a store's running jobs are
 * recovered by another only once its heartbeat has stopped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keysCommand } from '../../src/cli/keys.ts';
import { Errors } from '../../src/errors.ts';
import { openStores, type OpenOptions, type Stores } from '../../src/jobs/open-stores.ts';
import { createPool, transaction } from '../../src/jobs/pg/database.ts';
import { MIGRATIONS } from '../../src/jobs/pg/migrations.ts';
import { recoverInterrupted } from '../../src/jobs/recovery.ts';
import type { JobStore } from '../../src/jobs/store.ts';
import { pollUntil } from './support/app.ts';
import { createTestDatabase, type TestDatabase } from './support/pg.ts';
import { startTcpProxy } from './support/tcp-proxy.ts';

const QUIET = { info: () => {}, warn: () => {}, error: () => {} } as unknown as Parameters<typeof recoverInterrupted>[2];

let db: TestDatabase;
const dir = mkdtempSync(join(tmpdir(), 'territory-pg-store-'));
const opened: Stores[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close().catch(() => {});
  await db.truncate();
});
afterAll(async () => {
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Another process's stores: a pool of its own on the same database. */
async function processStores(options: OpenOptions = {}): Promise<Stores> {
  const stores = await openStores({ dataDir: dir, databaseUrl: db.url, databasePoolSize: 5 }, options);
  opened.push(stores);
  return stores;
}

const newJob = (n: number, tenant = 't') => ({ tenant, problem: { n }, timeLimitSeconds: 1 });

describe('migrations', () => {
  it('apply once: a restart applies none, and two processes starting at once on a new database apply each version once', async () => {
    // The file's database was migrated by whichever test opened it first; a new one shows the first start.
    const fresh = await createTestDatabase();
    try {
      const config = { dataDir: dir, databaseUrl: fresh.url, databasePoolSize: 2 };
      const [a, b] = await Promise.all([openStores(config), openStores(config)]);
      opened.push(a, b);
      const applied = [a.jobs.migrations, b.jobs.migrations];
      // Exactly one of the two applied them; the other found them applied.
      expect(applied.map((m) => m.length).sort()).toEqual([0, MIGRATIONS.length]);
      const restarted = await openStores(config);
      opened.push(restarted);
      expect(restarted.jobs.migrations).toEqual([]);
      // What the start log says: where the database is, never the URL's user or password.
      expect(restarted.jobs.describe()).toMatchObject({ backend: 'postgres', host: new URL(fresh.url).hostname, database: fresh.name });
      expect(JSON.stringify(restarted.jobs.describe())).not.toContain('@');
      const client = new pg.Client({ connectionString: fresh.url });
      await client.connect();
      try {
        const rows = (await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).rows;
        expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
      } finally {
        await client.end();
      }
      for (const s of opened.splice(0)) await s.close();
    } finally {
      await fresh.drop();
    }
  });
});

describe('two processes on one database', () => {
  it('store one job for one idempotency key sent to both at once, and tell a different body apart', async () => {
    const [a, b] = [await processStores(), await processStores()];
    const idempotency = { key: 'same-key', hash: 'h1' };
    const answers = await Promise.all(Array.from({ length: 20 }, (_, k) => (k % 2 === 0 ? a : b).jobs.create(newJob(1), { idempotency })));
    expect(answers.filter((x) => x.created)).toHaveLength(1);
    expect(new Set(answers.map((x) => x.job.id)).size).toBe(1);
    expect(answers.every((x) => !x.conflict)).toBe(true);
    expect((await a.jobs.countByStatus()).queued).toBe(1);
    const other = await b.jobs.create(newJob(2), { idempotency: { key: 'same-key', hash: 'h2' } });
    expect(other).toMatchObject({ created: false, conflict: true });
    // Keys are the tenant's own: another tenant's same key is another job.
    const elsewhere = await a.jobs.create(newJob(1, 'u'), { idempotency });
    expect(elsewhere.created).toBe(true);
    expect(elsewhere.job.id).not.toBe(answers[0]!.job.id);
  });

  it('never give one job to two claims (FOR UPDATE SKIP LOCKED), and every job to one', async () => {
    const [a, b] = [await processStores(), await processStores()];
    const ids = [];
    for (let k = 0; k < 40; k++) ids.push((await a.jobs.create(newJob(k, `t${k % 3}`))).job.id);
    const drain = async (store: JobStore) => {
      const mine: string[] = [];
      for (let job = await store.claimNext(); job; job = await store.claimNext()) mine.push(job.id);
      return mine;
    };
    // Several claimers per process, all at once.
    const claimed = (await Promise.all([drain(a.jobs), drain(b.jobs), drain(a.jobs), drain(b.jobs)])).flat();
    expect(claimed).toHaveLength(40);
    expect(new Set(claimed)).toEqual(new Set(ids));
    expect((await b.jobs.countByStatus()).running).toBe(40);
  });

  it('hold QUEUE_MAX across both: of twelve submissions at once with room for five, five are stored', async () => {
    const [a, b] = [await processStores(), await processStores()];
    const admit = ({ queued }: { queued: number }) => {
      if (queued + 1 > 5) throw new Errors.QueueFull(5);
    };
    const answers = await Promise.allSettled(Array.from({ length: 12 }, (_, k) => (k % 2 === 0 ? a : b).jobs.create(newJob(k), { admit })));
    expect(answers.filter((x) => x.status === 'fulfilled')).toHaveLength(5);
    for (const refused of answers.filter((x) => x.status === 'rejected')) expect((refused.reason as { code: string }).code).toBe('TD_ERR_QUEUE_FULL');
    expect(await a.jobs.queuedCount()).toBe(5);
  });

  it('write submissions that arrive together in one commit, in arrival order, the caps exact inside a batch', async () => {
    const a = await processStores();
    const QUEUE_CAP = 14;
    const TENANT_CAP = 4;
    const admit = ({ queued, queuedOfTenant }: { queued: number; queuedOfTenant: number }) => {
      if (queuedOfTenant + 1 > TENANT_CAP) throw new Errors.QueueFull(TENANT_CAP);
      if (queued + 1 > QUEUE_CAP) throw new Errors.QueueFull(QUEUE_CAP);
    };
    // 30 at once from one process, tenants t0..t4 in turn, two of them with one idempotency key.
    const tenantOf = (k: number) => `t${k % 5}`;
    const keyed = (k: number) => (k === 1 || k === 6 ? { idempotency: { key: 'k', hash: 'h' } } : {});
    const answers = await Promise.allSettled(Array.from({ length: 30 }, (_, k) => a.jobs.create(newJob(k, tenantOf(k)), { admit, ...keyed(k) })));
    // What one commit per submission, in arrival order, would have stored (k = 6 replays k = 1).
    const expected: number[] = [];
    const held = new Map<string, number>();
    for (let k = 0; k < 30; k++) {
      const mine = held.get(tenantOf(k)) ?? 0;
      if (k === 6 || mine + 1 > TENANT_CAP || expected.length + 1 > QUEUE_CAP) continue;
      held.set(tenantOf(k), mine + 1);
      expected.push(k);
    }
    expect(expected.length).toBe(QUEUE_CAP);
    const created = answers.flatMap((x, k) => (x.status === 'fulfilled' && x.value.created ? [k] : []));
    expect(created).toEqual(expected);
    const [first, replay] = [answers[1]!, answers[6]!];
    expect(first.status === 'fulfilled' && replay.status === 'fulfilled' && replay.value.job.id === first.value.job.id && !replay.value.conflict).toBe(true);
    for (const [k, x] of answers.entries()) {
      if (x.status === 'rejected') expect((x.reason as { code: string }).code, `submission ${k}`).toBe('TD_ERR_QUEUE_FULL');
    }
    expect(await a.jobs.queuedCount()).toBe(QUEUE_CAP);
    const commits = a.jobs.commitStats();
    expect(commits.writes).toBe(QUEUE_CAP);
    // A few commits for all of them, not one each.
    expect(commits.batches).toBeLessThan(5);
  });

  it('fail one submission whose row PostgreSQL refuses without failing the others of its batch', async () => {
    const a = await processStores();
    // A NUL byte in a text column: PostgreSQL refuses the row, and with it the batch's INSERT.
    const answers = await Promise.allSettled(Array.from({ length: 10 }, (_, k) => a.jobs.create(k === 3 ? { ...newJob(k), webhookUrl: 'http://example.com/\u0000' } : newJob(k))));
    expect(answers.map((x) => x.status)).toEqual(Array.from({ length: 10 }, (_, k) => (k === 3 ? 'rejected' : 'fulfilled')));
    expect(await a.jobs.queuedCount()).toBe(9);
  });

  it('leave a live process its running jobs, and recover those of one whose heartbeat stopped (MAX_ATTEMPTS counted)', async () => {
    // The first process's heartbeat is as good as stopped once its first beat is older than the lease.
    const crashed = await processStores({ pg: { heartbeatMs: 3_600_000 } });
    const survivor = await processStores({ pg: { leaseMs: 30_000 } });
    const watcher = await processStores({ pg: { leaseMs: 2000, heartbeatMs: 100 } });
    const { job } = await crashed.jobs.create(newJob(1));
    expect((await crashed.jobs.claimNext())?.id).toBe(job.id);
    // Seen from a process with the usual lease: the job's process is alive, nothing to recover.
    expect(await survivor.jobs.interrupted()).toEqual([]);
    // Seen with a short lease, once the beat has aged past it: the job was interrupted.
    const interrupted = await pollUntil(() => watcher.jobs.interrupted(), (jobs) => jobs.length === 1, { what: 'the job to count as interrupted' });
    expect(interrupted[0]!.id).toBe(job.id);
    expect(await recoverInterrupted(watcher.jobs, 3, QUIET)).toEqual([]);
    expect(await watcher.jobs.get(job.id)).toMatchObject({ status: 'queued', crashes: 1 });
    // Claimed again by the live process, it is its own: not interrupted however short the lease.
    expect((await watcher.jobs.claimNext())?.id).toBe(job.id);
    expect(await watcher.jobs.interrupted()).toEqual([]);
  });
});

describe('API keys in PostgreSQL', () => {
  it('created on the command line are seen by every process, stored as hashes only, and revoked for all', async () => {
    const [a, b] = [await processStores(), await processStores()];
    const lines: string[] = [];
    const config = { dataDir: dir, databaseUrl: db.url, databasePoolSize: 1, webhookSecret: null };
    expect(await keysCommand(['create', '--tenant', 'acme'], config, (l) => lines.push(l))).toBe(0);
    const key = lines.find((l) => l.startsWith('key: '))!.slice('key: '.length);
    const id = lines[0]!.split(' ')[1]!;
    expect(await a.keys.tenantOf(key)).toBe('acme');
    expect(await b.keys.tenantOf(key)).toBe('acme');
    expect(JSON.stringify(await b.keys.list())).not.toContain(key);
    // API_KEYS installed by two processes at once: one record, and a key cannot change tenant.
    await Promise.all([a.keys.add('beta', `td_${'b'.repeat(30)}`, 'env'), b.keys.add('beta', `td_${'b'.repeat(30)}`, 'env')]);
    expect((await a.keys.list()).filter((k) => k.tenant === 'beta')).toHaveLength(1);
    await expect(a.keys.add('gamma', `td_${'b'.repeat(30)}`, 'env')).rejects.toThrow(/already belongs to tenant "beta"/);
    expect(await keysCommand(['revoke', id], config, () => {})).toBe(0);
    expect(await b.keys.tenantOf(key)).toBeUndefined();
    expect(await a.keys.activeCount()).toBe(1);
  });

  it('keep the count of active keys between changes, and hear of every change from any process at once', async () => {
    const [a, b] = [await processStores(), await processStores()];
    await pollUntil(async () => (a.keys as { countKept?: boolean }).countKept, (kept) => kept === true, { what: 'a to listen for key changes' });
    expect(await a.keys.activeCount()).toBe(0);
    // A row written behind the stores' back (no notification): the kept count does not see it...
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query("INSERT INTO api_keys (id, tenant, hash, source, created_at) VALUES ('key_raw', 'raw', 'raw-hash', 'cli', '2026-01-01T00:00:00Z')");
      expect(await a.keys.activeCount()).toBe(0);
      // ...while a process that had not read the count yet reads it.
      expect(await b.keys.activeCount()).toBe(1);
    } finally {
      await client.end();
    }
    // A key made by the command line (another process) reaches a's count without a restart.
    const config = { dataDir: dir, databaseUrl: db.url, databasePoolSize: 1, webhookSecret: null };
    expect(await keysCommand(['create', '--tenant', 'acme'], config, () => {})).toBe(0);
    await pollUntil(() => a.keys.activeCount(), (n) => n === 2, { what: "a's count to see the new key" });
    // And a revocation by another serving process.
    const [info] = (await b.keys.list()).filter((k) => k.tenant === 'acme');
    expect(await b.keys.revoke(info!.id)).toBe(true);
    await pollUntil(() => a.keys.activeCount(), (n) => n === 1, { what: "a's count to see the revocation" });
  });
});

describe('an unreachable database', () => {
  it('fails the start with TD_ERR_STORE_UNAVAILABLE (nothing is served from a store that is not there)', async () => {
    const closed = 'postgres://postgres@127.0.0.1:1/none';
    await expect(openStores({ dataDir: dir, databaseUrl: closed, databasePoolSize: 1 })).rejects.toMatchObject({ code: 'TD_ERR_STORE_UNAVAILABLE', statusCode: 503 });
  });

  it('a connection cut while a transaction holds it fails that transaction with TD_ERR_STORE_UNAVAILABLE, and the process lives', async () => {
    // pg-pool hears a connection's errors only while it is idle; one cut between two statements of a
    // transaction emitted 'error' with no listener, an uncaught exception (a CI run ended on it).
    const target = new URL(db.url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    const pool = createPool(viaProxy.toString(), { max: 1 });
    try {
      const outcome = transaction(pool, async (client) => {
        await client.query('SELECT 1');
        const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
        await proxy.down();
        await ended;
        return client.query('SELECT 2');
      });
      await expect(outcome).rejects.toMatchObject({ code: 'TD_ERR_STORE_UNAVAILABLE' });
      // The cut connection was dropped, not handed back: with the proxy up, the pool serves again.
      await proxy.up();
      const rows = await transaction(pool, (client) => client.query<{ n: number }>('SELECT 3 AS n'));
      expect(rows.rows[0]!.n).toBe(3);
    } finally {
      await pool.end().catch(() => {});
      await proxy.close();
    }
  });
});
