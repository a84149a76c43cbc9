/**
 * The queue is fair between tenants: round robin by the tenant served least recently, each tenant
 * held to its cap on running jobs; first come first served only within a tenant. On each real store
 * (a SQLite file in a temp dir, and PostgreSQL) with an injected clock, so start times differ
 * deterministically.
 */
import { describe, expect, it } from 'vitest';
import { limitsOf, runningCapOf } from '../../src/auth/tenant-limits.ts';
import { nextInLine } from '../../src/jobs/fair-queue.ts';
import type { JobStore } from '../../src/jobs/store.ts';
import { BACKENDS, storeHarness } from './support/stores.ts';

const submit = async (store: JobStore, tenant: string, name: string) => (await store.create({ tenant, problem: { name }, timeLimitSeconds: 1 })).job.id;
const claimed = async (store: JobStore, cap?: (tenant: string) => number) => (await store.claimNext(cap))?.id;

describe.each(BACKENDS)('claimNext (%s)', (backend) => {
  const harness = storeHarness(backend);
  async function clockedStore(): Promise<JobStore> {
    let t = Date.parse('2026-12-01T10:00:00Z');
    // Every read of the clock is a second later: claims get distinct, ordered start times.
    return (await harness.open({ now: () => new Date((t += 1000)) })).jobs;
  }

  it('takes turns between tenants instead of first come first served', async () => {
    const store = await clockedStore();
    const a = [await submit(store, 'a', 'a1'), await submit(store, 'a', 'a2'), await submit(store, 'a', 'a3')];
    const b = [await submit(store, 'b', 'b1'), await submit(store, 'b', 'b2')];
    const order: Array<string | undefined> = [];
    for (let k = 0; k < 5; k++) order.push(await claimed(store));
    expect(order).toEqual([a[0], b[0], a[1], b[1], a[2]]);
    expect(await store.claimNext()).toBeUndefined();
  });

  it('a tenant that has not been served for longest goes first, whatever it submitted when', async () => {
    const store = await clockedStore();
    const a1 = await submit(store, 'a', 'a1');
    expect(await claimed(store)).toBe(a1);
    const a2 = await submit(store, 'a', 'a2');
    const c1 = await submit(store, 'c', 'c1');
    // c never ran, so its later job goes before a's earlier one.
    expect(await claimed(store)).toBe(c1);
    expect(await claimed(store)).toBe(a2);
  });

  it('holds a tenant to its cap on running jobs, and leaves its jobs queued rather than break it', async () => {
    const store = await clockedStore();
    const cap = (tenant: string) => (tenant === 'a' ? 1 : 5);
    const a = [await submit(store, 'a', 'a1'), await submit(store, 'a', 'a2')];
    const b1 = await submit(store, 'b', 'b1');
    expect(await claimed(store, cap)).toBe(a[0]);
    expect(await claimed(store, cap)).toBe(b1);
    // a is at its cap: its second job waits although a thread could take it.
    expect(await store.claimNext(cap)).toBeUndefined();
    await store.finish(a[0]!, 'succeeded', {});
    expect(await claimed(store, cap)).toBe(a[1]);
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

  it('caps a tenant across a fleet of workers only where TENANT_MAX_RUNNING or its own limit says so', () => {
    const config = { poolSize: 1, queueMax: 1000, maxTimeLimitSeconds: 3600, tenantMaxRunning: null, tenantMaxQueued: null, tenantLimits: { acme: { maxRunning: 2 } } };
    // One process: its pool is the cap. A fleet: one worker's pool says nothing of the fleet's size.
    expect(runningCapOf(config, 'default', false, false)).toBe(1);
    expect(runningCapOf(config, 'default', false, true)).toBe(Infinity);
    expect(runningCapOf(config, 'beta', true, true)).toBe(Infinity);
    expect(runningCapOf(config, 'acme', true, true)).toBe(2);
    expect(runningCapOf({ ...config, tenantMaxRunning: 3 }, 'beta', true, true)).toBe(3);
  });
});
