/**
 * The compliance task of the parse pool (`pool.run(task, { name: 'compliance' })`): POST
 * /v1/compliance computed here rather than on the event loop when its body is large (read and
 * validated here as the main thread would, plugins/json-body.ts and the route's schema) or its plan
 * is a job's (the job's result and problem read here). The report goes back as the text the
 * route's serializer would write; a refusal as data the route turns into its registry error.
 */
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { complianceReportSchema } from '../../solver/index.ts';
import { complianceBodySchema, type ComplianceBody } from '../http/compliance-schema.ts';
import { serializedAs } from '../http/serialized.ts';
import { complianceOf, planCheck, type ComplianceJob, type ComplianceOutcome } from '../routes/compliance-report.ts';
import { joinParts, readValidBody, type BodyRead } from './parse-worker.ts';

export interface ComplianceTask {
  /** A large body as the chunks that arrived (moved here, not copied, when they can be); or the body, validated. */
  readonly parts?: readonly Uint8Array[];
  readonly body?: ComplianceBody;
  /** The finished job plan.jobId names, as the route found it. */
  readonly job?: ComplianceJob;
}

export type ComplianceTaskResult =
  | { readonly ok: true; readonly reportJson: string }
  | Extract<ComplianceOutcome, { ok: false }>
  /** The body could not be read or is not valid: the main thread's answer (parse-worker.ts). */
  | { readonly ok: false; readonly kind: 'body'; readonly read: Extract<BodyRead, { ok: false }> }
  /** A valid body whose plan is a job's: the route looks the job up and sends the bytes (moved back) again with it. */
  | { readonly ok: false; readonly kind: 'job'; readonly jobId: string; readonly bytes: ArrayBuffer };

export default async function complianceTask(task: ComplianceTask): Promise<ComplianceTaskResult> {
  let body = task.body;
  if (task.parts !== undefined) {
    const bytes = joinParts(task.parts);
    const read = readValidBody(bytes, complianceBodySchema, '/v1/compliance');
    if (!read.ok) return { ok: false, kind: 'body', read };
    body = read.value as ComplianceBody;
    const checked = planCheck(body);
    if (!checked.ok) return checked;
    if (checked.jobId !== undefined && task.job === undefined) {
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      const buffer = (whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer;
      const out: ComplianceTaskResult = { ok: false, kind: 'job', jobId: checked.jobId, bytes: buffer };
      return move({ [transferableSymbol]: buffer, [valueSymbol]: out }) as unknown as ComplianceTaskResult;
    }
  }
  const outcome = await complianceOf(body!, task.job);
  return outcome.ok ? { ok: true, reportJson: serializedAs(complianceReportSchema, outcome.report) } : outcome;
}
