/**
 * POST /v1/compliance: plan versus actual (docs/compliance.md). Synchronous and cheap (one pass
 * over the accounts and the log, no solve), so it runs on the request's thread. The plan is given
 * as assignments, as a finished job of the request's tenant, or not at all (the problem's
 * currentRepId); the log as records or as CSV text read by the same import as the CLI's.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { complianceReportSchema, computeCompliance, parseProblem, type Activity, type ComplianceReportDocument, type Problem, type TerritoryResult } from '../../solver/index.ts';
import { Errors, type FieldError } from '../errors.ts';
import { complianceBodySchema, type ComplianceBody } from '../http/compliance-schema.ts';
import { internalError, json, problemDetails, unreadableBody } from '../http/responses.ts';
import { readActivities } from '../imports/activities.ts';
import { jobProblem } from '../jobs/job-problem.ts';
import { FINAL_STATUSES } from '../jobs/store.ts';
import { FieldValidationError } from './admission.ts';

/** A 400 listing every rejected row of activitiesCsv (rendered with `errors`, like a validation error). */
export class ActivityLogError extends Errors.ActivityLogInvalid {
  constructor(readonly fields: readonly FieldError[]) {
    super(fields.length === 1 ? '1 thing' : `${fields.length} things`, fields.slice(0, 3).map((f) => f.message).join('; ') + (fields.length > 3 ? `; and ${fields.length - 3} more (errors lists them)` : ''));
  }
}

type Plan = { assignments: readonly { accountId: string; repId: string }[] | null; problem: unknown; problemPath: string; planPath: string };

export default async function complianceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/v1/compliance', {
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
  }, async (request) => {
    if (!app.accepting) throw new Errors.ShuttingDown();
    const body = request.body;
    const plan = planOf(app, body, request.tenant);
    const problem = problemOf(plan);
    const { activities, skipped, logPath } = await activitiesOf(body);
    const outcome = computeCompliance({ problem, plan: plan.assignments, activities, from: body.from, to: body.to, top: body.top, skipped });
    if (!outcome.ok) {
      throw new FieldValidationError(outcome.issues.map((i) => ({
        path: i.path.startsWith('assignments') ? (plan.planPath === 'plan.jobId' ? 'plan.jobId' : `plan.${i.path}`) : i.path === 'activities' ? logPath : i.path,
        message: plan.planPath === 'plan.jobId' && i.path.startsWith('assignments') ? `${i.path}: ${i.message}` : i.message,
      })));
    }
    // Built once and only read: the readonly view and the document are the same object.
    return outcome.report as ComplianceReportDocument;
  });
}

/** The plan and the problem document it is of. */
function planOf(app: FastifyInstance, body: ComplianceBody, tenant: string): Plan {
  const given = body.plan;
  if (given?.assignments !== undefined && given.jobId !== undefined) throw new FieldValidationError([{ path: 'plan', message: 'give assignments or jobId, not both' }]);
  if (given?.jobId !== undefined) {
    const id = given.jobId;
    const job = app.store.get(id, tenant);
    if (!job) throw new Errors.JobNotFound(id);
    if (!FINAL_STATUSES.has(job.status)) throw new Errors.JobNotFinished(job.id, job.status);
    const text = job.hasResult ? app.store.resultText(job.id) : undefined;
    if (!text) throw new Errors.JobFailed(job.id, job.error ? `${job.status} (${job.error.message})` : job.status);
    const result = JSON.parse(text) as TerritoryResult;
    if (result.assignments.length === 0) throw new FieldValidationError([{ path: 'plan.jobId', message: `job ${job.id} has no plan (solver status ${result.solver.status})` }]);
    return {
      assignments: result.assignments,
      problem: body.problem ?? jobProblem(app.store, job.id),
      problemPath: body.problem ? 'problem' : 'plan.jobId',
      planPath: 'plan.jobId',
    };
  }
  if (body.problem === undefined) {
    const why = given?.assignments !== undefined ? 'required with plan.assignments (the plan does not carry the accounts, reps and call patterns)' : 'required unless plan.jobId is given';
    throw new FieldValidationError([{ path: 'problem', message: why }]);
  }
  return { assignments: given?.assignments ?? null, problem: body.problem, problemPath: 'problem', planPath: 'plan' };
}

/** The problem with its references checked, as the solve sees it (owners named by rep name matched). */
function problemOf(plan: Plan): Problem {
  const parsed = parseProblem(plan.problem);
  if (!parsed.ok) {
    const prefix = plan.problemPath === 'problem' ? 'problem.' : `${plan.problemPath}: the job's problem: `;
    throw new FieldValidationError(parsed.issues.map((i) => ({ path: plan.problemPath === 'problem' ? `${prefix}${i.path}` : plan.problemPath, message: plan.problemPath === 'problem' ? i.message : `${i.path}: ${i.message}` })));
  }
  return parsed.problem;
}

async function activitiesOf(body: ComplianceBody): Promise<{ activities: readonly Activity[]; skipped: { type: string; rows: number }[]; logPath: string }> {
  if (body.activities !== undefined && body.activitiesCsv !== undefined) throw new FieldValidationError([{ path: 'activitiesCsv', message: 'give activities or activitiesCsv, not both' }]);
  if (body.activities !== undefined) {
    if (body.dateOrder !== undefined) throw new FieldValidationError([{ path: 'dateOrder', message: 'only for activitiesCsv (activities have ISO dates)' }]);
    return { activities: body.activities, skipped: [], logPath: 'activities' };
  }
  if (body.activitiesCsv === undefined) throw new FieldValidationError([{ path: 'activities', message: 'required: the call log as activities (records) or activitiesCsv (CSV text)' }]);
  const log = await readActivities('activitiesCsv', new TextEncoder().encode(body.activitiesCsv), body.dateOrder ? { dateOrder: body.dateOrder } : {});
  if (!log.ok) {
    throw new ActivityLogError(log.issues.map((i) => ({
      path: 'activitiesCsv',
      message: [i.row === null ? null : `row ${i.row}`, i.column === null ? null : `column "${i.column}"`].filter((x) => x !== null).join(', ') + (i.row === null && i.column === null ? i.message : `: ${i.message}`),
    })));
  }
  return { activities: log.activities, skipped: log.skipped, logPath: 'activitiesCsv' };
}
