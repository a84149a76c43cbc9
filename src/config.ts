/**
 * The service's configuration: the environment parsed once, by one schema, into a frozen object.
 * Nothing else reads process.env.
 */
import { availableParallelism, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';

const int = (min: number) => z.coerce.number().int().min(min);
const positive = z.coerce.number().positive();

const envSchema = z.object({
  PORT: int(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Where the SQLite job store lives. */
  DATA_DIR: z.string().min(1).default('./var'),
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
  /** POST /v1/solve accepts at most this many accounts (larger problems go to /v1/jobs). */
  SYNC_MAX_ACCOUNTS: int(1).default(500),
  /** Time limit of a synchronous solve (seconds). */
  SYNC_TIME_LIMIT_SECONDS: positive.default(10),
  /** How long SIGTERM waits for running jobs before requeueing them (seconds). */
  SHUTDOWN_GRACE_SECONDS: positive.default(20),
  WEBHOOK_ATTEMPTS: int(1).default(4),
  WEBHOOK_BACKOFF_MS: int(1).default(500),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Submissions whose model would have more eligible account-rep pairs get 413 (default: defaultMaxModelPairs). */
  MAX_MODEL_PAIRS: int(1).optional(),
  /** Runs of one job the process may die during; at this many the job fails instead of running again. */
  MAX_ATTEMPTS: int(1).default(3),
  /** Process RSS above which the running job with the largest model is stopped (default: defaultMaxJobRssBytes). */
  MAX_JOB_RSS_BYTES: int(1).optional(),
  /** Ended jobs, their problems and results, and scenarios are deleted this many days after they end. */
  RETENTION_DAYS: positive.default(30),
});

/**
 * Bytes of process memory per eligible pair while a large model is solved: compileProblem keeps 68
 * per pair (measured, benchmarks/compile-memory.ts), and the whole solve peaked at 189 per pair above
 * the process's start (20,000 x 400, 3.8 M pairs, 828 MiB; see BENCHMARKS.md, "Model size and memory").
 */
export const BYTES_PER_MODEL_PAIR = 200;
/** One model may take at most this share of the machine's memory. */
const MODEL_MEMORY_SHARE = 0.5;
/** The memory watch stops a job once the process holds this share of the machine's memory. */
const JOB_RSS_SHARE = 0.8;

/** The memory this process may use: the machine's, or its cgroup's limit when that is lower. */
export function machineMemory(): number {
  const constrained = process.constrainedMemory?.() ?? 0;
  return constrained > 0 ? Math.min(totalmem(), constrained) : totalmem();
}

/** MAX_MODEL_PAIRS's default: a model whose solve would fill MODEL_MEMORY_SHARE of the memory. */
export function defaultMaxModelPairs(memoryBytes: number): number {
  return Math.floor((memoryBytes * MODEL_MEMORY_SHARE) / BYTES_PER_MODEL_PAIR);
}

/** MAX_JOB_RSS_BYTES's default. */
export function defaultMaxJobRssBytes(memoryBytes: number): number {
  return Math.floor(memoryBytes * JOB_RSS_SHARE);
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly poolSize: number;
  readonly syncPoolSize: number;
  readonly queueMax: number;
  readonly maxTimeLimitSeconds: number;
  readonly hardDeadlineGraceSeconds: number;
  readonly bodyLimitBytes: number;
  readonly syncMaxAccounts: number;
  readonly syncTimeLimitSeconds: number;
  readonly shutdownGraceSeconds: number;
  readonly webhookAttempts: number;
  readonly webhookBackoffMs: number;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  readonly maxModelPairs: number;
  readonly maxAttempts: number;
  readonly maxJobRssBytes: number;
  readonly retentionDays: number;
}

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    poolSize: e.POOL_SIZE ?? availableParallelism(),
    syncPoolSize: e.SYNC_POOL_SIZE,
    queueMax: e.QUEUE_MAX,
    maxTimeLimitSeconds: e.MAX_TIME_LIMIT_SECONDS,
    hardDeadlineGraceSeconds: e.HARD_DEADLINE_GRACE_SECONDS,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    syncMaxAccounts: e.SYNC_MAX_ACCOUNTS,
    syncTimeLimitSeconds: e.SYNC_TIME_LIMIT_SECONDS,
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
    webhookAttempts: e.WEBHOOK_ATTEMPTS,
    webhookBackoffMs: e.WEBHOOK_BACKOFF_MS,
    logLevel: e.LOG_LEVEL,
    maxModelPairs: e.MAX_MODEL_PAIRS ?? defaultMaxModelPairs(machineMemory()),
    maxAttempts: e.MAX_ATTEMPTS,
    maxJobRssBytes: e.MAX_JOB_RSS_BYTES ?? defaultMaxJobRssBytes(machineMemory()),
    retentionDays: e.RETENTION_DAYS,
  });
}
