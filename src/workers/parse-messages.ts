/**
 * The messages between a route and the parse thread (parse-worker.ts): a large body's bytes in, and
 * out either why it was refused (exactly what the main thread's parser and validator would have
 * said) or the facts the route acts on, with the problems as JSON text or as the file they were
 * written to.
 */
import type { JsonBodyOutcome } from '../http/json-text.ts';
import type { ProblemBodyKind } from '../http/raw-body.ts';
import type { ValidationAnswer } from '../http/validation-errors.ts';
import type { FrontierSubmission, JobSubmission, ScenarioPlan, SolveSubmission } from '../routes/submissions.ts';

export interface ParseTask {
  readonly kind: ProblemBodyKind;
  /** The body as the chunks that arrived (their memory is transferred, not copied, when it can be); joined in the thread. */
  readonly parts: readonly Uint8Array[];
  /**
   * Where to write the problem (jobs and scenarios: jobs/staged-bodies.ts), so that the main thread
   * gets a file name back instead of 50 MB of text, and never writes it to the store itself.
   */
  readonly stageDir?: string;
}

export type OffthreadSubmission =
  | { readonly kind: 'jobs'; readonly submission: JobSubmission }
  | { readonly kind: 'solve'; readonly submission: SolveSubmission }
  | { readonly kind: 'scenarios'; readonly plan: ScenarioPlan }
  | { readonly kind: 'frontier'; readonly submission: FrontierSubmission };

export type ParseTaskResult =
  | { readonly ok: false; readonly body: Exclude<JsonBodyOutcome, { ok: true }> }
  | { readonly ok: false; readonly body?: undefined; readonly validation: ValidationAnswer }
  | { readonly ok: true; readonly parsed: OffthreadSubmission };
