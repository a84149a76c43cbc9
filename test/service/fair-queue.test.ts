/**
 * The queue is fair between tenants: round robin by the tenant served least recently, each tenant
 * held to its cap on running jobs; first come first served only within a tenant. On the real store
 * (SQLite file in a temp dir) with an injected clock, so start times differ deterministically.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { limitsOf } from '../../src/auth/tenant-limits.ts';
import { nextInLine } from '../../src/jobs/fair-queue.ts';
import { JobStore } from '../../src/jobs/store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function clockedStore(): JobStore {
  const dir = mkdtempSync(join(tmpdir(), 'territory-fair-'));
  dirs.push(dir);
  let t = Date.parse('2026-12-01T10:00:00Z');
  // Every read of the clock is a second later: claims get distinct, ordered start times.
  return new JobStore(dir, { now: () => new Date((t += 1000)) });
}

const submit = (store: JobStore, tenant: string, name: string) => store.create({ tenant, problem: { name }, timeLimitSeconds: 1 }).job.id;

describe('claimNext', () => {
  it('takes turns between tenants instead of first come first served', () => {
    const store = clockedStore();
    const a = [submit(store, 'a', 'a1'), submit(store, 'a', 'a2'), submit(store, 'a', 'a3')];
    const b = [submit(store, 'b', 'b1'), submit(store, 'b', 'b2')];
    const order = [1, 2, 3, 4, 5].map(() => store.claimNext()!.id);
    expect(order).toEqual([a[0], b[0], a[1], b[1], a[2]]);
    expect(store.claimNext()).toBeUndefined();
  });

  it('a tenant that has not been served for longest goes first, whatever it submitted when', () => {
    const store = clockedStore();
    const a1 = submit(store, 'a', 'a1');
    expect(store.claimNext()!.id).toBe(a1);
    const a2 = submit(store, 'a', 'a2');
    const c1 = submit(store, 'c', 'c1');
    // c never ran, so its later job goes before a's earlier one.
    expect(store.claimNext()!.id).toBe(c1);
    expect(store.claimNext()!.id).toBe(a2);
  });

  it('holds a tenant to its cap on running jobs, and leaves its jobs queued rather than break it', () => {
    const store = clockedStore();
    const cap = (tenant: string) => (tenant === 'a' ? 1 : 5);
    const a = [submit(store, 'a', 'a1'), submit(store, 'a', 'a2')];
    const b1 = submit(store, 'b', 'b1');
    expect(store.claimNext(cap)!.id).toBe(a[0]);
    expect(store.claimNext(cap)!.id).toBe(b1);
    // a is at its cap: its second job waits although a thread could take it.
    expect(store.claimNext(cap)).toBeUndefined();
    store.finish(a[0]!, 'succeeded', {});
    expect(store.claimNext(cap)!.id).toBe(a[1]);
  });
});

describe('nextInLine and limitsOf', () => {
  it('prefers the tenant never served, then the one served longest ago, then the older job', () => {
    const heads = [
      { tenant: 'x', id: 'x1', seq: 1, running: 0, lastStartedAt: '2026-12-01T10:00:05Z' },
      { tenant: 'y', id: 'y1', seq: 2, running: 0, lastStartedAt: '2026-12-01T10:00:01Z' },
      { tenant: 'z', id: 'z1', seq: 3, running: 0, lastStartedAt: null },
    ];
    expect(nextInLine(heads, () => 1)!.id).toBe('z1');
    expect(nextInLine(heads.slice(0, 2), () => 1)!.id).toBe('y1');
    expect(nextInLine(heads.map((h) => ({ ...h, running: 1 })), () => 1)).toBeUndefined();
  });

  it('keeps one thread for other tenants once keys exist, and gives the whole pool to the only user without keys', () => {
    const config = { poolSize: 4, queueMax: 1000, maxTimeLimitSeconds: 3600, tenantMaxRunning: null, tenantMaxQueued: 200, tenantLimits: { acme: { maxRunning: 1, maxTimeLimitSeconds: 600 } } };
    expect(limitsOf(config, 'beta', true)).toEqual({ maxRunning: 3, maxQueued: 200, maxTimeLimitSeconds: 3600 });
    expect(limitsOf(config, 'default', false).maxRunning).toBe(4);
    expect(limitsOf(config, 'acme', true)).toEqual({ maxRunning: 1, maxQueued: 200, maxTimeLimitSeconds: 600 });
    // Without keys there is one user: the whole queue is its share, unless TENANT_MAX_QUEUED says otherwise.
    expect(limitsOf({ ...config, tenantMaxQueued: null }, 'default', false).maxQueued).toBe(1000);
    expect(limitsOf({ ...config, tenantMaxQueued: null }, 'beta', true).maxQueued).toBe(200);
  });
});
