/**
 * The evaluate task of the parse pool (`pool.run(task, { name: 'evaluate' })`): POST /v1/evaluate
 * scored here rather than on the event loop, for every body: a large one (above
 * OFFTHREAD_BODY_BYTES) read and validated here as the main thread would (parse-worker.ts
 * readValidBody), a small one as the route validated it. The answer goes back as the text the
 * route's serializer would write (json), or as the file asked for (?format=csv, xlsx, crm-csv, ...,
 * rendered by results/render.ts as a job's result is; a binary file as moved memory); a refusal as
 * data the route turns into its registry error.
 */
import { evaluatedResultSchema } from '../../solver/index.ts';
import { evaluateBodySchema, type EvaluateBody } from '../http/evaluate-schema.ts';
import { serializedAs } from '../http/serialized.ts';
import type { CrmColumn } from '../results/crm-columns.ts';
import { renderResult, type ResultFormat } from '../results/render.ts';
import { evaluateOutcome, type EvaluateLimits, type EvaluateOutcome } from '../routes/evaluate-report.ts';
import { joinParts, readValidBody, type BodyRead } from './parse-worker.ts';
import { movedFile, type RenderTaskResult } from './render-worker.ts';

export interface EvaluateTask {
  /** A large body as the chunks that arrived (moved here, not copied, when they can be); or the body, validated. */
  readonly parts?: readonly Uint8Array[];
  readonly body?: EvaluateBody;
  readonly limits: EvaluateLimits;
  readonly format: ResultFormat;
  readonly columns?: readonly CrmColumn[];
}

export type EvaluateTaskResult =
  | ({ readonly ok: true } & RenderTaskResult)
  | Extract<EvaluateOutcome, { ok: false }>
  /** The body could not be read or is not valid: the main thread's answer (parse-worker.ts). */
  | { readonly ok: false; readonly kind: 'body'; readonly read: Extract<BodyRead, { ok: false }> };

export default async function evaluateTask(task: EvaluateTask): Promise<EvaluateTaskResult> {
  let body = task.body;
  if (task.parts !== undefined) {
    const bytes = joinParts(task.parts);
    const read = readValidBody(bytes, evaluateBodySchema, '/v1/evaluate');
    if (!read.ok) return { ok: false, kind: 'body', read };
    body = read.value as EvaluateBody;
  }
  const outcome = evaluateOutcome(body!, task.limits);
  if (!outcome.ok) return outcome;
  const text = serializedAs(evaluatedResultSchema, outcome.result);
  if (task.format === 'json') return { ok: true, contentType: 'application/json; charset=utf-8', body: text };
  const rendered = await renderResult(task.format, text, () => body!.problem, task.columns ? { columns: task.columns } : {});
  return movedFile(rendered, (out) => ({ ok: true as const, ...out }));
}
