/**
 * The solve pool: piscina worker threads running solve-worker.ts. Workers load TypeScript through
 * tsx (the same runtime as the CLI), are created up front and warmed with a tiny solve, because the
 * first HiGHS solve in a thread is the slow one.
 */
import { Piscina } from 'piscina';
import type { SolveTask, SolveTaskResult } from './messages.ts';

export interface PoolOptions {
  readonly threads: number;
  /** Memory cap per worker's JS heap (HiGHS's wasm heap is capped at 2 GiB on its own). */
  readonly maxOldGenerationSizeMb?: number;
}

export type SolvePool = Piscina<SolveTask, SolveTaskResult>;

export function createSolvePool(options: PoolOptions): SolvePool {
  return new Piscina<SolveTask, SolveTaskResult>({
    filename: new URL('./solve-worker.ts', import.meta.url).href,
    execArgv: ['--import', 'tsx'],
    minThreads: options.threads,
    maxThreads: options.threads,
    // Tasks are queued in SQLite by the runner; the pool itself holds only what it is running.
    maxQueue: options.threads * 4,
    idleTimeout: Number.POSITIVE_INFINITY,
    // A larger young generation than a worker's default: compiling and searching a national model
    // allocates fast, and the default made the same solve measurably slower in a worker than on the
    // main thread (10,000 x 100: 45.6 s vs 38.8 s to the gap target, see BENCHMARKS.md).
    resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 4096, maxYoungGenerationSizeMb: 64 },
  });
}

/** Solves the warm-up problem once on every thread. */
export async function warmPool(pool: SolvePool, threads: number): Promise<void> {
  await Promise.all(Array.from({ length: threads }, () => pool.run({ problem: null, warmup: true, cancel: new SharedArrayBuffer(4) })));
}
