/**
 * The solve pool: piscina worker threads running solve-worker.ts (through solve-worker-entry.mjs,
 * which loads it as ES modules with tsx), created up front. Each thread warms itself with a tiny
 * solve while it loads, because the first HiGHS solve in a thread is the slow one; that includes
 * the threads piscina starts to replace crashed or terminated ones.
 */
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { Errors } from '../errors.ts';
import type { SolveTask, SolveTaskResult } from './messages.ts';

export interface PoolOptions {
  readonly threads: number;
  /** Memory cap per worker's JS heap (HiGHS's wasm heap is capped at 2 GiB on its own). */
  readonly maxOldGenerationSizeMb?: number;
  /** MODEL_PAIR_BUDGET: the pairs one solve's model may hold (solve()'s `modelPairBudget`). */
  readonly modelPairBudget?: number;
}

/** What every thread of the pool is started with (read by solve-worker.ts as its workerData). */
export interface SolveWorkerData {
  readonly modelPairBudget?: number;
}

export type SolvePool = Piscina<SolveTask, SolveTaskResult>;

/** Threads of each pool that have finished their warm-up (they say so in a message, see the entry). */
const warmed = new WeakMap<SolvePool, { count: number; waiters: Set<() => void> }>();

/** How many threads of this pool have warmed up since it was created (replacements included). */
export function warmedThreads(pool: SolvePool): number {
  return warmed.get(pool)?.count ?? 0;
}

/** Resolves once `count` threads of the pool have warmed up since it was created. */
export function whenWarmed(pool: SolvePool, count: number): Promise<void> {
  const state = warmed.get(pool)!;
  return new Promise((resolve) => {
    const check = () => {
      if (state.count < count) return;
      state.waiters.delete(check);
      resolve();
    };
    state.waiters.add(check);
    check();
  });
}

export function createSolvePool(options: PoolOptions): SolvePool {
  const pool = new Piscina<SolveTask, SolveTaskResult>({
    // An ESM entry (see its comment): the solver must not run as tsx-compiled CommonJS.
    filename: fileURLToPath(new URL('./solve-worker-entry.mjs', import.meta.url)),
    minThreads: options.threads,
    maxThreads: options.threads,
    // Tasks are queued in SQLite by the runner; the pool itself holds only what it is running.
    maxQueue: options.threads * 4,
    idleTimeout: Number.POSITIVE_INFINITY,
    workerData: { ...(options.modelPairBudget !== undefined ? { modelPairBudget: options.modelPairBudget } : {}) } satisfies SolveWorkerData,
    // A young generation as large as the main thread's: with a worker's default the local search,
    // which allocates fast, ran about 1.7 times slower than on the main thread (see BENCHMARKS.md).
    resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 4096, maxYoungGenerationSizeMb: 256 },
  });
  const state = { count: 0, waiters: new Set<() => void>() };
  warmed.set(pool, state);
  pool.on('message', (message: unknown) => {
    if (typeof message !== 'object' || message === null || !('territoryWarmed' in message)) return;
    state.count++;
    for (const waiter of [...state.waiters]) waiter();
  });
  return pool;
}

/**
 * Waits until every thread has warmed up. The warm-up tasks run as well: a thread that fails to
 * load (HiGHS cannot compile) fails them, where waiting for its message alone would hang.
 */
export async function warmPool(pool: SolvePool, threads: number): Promise<void> {
  await Promise.all([
    whenWarmed(pool, threads),
    ...Array.from({ length: threads }, () => pool.run({ problem: null, warmup: true, cancel: new SharedArrayBuffer(4) })),
  ]);
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
