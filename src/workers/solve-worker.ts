/**
 * The worker thread entry: parse the task, call solver/solve() (or, for a frontier job, the
 * frontier: frontier-task.ts), forward progress. Thin on purpose. HiGHS runs synchronously here, so
 * a cancel cannot arrive as a message; the runner flips a shared flag instead, which the solver polls.
 */
import { getHeapStatistics } from 'node:v8';
import { workerData } from 'node:worker_threads';
import { comparisonRow, parseProblem, solve, type ProblemInput, type SolveProgress, type TerritoryResult } from '../../solver/index.ts';
import { highsFactory } from '../highs-runtime.ts';
import { frontierTask } from './frontier-task.ts';
import { solveTaskSchema, stopReasonOf, type ProgressMessage, type SolveTask, type SolveTaskResult } from './messages.ts';
import type { SolveWorkerData } from './pool.ts';
import { namesSource, problemFromSource } from './problem-source.ts';
import { WARMUP_PROBLEM } from './warmup.ts';

/** MODEL_PAIR_BUDGET, as the pool started this thread with it. */
const modelPairBudget = (workerData as SolveWorkerData | null)?.modelPairBudget;

export default async function solveTask(raw: unknown): Promise<SolveTaskResult> {
  const task = solveTaskSchema.parse(raw);
  const document = task.warmup ? WARMUP_PROBLEM : documentOf(task);
  const parsed = parseProblem(document);
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  const cancel = new Int32Array(task.cancel);
  const run = {
    highs: highsFactory,
    warnings: parsed.warnings,
    shouldStop: () => Atomics.load(cancel, 0) !== 0,
    stopReason: () => stopReasonOf(cancel),
    ...(modelPairBudget !== undefined ? { modelPairBudget } : {}),
    ...(task.progress ? { onProgress: (p: SolveProgress) => task.progress!.postMessage({ ...p, heapBytes: heapBytes() } satisfies ProgressMessage) } : {}),
  };
  if (task.frontier) {
    const out = await frontierTask(parsed.problem, task.frontier, run, (point) => task.progress?.postMessage({ frontierPoint: point, heapBytes: heapBytes() } satisfies ProgressMessage));
    task.progress?.close();
    return out;
  }
  const result = await solve(parsed.problem, { ...run, ...(task.timeLimitSeconds !== undefined ? { timeLimitSeconds: task.timeLimitSeconds } : {}) });
  task.progress?.close();
  const { status, objective, bound, gap, message } = result.solver;
  const resultJson = JSON.stringify(result);
  const comparisonJson = task.comparison ? comparisonOf(task.comparison.variant, document, resultJson) : undefined;
  return { ok: true, status, objective, bound, gap, message: message ?? null, hasPlan: objective !== null, resultJson, ...(comparisonJson !== undefined ? { comparisonJson } : {}) };
}

/**
 * The variant's comparison row, from the document as submitted and the result as it is stored (read
 * back from its text, so the row is exactly the one GET /v1/scenarios/:id would build from the
 * store). A row that cannot be built is left out: the route then builds it the old way.
 */
function comparisonOf(variant: string, document: unknown, resultJson: string): string | undefined {
  try {
    return JSON.stringify(comparisonRow(variant, document as ProblemInput, JSON.parse(resultJson) as TerritoryResult));
  } catch {
    return undefined;
  }
}

/** The problem document, read here so that a large one is never parsed on the runner's thread. */
function documentOf(task: SolveTask): unknown {
  return namesSource(task) ? problemFromSource(task) : task.problem;
}

/** Solves the warm-up problem once (the entry calls it while the thread loads). */
export async function warmUp(): Promise<void> {
  await solveTask({ problem: null, warmup: true, cancel: new SharedArrayBuffer(4) });
}

/** This thread's JS heap in use, plus the external memory V8 knows of (for the runner's memory watch). */
function heapBytes(): number {
  const heap = getHeapStatistics() as ReturnType<typeof getHeapStatistics> & { external_memory?: number };
  return heap.used_heap_size + (heap.external_memory ?? 0);
}
