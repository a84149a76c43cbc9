/**
 * The service's configuration: the environment parsed once, by one schema, into a frozen object.
 * Nothing else reads process.env.
 */
import { availableParallelism, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { TENANT_PATTERN } from './auth/api-keys.ts';
import { tenantLimitsSchema, type TenantLimitOverrides } from './auth/tenant-limits.ts';
import { parseAllowList, type AllowEntry } from './jobs/webhook-allow.ts';
import { secretKey } from './jobs/webhook-signature.ts';

const int = (min: number) => z.coerce.number().int().min(min);
const positive = z.coerce.number().positive();

const envSchema = z.object({
  PORT: int(0).max(65535).default(3000),
  /** Where to listen; by default 0.0.0.0 once an API key exists, loopback (127.0.0.1) while none does. */
  HOST: z.string().min(1).optional(),
  /** API keys to install at start, for containers: `tenant:key,tenant:key` (keys of at least 24 characters). */
  API_KEYS: z.string().optional(),
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_KEY>`. */
  METRICS_KEY: z.string().min(16).optional(),
  /** `territory worker` only: serve GET /health and GET /metrics on this port (on HOST, loopback by default). */
  METRICS_PORT: int(1).max(65535).optional(),
  /** Where the SQLite job store lives (and, with DATABASE_URL too, large documents kept as files). */
  DATA_DIR: z.string().min(1).default('./var'),
  /**
   * `postgres://user:password@host:port/database`: the store of record is PostgreSQL (shared by
   * several API processes) instead of the SQLite file in DATA_DIR. Unset: SQLite, the embedded default.
   */
  DATABASE_URL: z.string().optional().refine((url) => url === undefined || url === '' || /^postgres(ql)?:\/\/\S+$/.test(url), 'expected a postgres:// or postgresql:// URL')
    .transform((url) => (url === undefined || url === '' ? null : url)),
  /** Connections to PostgreSQL per process (DATABASE_URL only). */
  DATABASE_POOL_SIZE: int(1).default(10),
  /**
   * `redis://[user:password@]host:port[/db]` (or `rediss://`): the work queue is BullMQ on that Redis
   * and `territory worker` processes solve; the store of record must then be PostgreSQL (DATABASE_URL).
   * Unset: the in-process queue.
   */
  REDIS_URL: z.string().optional().refine((url) => url === undefined || url === '' || /^rediss?:\/\/\S+$/.test(url), 'expected a redis:// or rediss:// URL')
    .transform((url) => (url === undefined || url === '' ? null : url)),
  /** Prefix of every Redis key and queue name (REDIS_URL only): deployments sharing one Redis keep apart by it. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, ".", "_" or "-" (at most 64)').default('territory'),
  /** Jobs this API process solves at once (threads of its job pool); default POOL_SIZE. 0: it serves the API only. */
  WORKERS: int(0).optional(),
  /**
   * A process whose heartbeat is this old is gone: its running jobs are recovered (DATABASE_URL),
   * and with REDIS_URL BullMQ's lock on a solve expires after as long.
   */
  LEASE_SECONDS: positive.default(30),
  /** Worker threads solving jobs; one per core by default. */
  POOL_SIZE: int(1).optional(),
  /** Threads reserved for POST /v1/solve. */
  SYNC_POOL_SIZE: int(1).default(1),
  /** Jobs waiting for a thread before submissions get 503. */
  QUEUE_MAX: int(1).default(1000),
  /** Upper bound on any job's time limit (seconds). */
  MAX_TIME_LIMIT_SECONDS: positive.default(3600),
  /** After the time limit, a thread that has not returned gets this long before it is terminated. */
  HARD_DEADLINE_GRACE_SECONDS: positive.default(30),
  /** Request bodies larger than this get 413 (default fits 50,000 accounts with room to spare). */
  BODY_LIMIT_BYTES: int(1024).default(64 * 1024 * 1024),
  /**
   * Bodies above this many bytes on the routes that take problems are parsed and validated in the
   * parse thread, not on the event loop (a 50 MB body held it 6 to 11 s).
   */
  OFFTHREAD_BODY_BYTES: int(0).default(1024 * 1024),
  /** Threads that parse and validate large bodies. */
  PARSE_POOL_SIZE: int(1).default(1),
  /** Request body bytes one tenant may have in flight at once (default: twice BODY_LIMIT_BYTES); more gets 429. */
  TENANT_INFLIGHT_BODY_BYTES: int(1024).optional(),
  /** POST /v1/solve accepts at most this many accounts (larger problems go to /v1/jobs). */
  SYNC_MAX_ACCOUNTS: int(1).default(500),
  /** POST /v1/evaluate accepts at most this many accounts (it scores in the parse pool; the cap bounds its memory). */
  EVALUATE_MAX_ACCOUNTS: int(1).default(100_000),
  /** Tiles for the planner's page, e.g. `https://tile.example.com/{z}/{x}/{y}.png`; unset: the offline outlines only. */
  MAP_TILE_URL: z.string().regex(/^https?:\/\/[^/?#\s]+\/\S*$/, 'expected an http(s) URL template such as https://tile.example.com/{z}/{x}/{y}.png').optional(),
  /** Time limit of a synchronous solve (seconds). */
  SYNC_TIME_LIMIT_SECONDS: positive.default(10),
  /** How long SIGTERM waits for running jobs before requeueing them (seconds). */
  SHUTDOWN_GRACE_SECONDS: positive.default(20),
  /** Browser origins allowed to call the API (CORS), comma-separated, e.g. `https://crm.example.com`; none by default. */
  CORS_ORIGINS: z.string().default(''),
  /** Jobs of one tenant on a thread at once; by default one fewer than POOL_SIZE once API keys exist (the whole pool without). */
  TENANT_MAX_RUNNING: int(1).optional(),
  /** Jobs of one tenant waiting at once (a scenario counts each variant); at most QUEUE_MAX. Default 200 with API keys, QUEUE_MAX without. */
  TENANT_MAX_QUEUED: int(1).optional(),
  /** Per-tenant overrides as JSON: {"acme": {"maxRunning": 2, "maxQueued": 50, "maxTimeLimitSeconds": 600}}. */
  TENANT_LIMITS: z.string().optional(),
  /** Requests per minute per tenant (the probes are never limited); default 1200 with API keys, none without. */
  RATE_LIMIT_PER_MINUTE: int(1).optional(),
  /** Time for a client to send a request's headers; slow-header connections are closed with 408. */
  HEADERS_TIMEOUT_SECONDS: positive.default(10),
  /** Time for a client to send a whole request, body included (64 MiB in 120 s is about 4.5 Mbit/s). */
  REQUEST_TIMEOUT_SECONDS: positive.default(120),
  /**
   * A connection silent this long is closed. It must outlast the quietest answer: a synchronous solve
   * (its time limit, then diagnosis and reports), so the default is the larger of 120 s and the sync
   * time limit plus 60 s. Event streams send a comment every 15 s.
   */
  CONNECTION_TIMEOUT_SECONDS: positive.optional(),
  /** An idle keep-alive connection is closed after this long (above the usual 60 s of a proxy in front, so the proxy closes first). */
  KEEP_ALIVE_TIMEOUT_SECONDS: positive.default(72),
  /** Connections beyond this many are closed as they arrive. */
  MAX_CONNECTIONS: int(1).default(1024),
  WEBHOOK_ATTEMPTS: int(1).default(4),
  WEBHOOK_BACKOFF_MS: int(1).default(500),
  /** Internal hosts webhooks may reach all the same: comma-separated `host` or `host:port`. */
  WEBHOOK_ALLOW_HOSTS: z.string().default('').transform((text, ctx) => {
    try {
      return parseAllowList(text);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
      return z.NEVER;
    }
  }),
  /** Signs every webhook (Standard Webhooks `whsec_<base64>`); unset: generated into DATA_DIR. */
  WEBHOOK_SECRET: z.string().optional().superRefine((secret, ctx) => {
    if (secret === undefined) return;
    try {
      secretKey(secret);
    } catch (err) {
      // The message says what is wrong, never what the secret is.
      ctx.addIssue({ code: 'custom', message: (err as Error).message });
    }
  }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Submissions whose model would have more eligible account-rep pairs get 413 (default: DEFAULT_MAX_MODEL_PAIRS). */
  MAX_MODEL_PAIRS: int(1).default(150_000_000),
  /** Pairs one job's model may hold in memory; a larger model is streamed (default: defaultModelPairBudget). */
  MODEL_PAIR_BUDGET: int(1).optional(),
  /** Runs of one job the process may die during; at this many the job fails instead of running again. */
  MAX_ATTEMPTS: int(1).default(3),
  /** Process RSS above which the running job with the largest model is stopped (default: defaultMaxJobRssBytes). */
  MAX_JOB_RSS_BYTES: int(1).optional(),
  /** Ended jobs, their problems and results, and scenarios are deleted this many days after they end. */
  RETENTION_DAYS: positive.default(30),
});

/**
 * Bytes of process memory per pair a model holds while a large model is solved: compileProblem keeps
 * 68 per pair (measured, benchmarks/compile-memory.ts), and the whole solve peaked at 189 per pair
 * above the process's start (20,000 x 400, 3.8 M pairs, 828 MiB; see BENCHMARKS.md, "Model size and
 * memory").
 */
export const BYTES_PER_MODEL_PAIR = 200;
/** The models of the solve threads may take at most this share of the machine's memory together. */
const MODEL_MEMORY_SHARE = 0.5;
/** The memory watch stops a job once the process holds this share of the machine's memory. */
const JOB_RSS_SHARE = 0.8;

/** The memory this process may use: the machine's, or its cgroup's limit when that is lower. */
export function machineMemory(): number {
  const constrained = process.constrainedMemory?.() ?? 0;
  return constrained > 0 ? Math.min(totalmem(), constrained) : totalmem();
}

/**
 * MODEL_PAIR_BUDGET's default: each of `threads` jobs running at once may hold this many pairs, so
 * that together they fill MODEL_MEMORY_SHARE of the memory. A model with more eligible pairs is
 * read row by row and its candidate model kept within the budget (docs/large-models.md).
 */
export function defaultModelPairBudget(memoryBytes: number, threads: number): number {
  return Math.floor((memoryBytes * MODEL_MEMORY_SHARE) / BYTES_PER_MODEL_PAIR / Math.max(1, threads));
}

/** MAX_JOB_RSS_BYTES's default. */
export function defaultMaxJobRssBytes(memoryBytes: number): number {
  return Math.floor(memoryBytes * JOB_RSS_SHARE);
}

export interface Config {
  readonly port: number;
  /** null: decided at start by whether an API key exists (see src/auth/listen-host.ts). */
  readonly host: string | null;
  /** Keys from API_KEYS, installed in the key store at start. */
  readonly apiKeys: ReadonlyArray<{ readonly tenant: string; readonly key: string }>;
  readonly metricsKey: string | undefined;
  /** `territory worker`'s /health and /metrics port; null: it serves no HTTP. */
  readonly metricsPort: number | null;
  readonly dataDir: string;
  /** Null: the SQLite store in dataDir; otherwise PostgreSQL at this URL. */
  readonly databaseUrl: string | null;
  readonly databasePoolSize: number;
  /** Null: the in-process queue; otherwise BullMQ on the Redis at this URL. */
  readonly redisUrl: string | null;
  readonly redisPrefix: string;
  /** Jobs the API process solves at once (0: none, `territory worker` processes do). */
  readonly workers: number;
  readonly leaseSeconds: number;
  readonly poolSize: number;
  readonly syncPoolSize: number;
  readonly queueMax: number;
  readonly maxTimeLimitSeconds: number;
  readonly hardDeadlineGraceSeconds: number;
  readonly bodyLimitBytes: number;
  readonly offthreadBodyBytes: number;
  readonly parsePoolSize: number;
  readonly tenantInflightBodyBytes: number;
  readonly syncMaxAccounts: number;
  readonly syncTimeLimitSeconds: number;
  readonly evaluateMaxAccounts: number;
  /** Tile URL template for the planner's page; null: offline outlines only. */
  readonly mapTileUrl: string | null;
  readonly shutdownGraceSeconds: number;
  /** null: 1200 once API keys exist, none without (one local user on loopback). */
  readonly rateLimitPerMinute: number | null;
  readonly tenantMaxRunning: number | null;
  /** null: 200 once API keys exist, QUEUE_MAX without (one user has the whole queue). */
  readonly tenantMaxQueued: number | null;
  readonly tenantLimits: Readonly<Record<string, TenantLimitOverrides>>;
  readonly corsOrigins: readonly string[];
  readonly headersTimeoutSeconds: number;
  readonly requestTimeoutSeconds: number;
  readonly connectionTimeoutSeconds: number;
  readonly keepAliveTimeoutSeconds: number;
  readonly maxConnections: number;
  readonly webhookAttempts: number;
  readonly webhookBackoffMs: number;
  readonly webhookAllowHosts: readonly AllowEntry[];
  /** Null: the secret in DATA_DIR/webhook-secret (generated at first start) signs webhooks. */
  readonly webhookSecret: string | null;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  readonly maxModelPairs: number;
  readonly modelPairBudget: number;
  readonly maxAttempts: number;
  readonly maxJobRssBytes: number;
  readonly retentionDays: number;
}

export class ConfigError extends Error {}

/** TENANT_LIMITS: a JSON object of tenant -> limits; throws ConfigError naming the bad part. */
function parseTenantLimits(raw: string | undefined): Readonly<Record<string, TenantLimitOverrides>> {
  if (raw === undefined || raw.trim() === '') return Object.freeze({});
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new ConfigError(`invalid configuration:\nTENANT_LIMITS: not JSON (${(err as Error).message})`);
  }
  const parsed = z.record(z.string().regex(TENANT_PATTERN), tenantLimitsSchema).safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`invalid configuration:\nTENANT_LIMITS: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return Object.freeze(parsed.data);
}

/** `tenant:key,tenant:key`; throws ConfigError naming the bad entry (never printing a key). */
function parseApiKeys(raw: string | undefined): Array<{ tenant: string; key: string }> {
  if (raw === undefined || raw.trim() === '') return [];
  return raw.split(',').map((entry, k) => {
    const at = entry.indexOf(':');
    const tenant = entry.slice(0, at).trim();
    const key = entry.slice(at + 1).trim();
    if (at < 0 || !TENANT_PATTERN.test(tenant) || key.length < 24 || /\s/.test(key)) {
      throw new ConfigError(`invalid configuration:\nAPI_KEYS: entry ${k + 1} must be tenant:key (tenant letters, digits, '.', '_' or '-'; key at least 24 characters, no spaces)`);
    }
    return { tenant, key };
  });
}

/** Parses the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const apiKeys = parseApiKeys(e.API_KEYS);
  const connectionTimeoutSeconds = e.CONNECTION_TIMEOUT_SECONDS ?? Math.max(120, e.SYNC_TIME_LIMIT_SECONDS + 60);
  const tenantInflightBodyBytes = e.TENANT_INFLIGHT_BODY_BYTES ?? 2 * e.BODY_LIMIT_BYTES;
  const conflicts = [
    // Below the body limit, one lone body the limit allows would be refused as if others were in flight.
    ...(tenantInflightBodyBytes < e.BODY_LIMIT_BYTES ? [`TENANT_INFLIGHT_BODY_BYTES: must be at least BODY_LIMIT_BYTES (${e.BODY_LIMIT_BYTES})`] : []),
    // Node refuses a headers timeout longer than the request timeout.
    ...(e.HEADERS_TIMEOUT_SECONDS > e.REQUEST_TIMEOUT_SECONDS ? [`HEADERS_TIMEOUT_SECONDS: must not exceed REQUEST_TIMEOUT_SECONDS (${e.REQUEST_TIMEOUT_SECONDS})`] : []),
    ...(connectionTimeoutSeconds <= e.SYNC_TIME_LIMIT_SECONDS ? [`CONNECTION_TIMEOUT_SECONDS: must exceed SYNC_TIME_LIMIT_SECONDS (${e.SYNC_TIME_LIMIT_SECONDS}), or synchronous solves lose their connection`] : []),
    // BullMQ carries job ids only: every process must read the jobs themselves from one shared store.
    ...(e.REDIS_URL !== null && e.DATABASE_URL === null ? ['REDIS_URL: needs DATABASE_URL (with BullMQ the store of record is PostgreSQL, shared by every API and worker process; SQLite is one process\'s file)'] : []),
    // Nothing else would ever run this process's jobs.
    ...(e.WORKERS === 0 && e.DATABASE_URL === null ? ['WORKERS: 0 needs DATABASE_URL (and REDIS_URL with `territory worker` processes): with the SQLite store no other process runs the jobs'] : []),
  ];
  if (conflicts.length > 0) throw new ConfigError(`invalid configuration:\n${conflicts.join('\n')}`);
  const poolSize = e.POOL_SIZE ?? availableParallelism();
  return Object.freeze({
    port: e.PORT,
    host: e.HOST ?? null,
    apiKeys,
    metricsKey: e.METRICS_KEY,
    metricsPort: e.METRICS_PORT ?? null,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    workers: e.WORKERS ?? poolSize,
    leaseSeconds: e.LEASE_SECONDS,
    poolSize,
    syncPoolSize: e.SYNC_POOL_SIZE,
    queueMax: e.QUEUE_MAX,
    maxTimeLimitSeconds: e.MAX_TIME_LIMIT_SECONDS,
    hardDeadlineGraceSeconds: e.HARD_DEADLINE_GRACE_SECONDS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    offthreadBodyBytes: e.OFFTHREAD_BODY_BYTES,
    parsePoolSize: e.PARSE_POOL_SIZE,
    tenantInflightBodyBytes,
    syncMaxAccounts: e.SYNC_MAX_ACCOUNTS,
    syncTimeLimitSeconds: e.SYNC_TIME_LIMIT_SECONDS,
    evaluateMaxAccounts: e.EVALUATE_MAX_ACCOUNTS,
    mapTileUrl: e.MAP_TILE_URL ?? null,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE ?? null,
    tenantMaxRunning: e.TENANT_MAX_RUNNING ?? null,
    tenantMaxQueued: e.TENANT_MAX_QUEUED ?? null,
    tenantLimits: parseTenantLimits(e.TENANT_LIMITS),
    corsOrigins: Object.freeze(e.CORS_ORIGINS.split(',').map((o) => o.trim()).filter((o) => o !== '')),
    headersTimeoutSeconds: e.HEADERS_TIMEOUT_SECONDS,
    requestTimeoutSeconds: e.REQUEST_TIMEOUT_SECONDS,
    connectionTimeoutSeconds,
    keepAliveTimeoutSeconds: e.KEEP_ALIVE_TIMEOUT_SECONDS,
    maxConnections: e.MAX_CONNECTIONS,
    webhookAttempts: e.WEBHOOK_ATTEMPTS,
    webhookBackoffMs: e.WEBHOOK_BACKOFF_MS,
    webhookAllowHosts: Object.freeze(e.WEBHOOK_ALLOW_HOSTS.map((a) => Object.freeze(a))),
    webhookSecret: e.WEBHOOK_SECRET ?? null,
    logLevel: e.LOG_LEVEL,
    maxModelPairs: e.MAX_MODEL_PAIRS,
    modelPairBudget: e.MODEL_PAIR_BUDGET ?? defaultModelPairBudget(machineMemory(), poolSize),
    maxAttempts: e.MAX_ATTEMPTS,
    maxJobRssBytes: e.MAX_JOB_RSS_BYTES ?? defaultMaxJobRssBytes(machineMemory()),
    retentionDays: e.RETENTION_DAYS,
  });
}
