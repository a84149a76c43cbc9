/**
 * The solve pool: piscina worker threads running solve-worker.ts (through solve-worker-entry.mjs,
 * which loads it as ES modules with tsx), created up front and warmed with a tiny solve, because the
 * first HiGHS solve in a thread is the slow one.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { Errors } from '../errors.ts';
import type { SolveTask, SolveTaskResult } from './messages.ts';

export interface PoolOptions {
  readonly threads: number;
  /** Memory cap per worker's JS heap (HiGHS's wasm heap is capped at 2 GiB on its own). */
  readonly maxOldGenerationSizeMb?: number;
}

export type SolvePool = Piscina<SolveTask, SolveTaskResult>;

export function createSolvePool(options: PoolOptions): SolvePool {
  return new Piscina<SolveTask, SolveTaskResult>({
    // An ESM entry (see its comment): the solver must not run as tsx-compiled CommonJS.
    filename: fileURLToPath(new URL('./solve-worker-entry.mjs', import.meta.url)),
    minThreads: options.threads,
    maxThreads: options.threads,
    // Tasks are queued in SQLite by the runner; the pool itself holds only what it is running.
    maxQueue: options.threads * 4,
    idleTimeout: Number.POSITIVE_INFINITY,
    // A young generation as large as the main thread's: with a worker's default the local search,
    // which allocates fast, ran about 1.7 times slower than on the main thread (see BENCHMARKS.md).
    resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 4096, maxYoungGenerationSizeMb: 256 },
  });
}

/** Solves the warm-up problem once on every thread. */
export async function warmPool(pool: SolvePool, threads: number): Promise<void> {
  await Promise.all(Array.from({ length: threads }, () => pool.run({ problem: null, warmup: true, cancel: new SharedArrayBuffer(4) })));
}

/**
 * Runs one task, with piscina's own failures turned into registry errors, so callers never match
 * piscina's message texts: a full queue is TD_ERR_QUEUE_FULL (503, retry later), anything else
 * TD_ERR_SOLVE_FAILED with the original error as its `cause` (logged, never sent to the client).
 */
export async function runTask(pool: SolvePool, task: SolveTask): Promise<SolveTaskResult> {
  try {
    return await pool.run(task);
  } catch (err) {
    if (err instanceof Error && err.message === 'Task queue is at limit') throw new Errors.QueueFull(pool.options.maxQueue);
    throw new Errors.SolveFailed({ cause: err });
  }
}
