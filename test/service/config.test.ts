/**
 * loadConfig(env): pure, frozen, with documented defaults, and a ConfigError naming every bad variable.
 */
import { availableParallelism, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BYTES_PER_MODEL_PAIR, ConfigError, defaultMaxJobRssBytes, defaultMaxModelPairs, loadConfig, machineMemory } from '../../src/config.ts';

describe('loadConfig', () => {
  it('fills the documented defaults from an empty environment', () => {
    const c = loadConfig({});
    expect(c).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: resolve('./var'),
      poolSize: availableParallelism(),
      syncPoolSize: 1,
      queueMax: 1000,
      maxTimeLimitSeconds: 3600,
      hardDeadlineGraceSeconds: 30,
      bodyLimitBytes: 64 * 1024 * 1024,
      syncMaxAccounts: 500,
      syncTimeLimitSeconds: 10,
      shutdownGraceSeconds: 20,
      webhookAttempts: 4,
      webhookBackoffMs: 500,
      logLevel: 'info',
      maxModelPairs: defaultMaxModelPairs(machineMemory()),
      maxAttempts: 3,
      maxJobRssBytes: defaultMaxJobRssBytes(machineMemory()),
      retentionDays: 30,
    });
  });

  it('derives the memory defaults from the machine: half of it for one model, 80% of it for the process', () => {
    expect(machineMemory()).toBeGreaterThan(0);
    expect(machineMemory()).toBeLessThanOrEqual(totalmem());
    const gib = 2 ** 30;
    // 16 GiB: 8 GiB for one model at 200 bytes per pair, about 43 M pairs (a 50,000 x 500 model has 11.7 M).
    expect(BYTES_PER_MODEL_PAIR).toBe(200);
    expect(defaultMaxModelPairs(16 * gib)).toBe(Math.floor((8 * gib) / 200));
    expect(defaultMaxJobRssBytes(16 * gib)).toBe(Math.floor(0.8 * 16 * gib));
  });

  it('returns a frozen object', () => {
    const c = loadConfig({});
    expect(Object.isFrozen(c)).toBe(true);
    expect(() => {
      (c as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('reads every override from strings, resolving DATA_DIR to an absolute path', () => {
    const c = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATA_DIR: 'tmp/jobs',
      POOL_SIZE: '3',
      SYNC_POOL_SIZE: '2',
      QUEUE_MAX: '5',
      MAX_TIME_LIMIT_SECONDS: '60.5',
      HARD_DEADLINE_GRACE_SECONDS: '2',
      BODY_LIMIT_BYTES: '4096',
      SYNC_MAX_ACCOUNTS: '50',
      SYNC_TIME_LIMIT_SECONDS: '3',
      SHUTDOWN_GRACE_SECONDS: '1',
      WEBHOOK_ATTEMPTS: '2',
      WEBHOOK_BACKOFF_MS: '10',
      LOG_LEVEL: 'silent',
      MAX_MODEL_PAIRS: '1000000',
      MAX_ATTEMPTS: '5',
      MAX_JOB_RSS_BYTES: '1073741824',
      RETENTION_DAYS: '0.5',
    });
    expect(c).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: resolve('tmp/jobs'),
      poolSize: 3,
      syncPoolSize: 2,
      queueMax: 5,
      maxTimeLimitSeconds: 60.5,
      hardDeadlineGraceSeconds: 2,
      bodyLimitBytes: 4096,
      syncMaxAccounts: 50,
      syncTimeLimitSeconds: 3,
      shutdownGraceSeconds: 1,
      webhookAttempts: 2,
      webhookBackoffMs: 10,
      logLevel: 'silent',
      maxModelPairs: 1_000_000,
      maxAttempts: 5,
      maxJobRssBytes: 2 ** 30,
      retentionDays: 0.5,
    });
  });

  it('keeps an absolute DATA_DIR as it is, accepts PORT=0, and ignores unrelated variables', () => {
    const c = loadConfig({ DATA_DIR: '/srv/territory', PORT: '0', PATH: '/usr/bin', HOME: '/root' });
    expect(c.dataDir).toBe('/srv/territory');
    expect(c.port).toBe(0);
    expect(Object.keys(c)).not.toContain('PATH');
  });

  it('does not read process.env', () => {
    const before = process.env.PORT;
    process.env.PORT = '9999';
    try {
      expect(loadConfig({}).port).toBe(3000);
    } finally {
      if (before === undefined) delete process.env.PORT;
      else process.env.PORT = before;
    }
  });

  const bad: Array<[string, Record<string, string>]> = [
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '80.5' }],
    ['POOL_SIZE', { POOL_SIZE: '0' }],
    ['POOL_SIZE', { POOL_SIZE: 'many' }],
    ['QUEUE_MAX', { QUEUE_MAX: '-1' }],
    ['MAX_TIME_LIMIT_SECONDS', { MAX_TIME_LIMIT_SECONDS: '0' }],
    ['SYNC_TIME_LIMIT_SECONDS', { SYNC_TIME_LIMIT_SECONDS: '-2' }],
    ['BODY_LIMIT_BYTES', { BODY_LIMIT_BYTES: '100' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['DATA_DIR', { DATA_DIR: '' }],
    ['MAX_MODEL_PAIRS', { MAX_MODEL_PAIRS: '0' }],
    ['MAX_MODEL_PAIRS', { MAX_MODEL_PAIRS: '1e6.5' }],
    ['MAX_ATTEMPTS', { MAX_ATTEMPTS: '0' }],
    ['MAX_ATTEMPTS', { MAX_ATTEMPTS: '2.5' }],
    ['MAX_JOB_RSS_BYTES', { MAX_JOB_RSS_BYTES: 'lots' }],
    ['RETENTION_DAYS', { RETENTION_DAYS: '0' }],
    ['RETENTION_DAYS', { RETENTION_DAYS: '-1' }],
  ];
  for (const [name, env] of bad) {
    it(`throws a ConfigError naming ${name} for ${JSON.stringify(env[name])}`, () => {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(new RegExp(`^${name}: `, 'm'));
    });
  }

  it('names every bad variable at once (PORT=abc and POOL_SIZE=0)', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'abc', POOL_SIZE: '0', HOST: 'localhost' });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    const named = message.split('\n').slice(1).map((l) => l.split(':')[0]);
    expect(named.sort()).toEqual(['POOL_SIZE', 'PORT']);
  });
});
