/**
 * A thread piscina starts in place of a terminated one compiles HiGHS before it takes work: the
 * warm-up runs while the thread loads (src/workers/solve-worker-entry.mjs), and piscina hands a
 * thread tasks only once it has loaded. Checked by order, never by time: the replacement's warm-up
 * message is counted before the first task after the termination returns.
 */
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSolvePool, warmedThreads, warmPool, type SolvePool } from '../../src/workers/pool.ts';
import { WARMUP_PROBLEM } from '../../src/workers/warmup.ts';
import { wideProblem } from './support/wide-problem.ts';

describe('replacement solve threads', () => {
  let pool: SolvePool;

  beforeAll(async () => {
    pool = createSolvePool({ threads: 1 });
    await warmPool(pool, 1);
  });

  afterAll(async () => {
    await pool?.destroy();
  });

  it('are warmed before their first task', async () => {
    expect(warmedThreads(pool)).toBe(1);
    // A long solve, terminated once it reports (as the runner does at a deadline or the memory limit).
    const abort = new AbortController();
    const { port1, port2 } = new MessageChannel();
    port1.once('message', () => abort.abort(new Error('deadline')));
    const long = pool.run(
      { problem: wideProblem(1500, 40, 120), cancel: new SharedArrayBuffer(4), progress: port2 },
      { transferList: [port2], signal: abort.signal },
    );
    await expect(long).rejects.toThrow();
    port1.close();
    // The next task can only run on the replacement, which must have warmed up before taking it.
    const out = await pool.run({ problem: WARMUP_PROBLEM, cancel: new SharedArrayBuffer(4) });
    expect(out.ok).toBe(true);
    expect(warmedThreads(pool)).toBe(2);
  });
});
