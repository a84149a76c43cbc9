/**
 * POST /v1/compliance: plan versus actual (docs/compliance.md). The plan is given as assignments,
 * as a finished job of the request's tenant, or not at all (the problem's currentRepId); the log as
 * records or as CSV text read by the same import as the CLI's. The computation
 * (routes/compliance-report.ts) runs on the request's thread for a small body with its plan inline,
 * and in the parse pool (workers/compliance-worker.ts) for a body above OFFTHREAD_BODY_BYTES (read
 * and validated there) or a job's plan (its result and problem read there): the same answers.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { complianceReportSchema, type ComplianceReportDocument } from '../../solver/index.ts';
import { Errors, type FieldError } from '../errors.ts';
import { complianceBodySchema } from '../http/compliance-schema.ts';
import { RawBody } from '../http/raw-body.ts';
import { internalError, json, problemDetails, unreadableBody } from '../http/responses.ts';
import { BodyValidationError } from '../http/validation-errors.ts';
import { FINAL_STATUSES } from '../jobs/store.ts';
import { jsonBodyError } from '../plugins/json-body.ts';
import { complianceInPool } from '../workers/parse-pool.ts';
import type { ComplianceTaskResult } from '../workers/compliance-worker.ts';
import { FieldValidationError } from './admission.ts';
import { complianceOf, planCheck, type ComplianceJob, type ComplianceOutcome } from './compliance-report.ts';

/** A 400 listing every rejected row of activitiesCsv (rendered with `errors`, like a validation error). */
export class ActivityLogError extends Errors.ActivityLogInvalid {
  constructor(readonly fields: readonly FieldError[]) {
    super(fields.length === 1 ? '1 thing' : `${fields.length} things`, fields.slice(0, 3).map((f) => f.message).join('; ') + (fields.length > 3 ? `; and ${fields.length - 3} more (errors lists them)` : ''));
  }
}

export default async function complianceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/v1/compliance', {
    // Bodies above OFFTHREAD_BODY_BYTES arrive as bytes (a RawBody), for the parse pool to read.
    config: { offthreadBody: 'compliance' },
    schema: {
      summary: 'Compare a plan with the CRM call log (plan versus actual)',
      description: 'Per account, rep and segment: planned vs actual calls (a phone or video call is no visit for an in_person pattern), hours, coverage of the A accounts, the lemonade stands (hours on C accounts while A accounts go short), ideal vs logged km, and the accounts and reps furthest off plan in sentences. Planned figures are yearly figures x period days / 365; the period defaults to the span of the log. See docs/compliance.md.',
      tags: ['compliance'],
      body: complianceBodySchema,
      response: {
        200: json('The compliance report.', complianceReportSchema),
        400: problemDetails('TD_ERR_VALIDATION: the body is not a valid request (shape; a problem with bad references; a plan of another problem; no or two plans or logs; to before from); errors names each field, e.g. plan.assignments[3].repId. TD_ERR_ACTIVITY_LOG_INVALID: rows of activitiesCsv cannot be read; errors lists every one (row, column, reason). TD_ERR_INVALID_JSON: the body is not JSON.'),
        404: problemDetails('TD_ERR_JOB_NOT_FOUND: plan.jobId names no job of this tenant.'),
        409: problemDetails('TD_ERR_JOB_NOT_FINISHED: the plan\'s job is queued or running. TD_ERR_JOB_FAILED: it ended without a result.'),
        ...unreadableBody,
        500: internalError,
        503: problemDetails('TD_ERR_SHUTTING_DOWN: the service is stopping.'),
      },
    },
  }, async (request, reply) => {
    if (!app.accepting) throw new Errors.ShuttingDown();
    const raw: unknown = request.body;
    if (raw instanceof RawBody) {
      let out = await complianceInPool(app.parsePool, { parts: raw.chunks });
      // A valid body whose plan is a job's: the job is looked up here, the body read again with it.
      if (!out.ok && out.kind === 'job') out = await complianceInPool(app.parsePool, { parts: [new Uint8Array(out.bytes)], job: await finishedJob(app, out.jobId, request.tenant) });
      return sendReport(reply, out);
    }
    const body = request.body;
    const checked = planCheck(body);
    if (!checked.ok) throw refusal(checked);
    // A job's result and problem can be large: read in the parse pool.
    if (checked.jobId !== undefined) return sendReport(reply, await complianceInPool(app.parsePool, { body, job: await finishedJob(app, checked.jobId, request.tenant) }));
    const outcome = await complianceOf(body, undefined);
    if (!outcome.ok) throw refusal(outcome);
    // Built once and only read: the readonly view and the document are the same object.
    return outcome.report as ComplianceReportDocument;
  });
}

/** The finished job plan.jobId names, with its result's text and its problem's source (nothing parsed here). */
async function finishedJob(app: FastifyInstance, id: string, tenant: string): Promise<ComplianceJob> {
  const job = await app.store.get(id, tenant);
  if (!job) throw new Errors.JobNotFound(id);
  // A frontier has many plans: the one to check is a point's, which the body can give as assignments.
  if (job.kind === 'frontier') throw new FieldValidationError([{ path: 'plan.jobId', message: `job ${job.id} is a frontier, not one plan: give plan.assignments from one of its points (GET /v1/frontier/${job.id}/points/{index})` }]);
  if (!FINAL_STATUSES.has(job.status)) throw new Errors.JobNotFinished(job.id, job.status);
  const text = job.hasResult ? await app.store.resultText(job.id) : undefined;
  if (!text) throw new Errors.JobFailed(job.id, job.error ? `${job.status} (${job.error.message})` : job.status);
  return { id: job.id, resultJson: text, problem: await app.store.problemSource(job.id) };
}

/** The registry error of a refusal. */
function refusal(outcome: Extract<ComplianceOutcome, { ok: false }>): Error {
  return outcome.kind === 'activity-log' ? new ActivityLogError(outcome.fields) : new FieldValidationError(outcome.fields);
}

/** The pool's answer: the report as the serializer would have written it, or the registry error. */
function sendReport(reply: FastifyReply, out: ComplianceTaskResult) {
  if (out.ok) return reply.type('application/json; charset=utf-8').send(out.reportJson);
  if (out.kind === 'body') throw out.read.body ? jsonBodyError(out.read.body) : new BodyValidationError(out.read.validation);
  if (out.kind === 'job') throw new Error('the compliance task asked for a job twice');
  throw refusal(out);
}
