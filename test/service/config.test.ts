/**
 * loadConfig(env): pure, frozen, with documented defaults, and a ConfigError naming every bad variable.
 */
import { availableParallelism, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BYTES_PER_MODEL_PAIR, ConfigError, defaultMaxJobRssBytes, defaultModelPairBudget, loadConfig, machineMemory } from '../../src/config.ts';

/** A valid Standard Webhooks secret: whsec_ and 32 bytes in base64. */
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

describe('loadConfig', () => {
  it('fills the documented defaults from an empty environment', () => {
    const c = loadConfig({});
    expect(c).toEqual({
      port: 3000,
      host: null,
      apiKeys: [],
      metricsKey: undefined,
      metricsPort: null,
      dataDir: resolve('./var'),
      databaseUrl: null,
      databasePoolSize: 10,
      redisUrl: null,
      redisPrefix: 'territory',
      workers: availableParallelism(),
      leaseSeconds: 30,
      poolSize: availableParallelism(),
      syncPoolSize: 1,
      queueMax: 1000,
      maxTimeLimitSeconds: 3600,
      hardDeadlineGraceSeconds: 30,
      bodyLimitBytes: 64 * 1024 * 1024,
      offthreadBodyBytes: 1024 * 1024,
      parsePoolSize: 1,
      tenantInflightBodyBytes: 2 * 64 * 1024 * 1024,
      syncMaxAccounts: 500,
      syncTimeLimitSeconds: 10,
      evaluateMaxAccounts: 100_000,
      mapTileUrl: null,
      shutdownGraceSeconds: 20,
      rateLimitPerMinute: null,
      tenantMaxRunning: null,
      tenantMaxQueued: null,
      tenantLimits: {},
      corsOrigins: [],
      headersTimeoutSeconds: 10,
      requestTimeoutSeconds: 120,
      connectionTimeoutSeconds: 120,
      keepAliveTimeoutSeconds: 72,
      maxConnections: 1024,
      webhookAttempts: 4,
      webhookBackoffMs: 500,
      webhookAllowHosts: [],
      webhookSecret: null,
      logLevel: 'info',
      maxModelPairs: 150_000_000,
      modelPairBudget: defaultModelPairBudget(machineMemory(), availableParallelism()),
      maxAttempts: 3,
      maxJobRssBytes: defaultMaxJobRssBytes(machineMemory()),
      retentionDays: 30,
    });
  });

  it('derives the memory defaults from the machine: half of it for the models of the solve threads, 80% of it for the process', () => {
    expect(machineMemory()).toBeGreaterThan(0);
    expect(machineMemory()).toBeLessThanOrEqual(totalmem());
    const gib = 2 ** 30;
    // 16 GiB and 2 threads: 4 GiB per model at 200 bytes per pair, about 21 M pairs (a 50,000 x 500 model has 11.7 M).
    expect(BYTES_PER_MODEL_PAIR).toBe(200);
    expect(defaultModelPairBudget(16 * gib, 2)).toBe(Math.floor((8 * gib) / 200 / 2));
    expect(defaultModelPairBudget(16 * gib, 0)).toBe(Math.floor((8 * gib) / 200));
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
      API_KEYS: 'acme:td_0123456789abcdefghijklmnop, beta:td_zyxwvutsrqponmlkjihgfedcba',
      METRICS_KEY: 'metrics-secret-0123',
      METRICS_PORT: '9100',
      DATA_DIR: 'tmp/jobs',
      DATABASE_URL: 'postgres://territory:secret@db.internal:5432/territory',
      DATABASE_POOL_SIZE: '4',
      REDIS_URL: 'redis://:secret@queue.internal:6379/2',
      REDIS_PREFIX: 'acme-prod',
      WORKERS: '0',
      LEASE_SECONDS: '6',
      POOL_SIZE: '3',
      SYNC_POOL_SIZE: '2',
      QUEUE_MAX: '5',
      MAX_TIME_LIMIT_SECONDS: '60.5',
      HARD_DEADLINE_GRACE_SECONDS: '2',
      BODY_LIMIT_BYTES: '4096',
      OFFTHREAD_BODY_BYTES: '2048',
      PARSE_POOL_SIZE: '2',
      TENANT_INFLIGHT_BODY_BYTES: '8192',
      SYNC_MAX_ACCOUNTS: '50',
      SYNC_TIME_LIMIT_SECONDS: '3',
      EVALUATE_MAX_ACCOUNTS: '200',
      MAP_TILE_URL: 'https://{s}.tile.example.com/{z}/{x}/{y}.png',
      SHUTDOWN_GRACE_SECONDS: '1',
      RATE_LIMIT_PER_MINUTE: '30',
      TENANT_MAX_RUNNING: '2',
      TENANT_MAX_QUEUED: '4',
      TENANT_LIMITS: '{"acme": {"maxRunning": 1, "maxTimeLimitSeconds": 60}}',
      CORS_ORIGINS: 'https://crm.example.com, https://planner.example.com',
      HEADERS_TIMEOUT_SECONDS: '2',
      REQUEST_TIMEOUT_SECONDS: '30',
      CONNECTION_TIMEOUT_SECONDS: '45',
      KEEP_ALIVE_TIMEOUT_SECONDS: '5',
      MAX_CONNECTIONS: '64',
      WEBHOOK_ATTEMPTS: '2',
      WEBHOOK_BACKOFF_MS: '10',
      WEBHOOK_ALLOW_HOSTS: '127.0.0.1:8080, hooks.internal',
      WEBHOOK_SECRET: SECRET,
      LOG_LEVEL: 'silent',
      MAX_MODEL_PAIRS: '1000000',
      MODEL_PAIR_BUDGET: '500000',
      MAX_ATTEMPTS: '5',
      MAX_JOB_RSS_BYTES: '1073741824',
      RETENTION_DAYS: '0.5',
    });
    expect(c).toEqual({
      port: 8080,
      host: '127.0.0.1',
      apiKeys: [{ tenant: 'acme', key: 'td_0123456789abcdefghijklmnop' }, { tenant: 'beta', key: 'td_zyxwvutsrqponmlkjihgfedcba' }],
      metricsKey: 'metrics-secret-0123',
      metricsPort: 9100,
      dataDir: resolve('tmp/jobs'),
      databaseUrl: 'postgres://territory:secret@db.internal:5432/territory',
      databasePoolSize: 4,
      redisUrl: 'redis://:secret@queue.internal:6379/2',
      redisPrefix: 'acme-prod',
      workers: 0,
      leaseSeconds: 6,
      poolSize: 3,
      syncPoolSize: 2,
      queueMax: 5,
      maxTimeLimitSeconds: 60.5,
      hardDeadlineGraceSeconds: 2,
      bodyLimitBytes: 4096,
      offthreadBodyBytes: 2048,
      parsePoolSize: 2,
      tenantInflightBodyBytes: 8192,
      syncMaxAccounts: 50,
      syncTimeLimitSeconds: 3,
      evaluateMaxAccounts: 200,
      mapTileUrl: 'https://{s}.tile.example.com/{z}/{x}/{y}.png',
      shutdownGraceSeconds: 1,
      rateLimitPerMinute: 30,
      tenantMaxRunning: 2,
      tenantMaxQueued: 4,
      tenantLimits: { acme: { maxRunning: 1, maxTimeLimitSeconds: 60 } },
      corsOrigins: ['https://crm.example.com', 'https://planner.example.com'],
      headersTimeoutSeconds: 2,
      requestTimeoutSeconds: 30,
      connectionTimeoutSeconds: 45,
      keepAliveTimeoutSeconds: 5,
      maxConnections: 64,
      webhookAttempts: 2,
      webhookBackoffMs: 10,
      webhookAllowHosts: [{ host: '127.0.0.1', port: 8080 }, { host: 'hooks.internal', port: null }],
      webhookSecret: SECRET,
      logLevel: 'silent',
      maxModelPairs: 1_000_000,
      modelPairBudget: 500_000,
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
    ['API_KEYS', { API_KEYS: 'no-colon-here-0123456789abcdef' }],
    ['API_KEYS', { API_KEYS: 'acme:short' }],
    ['API_KEYS', { API_KEYS: 'bad tenant:td_0123456789abcdefghijklmnop' }],
    ['METRICS_KEY', { METRICS_KEY: 'short' }],
    ['TENANT_LIMITS', { TENANT_LIMITS: '{not json' }],
    ['TENANT_LIMITS', { TENANT_LIMITS: '{"acme": {"maxRunning": 0}}' }],
    ['TENANT_LIMITS', { TENANT_LIMITS: '{"acme": {"maxThreads": 2}}' }],
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
    ['WEBHOOK_ALLOW_HOSTS', { WEBHOOK_ALLOW_HOSTS: 'http://example.com' }],
    ['WEBHOOK_ALLOW_HOSTS', { WEBHOOK_ALLOW_HOSTS: 'ok.example,127.0.0.1:99999' }],
    ['WEBHOOK_ALLOW_HOSTS', { WEBHOOK_ALLOW_HOSTS: 'a b' }],
    ['WEBHOOK_SECRET', { WEBHOOK_SECRET: Buffer.alloc(32).toString('base64') }],
    ['WEBHOOK_SECRET', { WEBHOOK_SECRET: 'whsec_not base64!' }],
    ['WEBHOOK_SECRET', { WEBHOOK_SECRET: `whsec_${Buffer.alloc(8).toString('base64')}` }],
    ['HEADERS_TIMEOUT_SECONDS', { HEADERS_TIMEOUT_SECONDS: '0' }],
    ['HEADERS_TIMEOUT_SECONDS', { HEADERS_TIMEOUT_SECONDS: '60', REQUEST_TIMEOUT_SECONDS: '30' }],
    ['CONNECTION_TIMEOUT_SECONDS', { CONNECTION_TIMEOUT_SECONDS: '5', SYNC_TIME_LIMIT_SECONDS: '10' }],
    ['MAX_CONNECTIONS', { MAX_CONNECTIONS: '0' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://db/territory' }],
    ['DATABASE_URL', { DATABASE_URL: './var/jobs.sqlite' }],
    ['DATABASE_POOL_SIZE', { DATABASE_POOL_SIZE: '0' }],
    ['REDIS_URL', { REDIS_URL: 'amqp://queue.internal', DATABASE_URL: 'postgres://db/territory' }],
    // BullMQ needs the shared store of record: a clear error, not a queue SQLite cannot serve.
    ['REDIS_URL', { REDIS_URL: 'redis://127.0.0.1:6379' }],
    ['REDIS_PREFIX', { REDIS_PREFIX: 'has space' }],
    ['WORKERS', { WORKERS: '-1' }],
    ['METRICS_PORT', { METRICS_PORT: '70000' }],
    ['WORKERS', { WORKERS: '0' }],
    ['LEASE_SECONDS', { LEASE_SECONDS: '0' }],
    ['MAX_MODEL_PAIRS', { MAX_MODEL_PAIRS: '0' }],
    ['MAX_MODEL_PAIRS', { MAX_MODEL_PAIRS: '1e6.5' }],
    ['MODEL_PAIR_BUDGET', { MODEL_PAIR_BUDGET: '0' }],
    ['MAX_ATTEMPTS', { MAX_ATTEMPTS: '0' }],
    ['MAX_ATTEMPTS', { MAX_ATTEMPTS: '2.5' }],
    ['MAX_JOB_RSS_BYTES', { MAX_JOB_RSS_BYTES: 'lots' }],
    ['RETENTION_DAYS', { RETENTION_DAYS: '0' }],
    ['RETENTION_DAYS', { RETENTION_DAYS: '-1' }],
    ['OFFTHREAD_BODY_BYTES', { OFFTHREAD_BODY_BYTES: '-1' }],
    ['PARSE_POOL_SIZE', { PARSE_POOL_SIZE: '0' }],
    ['TENANT_INFLIGHT_BODY_BYTES', { TENANT_INFLIGHT_BODY_BYTES: 'lots' }],
    ['TENANT_INFLIGHT_BODY_BYTES', { TENANT_INFLIGHT_BODY_BYTES: '4096', BODY_LIMIT_BYTES: '8192' }],
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

  it('normalises WEBHOOK_ALLOW_HOSTS entries as URLs write hosts: lower case, IPv4 in dotted decimal, IPv6 in brackets', () => {
    const c = loadConfig({ WEBHOOK_ALLOW_HOSTS: 'Hooks.Example.COM,0x7f.1:9000,[::1]:8080,::1,localhost.,' });
    expect(c.webhookAllowHosts).toEqual([
      { host: 'hooks.example.com', port: null },
      { host: '127.0.0.1', port: 9000 },
      { host: '[::1]', port: 8080 },
      { host: '[::1]', port: null },
      { host: 'localhost', port: null },
    ]);
    expect(Object.isFrozen(c.webhookAllowHosts)).toBe(true);
  });

  it('never repeats a DATABASE_URL in its error (it may hold a password), and takes postgresql:// too', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:hunter2@db/x' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://u:hunter2@db/x' })).not.toThrow(/hunter2/);
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/territory' }).databaseUrl).toBe('postgresql://db/territory');
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeNull();
    expect(() => loadConfig({ REDIS_URL: 'redis://:hunter2@queue.internal:6379' })).not.toThrow(/hunter2/);
    expect(loadConfig({ REDIS_URL: 'rediss://queue.internal:6380', DATABASE_URL: 'postgres://db/territory' }).redisUrl).toBe('rediss://queue.internal:6380');
  });

  it('never repeats a bad WEBHOOK_SECRET in its error', () => {
    const leaked = 'whsec_c2hvcnQ=';
    let message = '';
    try {
      loadConfig({ WEBHOOK_SECRET: leaked });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^WEBHOOK_SECRET: /m);
    expect(message).not.toContain('c2hvcnQ');
  });

  it('gives the connection timeout room for the synchronous time limit by default', () => {
    expect(loadConfig({ SYNC_TIME_LIMIT_SECONDS: '300' }).connectionTimeoutSeconds).toBe(360);
  });

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
