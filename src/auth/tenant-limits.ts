/**
 * What one tenant may use: running jobs, queued jobs, and the longest time limit it may ask for. The
 * defaults hold for every tenant; TENANT_LIMITS overrides them per tenant, e.g.
 * `{"acme": {"maxRunning": 2, "maxTimeLimitSeconds": 600}}`.
 */
import { z } from 'zod';

export const tenantLimitsSchema = z.strictObject({
  /** Jobs of the tenant on a thread at once (scenario variants count as jobs). */
  maxRunning: z.number().int().min(1).optional(),
  /** Jobs of the tenant waiting at once (a scenario counts each of its variants). */
  maxQueued: z.number().int().min(1).optional(),
  /** The longest time limit its jobs run with (a longer request is cut to it). */
  maxTimeLimitSeconds: z.number().positive().optional(),
  /** Days its ended jobs and scenarios are kept (instead of RETENTION_DAYS). */
  retentionDays: z.number().positive().optional(),
});

/** A tenant's share of the queue when TENANT_MAX_QUEUED is not set and keys exist. */
export const DEFAULT_MAX_QUEUED = 200;

export type TenantLimitOverrides = z.infer<typeof tenantLimitsSchema>;

export interface TenantLimits {
  readonly maxRunning: number;
  readonly maxQueued: number;
  readonly maxTimeLimitSeconds: number;
}

export interface TenantLimitConfig {
  readonly poolSize: number;
  readonly queueMax: number;
  readonly maxTimeLimitSeconds: number;
  /** TENANT_MAX_RUNNING; null: one thread fewer than the pool once keys exist (so another tenant always finds one), the whole pool without keys. */
  readonly tenantMaxRunning: number | null;
  /** TENANT_MAX_QUEUED; null: DEFAULT_MAX_QUEUED once keys exist, the whole queue without. */
  readonly tenantMaxQueued: number | null;
  readonly tenantLimits: Readonly<Record<string, TenantLimitOverrides>>;
}

/**
 * The most jobs of `tenant` that may run at once across the processes that claim from one store:
 * as `limitsOf` when TENANT_MAX_RUNNING or the tenant's own maxRunning sets it; otherwise, with a
 * fleet of workers (`fleet`), no cap, since one process's POOL_SIZE says nothing of the fleet's size
 * (with it, two workers of one thread each ran one job at a time: BENCHMARKS.md, "Scale-out"); the
 * fair claim order still takes the tenant with the fewest running first.
 */
export function runningCapOf(config: TenantLimitConfig, tenant: string, secured: boolean, fleet: boolean): number {
  const set = config.tenantLimits[tenant]?.maxRunning ?? config.tenantMaxRunning;
  return fleet && set == null ? Infinity : limitsOf(config, tenant, secured).maxRunning;
}

export function limitsOf(config: TenantLimitConfig, tenant: string, secured: boolean): TenantLimits {
  const own = config.tenantLimits[tenant] ?? {};
  const running = config.tenantMaxRunning ?? (secured ? Math.max(1, config.poolSize - 1) : config.poolSize);
  return {
    maxRunning: own.maxRunning ?? running,
    maxQueued: Math.min(config.queueMax, own.maxQueued ?? config.tenantMaxQueued ?? (secured ? DEFAULT_MAX_QUEUED : config.queueMax)),
    maxTimeLimitSeconds: Math.min(config.maxTimeLimitSeconds, own.maxTimeLimitSeconds ?? config.maxTimeLimitSeconds),
  };
}
