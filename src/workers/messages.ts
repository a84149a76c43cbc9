/**
 * The messages between the runner and a solve worker: one schema at the worker boundary.
 */
import type { MessagePort } from 'node:worker_threads';
import { z } from 'zod';
import type { InputIssue, SolveProgress, StopReason } from '../../solver/index.ts';
import type { FrontierProgress, FrontierProgressPoint } from '../jobs/job.ts';

export const solveTaskSchema = z.object({
  problem: z.unknown().optional(),
  /** The problem as JSON text instead (a large body, validated in the parse thread): parsed here, off the event loop. */
  problemJson: z.string().optional(),
  /** Or the path of the file it is kept in (a large body: jobs/staged-bodies.ts), read here. */
  problemFile: z.string().optional(),
  /** A scenario's variant: the base as JSON text (or its file) and the variant to apply to it (here, not on the runner's thread). */
  variantOf: z.union([
    z.object({ baseJson: z.string(), variant: z.unknown() }),
    z.object({ baseFile: z.string(), variant: z.unknown() }),
  ]).optional(),
  /**
   * A scenario's variant: its row of the scenario's comparison (solver/scenario.ts `comparisonRow`)
   * is built here, where the problem and the result already are, and goes back with the result.
   */
  comparison: z.object({ variant: z.string() }).optional(),
  /**
   * A frontier job (POST /v1/frontier): the problem's disruption frontier at these budgets (or this
   * many points), each point solved within its own time limit (`timeLimitSeconds` is then the job's whole).
   */
  frontier: z.object({
    budgets: z.array(z.number()).readonly().optional(),
    points: z.number().optional(),
    timeLimitSecondsPerPoint: z.number().positive(),
  }).optional(),
  /** Overrides the problem's own time limit when given. */
  timeLimitSeconds: z.number().positive().optional(),
  /**
   * Int32Array[1] over shared memory: non-zero asks the solve to stop with its best plan, and the value
   * says why (STOP_CODES), so the result says "cancelled" or "the client went away", not just "stopped".
   */
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
    /** Why the solve ended without proof (time limit, cancel, ...), as the result says it. */
    readonly message: string | null;
    /** Whether the result holds a plan (infeasible and unfinished solves have none). */
    readonly hasPlan: boolean;
    readonly resultJson: string;
    /** The variant's comparison row as JSON text (only when the task asked for it and it could be built). */
    readonly comparisonJson?: string;
    /**
     * A frontier's: `resultJson` is its table, `pointsJson` each point's result document in the
     * table's order, and `progress` every point as solved (the port may drop the last messages).
     */
    readonly frontier?: { readonly pointsJson: readonly string[]; readonly progress: FrontierProgress };
  }
  | { readonly ok: false; readonly issues: readonly InputIssue[] };

/**
 * A progress snapshot as the thread posts it, or a frontier's point just solved, with its JS heap
 * (used plus external, bytes): the runner cannot read another thread's heap on Node 20, so the
 * thread says it when it reports.
 */
export type ProgressMessage = (SolveProgress | { readonly frontierPoint: FrontierProgressPoint }) & { readonly heapBytes?: number };

/** The value stored in the shared stop flag for each reason (0: keep going). */
export const STOP_CODES: Readonly<Record<StopReason, number>> = { cancel: 1, 'client-gone': 2, shutdown: 3 };

/** Asks the solve behind `flag` to stop, saying why. */
export function requestStop(flag: SharedArrayBuffer | Int32Array, reason: StopReason): void {
  Atomics.store(flag instanceof Int32Array ? flag : new Int32Array(flag), 0, STOP_CODES[reason]);
}

/** The reason stored in a stop flag, if any. */
export function stopReasonOf(flag: Int32Array): StopReason | undefined {
  const code = Atomics.load(flag, 0);
  return (Object.keys(STOP_CODES) as StopReason[]).find((reason) => STOP_CODES[reason] === code);
}
