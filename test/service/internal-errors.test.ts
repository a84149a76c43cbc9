/**
 * Internal failures reach clients as registry errors with fixed texts: piscina's messages are
 * mapped where the pool is run (src/workers/pool.ts), and a 5xx answer never carries its cause,
 * which is logged under the request id instead.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { Errors } from '../../src/errors.ts';
import { createSolvePool, runTask, type SolvePool } from '../../src/workers/pool.ts';
import type { SolveTask } from '../../src/workers/messages.ts';
import type { ProblemBody } from './support/app.ts';

describe('runTask (the pool wrapper)', () => {
  let pool: SolvePool;

  beforeAll(() => {
    pool = createSolvePool({ threads: 1 });
  });

  afterAll(async () => {
    await pool?.destroy();
  });

  it('turns a full piscina queue into TD_ERR_QUEUE_FULL', async () => {
    // All submitted in one tick: one thread and a queue of 4 cannot take 10, whatever the speed.
    const warmup = (): SolveTask => ({ problem: null, warmup: true, cancel: new SharedArrayBuffer(4) });
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, () => runTask(pool, warmup())));
    const refused = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(refused.length).toBeGreaterThanOrEqual(5);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(Errors.QueueFull);
      expect((r.reason as Error).message).toBe(new Errors.QueueFull(4).message);
    }
    expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
  });

  it('turns a failed task into TD_ERR_SOLVE_FAILED with the original error as its cause', async () => {
    const bad = { problem: null, cancel: 'not shared memory' } as unknown as SolveTask;
    const err = await runTask(pool, bad).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(Errors.SolveFailed);
    expect((err as Error).message).toBe('The solve failed; the error has been logged');
    // The worker's schema refused the task; its ZodError crosses the thread boundary without its text.
    expect((err as Error).cause).toBeInstanceOf(Error);
  });
});

describe('5xx answers', () => {
  let app: FastifyInstance;
  let dataDir: string;
  const logLines: string[] = [];
  const SECRET = 'secret internal text at /srv/territory/src/x.ts:12';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'territory-internal-'));
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        logLines.push(String(chunk));
        callback();
      },
    });
    app = await buildApp(loadConfig({ POOL_SIZE: '1', DATA_DIR: dataDir }), { logger: { level: 'error', stream } });
    // Routes that fail the way a broken dependency would: the real error handler answers them.
    app.get('/test/solve-failed', async () => {
      throw new Errors.SolveFailed({ cause: new Error(SECRET) });
    });
    app.get('/test/crash', async () => {
      throw new TypeError(SECRET);
    });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const [url, code] of [['/test/solve-failed', 'TD_ERR_SOLVE_FAILED'], ['/test/crash', 'TD_ERR_INTERNAL']] as const) {
    it(`${url}: 500 ${code} with the registry's text; the cause is logged under the request id`, async () => {
      const res = await app.inject({ url, headers: { 'x-request-id': `req-${code}` } });
      expect(res.statusCode).toBe(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = res.json<ProblemBody>();
      expect(body.code).toBe(code);
      expect(body.detail).toBe(code === 'TD_ERR_SOLVE_FAILED' ? new Errors.SolveFailed().message : new Errors.Internal().message);
      expect(res.body).not.toContain('secret');
      expect(res.body).not.toMatch(/\/srv\/|\.ts:\d+/);
      const logged = logLines.map((l) => JSON.parse(l) as { reqId?: string }).filter((l) => l.reqId === `req-${code}`);
      expect(logged.length).toBeGreaterThan(0);
      expect(JSON.stringify(logged)).toContain(SECRET);
    });
  }
});
