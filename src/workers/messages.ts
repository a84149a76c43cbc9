/**
 * The messages between the runner and a solve worker: one schema at the worker boundary.
 */
import type { MessagePort } from 'node:worker_threads';
import { z } from 'zod';
import type { InputIssue, SolveProgress } from '../../solver/index.ts';

export const solveTaskSchema = z.object({
  problem: z.unknown(),
  /** Overrides the problem's own time limit when given. */
  timeLimitSeconds: z.number().positive().optional(),
  /** Int32Array[1] over shared memory: the runner stores 1 to ask the solve to stop with its best plan. */
  cancel: z.instanceof(SharedArrayBuffer),
  /** Where progress snapshots are posted. */
  progress: z.custom<MessagePort>((v) => typeof v === 'object' && v !== null && 'postMessage' in v).optional(),
  /** A warm-up task: solve a tiny problem so the thread has compiled HiGHS before real work. */
  warmup: z.boolean().optional(),
});
export type SolveTask = z.infer<typeof solveTaskSchema>;

export type SolveTaskResult =
  | {
    readonly ok: true;
    readonly status: string;
    readonly objective: number | null;
    readonly bound: number | null;
    readonly gap: number | null;
    readonly resultJson: string;
  }
  | { readonly ok: false; readonly issues: readonly InputIssue[] };

export type ProgressMessage = SolveProgress;
