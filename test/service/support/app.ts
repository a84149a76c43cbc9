/**
 * Helpers for the service tests: a real app (real SQLite file in a fresh temp dir, real piscina pool,
 * real HiGHS), polling with a deadline, and the named fixtures.
 *
 * TEST_STORE=postgres runs every app built here on PostgreSQL instead: each app gets a database of
 * its own on the machine's server (support/pg.ts), dropped when it closes, unless the test set
 * DATABASE_URL itself. `TEST_STORE=postgres npx vitest run test/service/jobs.test.ts` runs the route
 * tests against the other backend.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp, type BuildOptions } from '../../../src/app.ts';
import type { ProblemDetails } from '../../../src/plugins/error-handler.ts';
import { loadConfig, type Config } from '../../../src/config.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';
import type { ProblemInput } from '../../../solver/index.ts';

/**
 * Set when TEST_STORE=postgres: the tests of what only the SQLite store does (files named by rows,
 * the file itself) are skipped then; PostgreSQL's own are in pg-store.test.ts and pg-service.test.ts.
 */
export const ON_POSTGRES = process.env.TEST_STORE === 'postgres';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly config: Config;
  readonly dataDir: string;
  /** Closes the app (pool, runner, store) and removes its temp dir (unless the caller gave it). */
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Use this folder as DATA_DIR (a restart test); the caller owns it, close() leaves it in place. */
  readonly dataDir?: string;
  /** Fastify logger options, e.g. a stream that captures the log (support/logs.ts). */
  readonly logger?: BuildOptions['logger'];
}

/**
 * Builds the real app over a fresh temp dir; `env` overrides the test defaults (POOL_SIZE 1,
 * silent).
 */
export async function buildTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const owned = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'territory-service-'));
  // Tests send far more requests a minute than a client would; rate limits have their own test.
  // An empty value unsets a test default (e.g. RATE_LIMIT_PER_MINUTE: '' for the service's own default).
  const database: TestDatabase | undefined = process.env.TEST_STORE === 'postgres' && env.DATABASE_URL === undefined ? await createTestDatabase() : undefined;
  const merged = Object.entries({ POOL_SIZE: '1', LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '1000000', ...(database ? { DATABASE_URL: database.url } : {}), ...env, DATA_DIR: dataDir }).filter(([, v]) => v !== '');
  const config = loadConfig(Object.fromEntries(merged));
  let app: FastifyInstance;
  try {
    app = await buildApp(config, options.logger === undefined ? {} : { logger: options.logger });
    await app.ready();
  } catch (err) {
    if (owned) rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
    throw err;
  }
  return {
    app,
    config,
    dataDir,
    async close() {
      await app.close();
      if (owned) rmSync(dataDir, { recursive: true, force: true });
      await database?.drop();
    },
  };
}

export interface JobView {
  id: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: { phase: string; percent: number; incumbent: number | null; bound: number | null; gap: number | null };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  timeLimitSeconds: number;
  attempts: number;
  scenarioId: string | null;
  variant: string | null;
  error?: { code: string; message: string };
  links: { self: string; result: string; events: string };
}

/** POST /v1/jobs; returns the raw response. */
export function submit(app: FastifyInstance, body: unknown, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
  return app.inject({ method: 'POST', url: '/v1/jobs', payload: body as object, headers });
}

/** POST /v1/jobs and expect 202; returns the job view. */
export async function submitOk(app: FastifyInstance, body: unknown, headers: Record<string, string> = {}): Promise<JobView> {
  const res = await submit(app, body, headers);
  if (res.statusCode !== 202) throw new Error(`expected 202, got ${res.statusCode}: ${res.body}`);
  return res.json<JobView>();
}

export async function getJob(app: FastifyInstance, id: string, headers: Record<string, string> = {}): Promise<JobView> {
  const res = await app.inject({ method: 'GET', url: `/v1/jobs/${id}`, headers });
  if (res.statusCode !== 200) throw new Error(`GET /v1/jobs/${id}: ${res.statusCode} ${res.body}`);
  return res.json<JobView>();
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `read` until `done` holds or the deadline passes (then throws with the last value seen).
 */
export async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, { timeoutMs = 30_000, intervalMs = 50, what = 'condition' } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!done(last)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last).slice(0, 500)}`);
    await sleep(intervalMs);
    last = await read();
  }
  return last;
}

/** Polls GET /v1/jobs/:id until the job's status is one of `statuses`. */
export function waitForStatus(app: FastifyInstance, id: string, statuses: JobView['status'] | ReadonlyArray<JobView['status']>, timeoutMs = 30_000, headers: Record<string, string> = {}): Promise<JobView> {
  const wanted = new Set(typeof statuses === 'string' ? [statuses] : statuses);
  return pollUntil(() => getJob(app, id, headers), (j) => wanted.has(j.status), { timeoutMs, what: `job ${id} to be ${[...wanted].join('|')}` });
}

/** Waits until the job has ended (succeeded, failed or cancelled). */
export function waitForEnd(app: FastifyInstance, id: string, timeoutMs = 30_000, headers: Record<string, string> = {}): Promise<JobView> {
  return waitForStatus(app, id, ['succeeded', 'failed', 'cancelled'], timeoutMs, headers);
}

/** A problem document from data/ (e.g. `tiny.json`, `sample-bavaria-bw.json`). */
export function readFixture(name: string): ProblemInput {
  return JSON.parse(readFileSync(new URL(`../../../data/${name}`, import.meta.url), 'utf8')) as ProblemInput;
}

export const SAMPLE = 'sample-bavaria-bw.json';

/** A problem+json error body, as the service's error handler writes it. */
export type ProblemBody = ProblemDetails;
