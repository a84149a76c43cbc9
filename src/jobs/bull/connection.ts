/**
 * How every BullMQ object of the service reaches Redis: REDIS_URL read into ioredis's options (BullMQ
 * takes options, not a URL), and the names of the two queues under REDIS_PREFIX.
 */
import type { RedisOptions } from 'bullmq';

export function redisOptions(url: string): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(u.port || 6379),
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** Where the process's Redis is, never who connects or with what password (for the start log). */
export function describeRedis(url: string): Record<string, unknown> {
  const { host, port, db } = redisOptions(url);
  return { host, port, ...(db !== undefined ? { db } : {}) };
}

export interface QueueNames {
  /** BullMQ's key prefix (REDIS_PREFIX). */
  readonly prefix: string;
  /** The job ids waiting for a worker. */
  readonly jobs: string;
  /** Cancels, progress and ends, to every process (bull/control.ts). */
  readonly control: string;
}

export function queueNames(prefix: string): QueueNames {
  return { prefix, jobs: 'jobs', control: 'control' };
}
