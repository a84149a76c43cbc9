/**
 * The computation of POST /v1/compliance (docs/compliance.md) on a valid body: the plan, the
 * problem it is of, the call log (records, or CSV read by the same import as the CLI's) and
 * `computeCompliance`. Pure: a finished job's plan comes in as its result text and its problem's
 * source, looked up by the route, and refusals come back as data, not thrown registry errors, so
 * the same function runs on the request's thread (small bodies with the plan inline) and in the
 * parse pool (workers/compliance-worker.ts: a large body, or a job's plan, whose result and problem
 * are large), with the same answers.
 */
import { computeCompliance, parseProblem, type Activity, type ComplianceReport, type Problem, type TerritoryResult } from '../../solver/index.ts';
import type { FieldError } from '../errors.ts';
import type { ComplianceBody } from '../http/compliance-schema.ts';
import { readActivities } from '../imports/activities.ts';
import type { ProblemSource } from '../jobs/store.ts';
import { problemFromSource } from '../workers/problem-source.ts';

/** A finished job with a result, as the route found it (the checks that need the store are done). */
export interface ComplianceJob {
  readonly id: string;
  readonly resultJson: string;
  /** Read only when the body gives no problem. */
  readonly problem: ProblemSource | undefined;
}

export type ComplianceOutcome =
  | { readonly ok: true; readonly report: ComplianceReport }
  /** `fields`: a 400 TD_ERR_VALIDATION; `activity-log`: a 400 TD_ERR_ACTIVITY_LOG_INVALID (every rejected row). */
  | { readonly ok: false; readonly kind: 'fields' | 'activity-log'; readonly fields: readonly FieldError[] };

/** A refusal, as the outcome carries it (thrown inside this module only). */
class Refusal {
  constructor(readonly kind: 'fields' | 'activity-log', readonly fields: readonly FieldError[]) {}
}

type Plan = { assignments: readonly { accountId: string; repId: string }[] | null; problem: unknown; problemPath: string; planPath: string };

/**
 * The body's plan, checked as far as it can be without the store: `assignments` and `jobId` both
 * given is refused; a jobId is returned for the route to look up (then call `complianceOf` with it).
 */
export function planCheck(body: ComplianceBody): { readonly ok: true; readonly jobId: string | undefined } | (ComplianceOutcome & { ok: false }) {
  const given = body.plan;
  if (given?.assignments !== undefined && given.jobId !== undefined) return { ok: false, kind: 'fields', fields: [{ path: 'plan', message: 'give assignments or jobId, not both' }] };
  return { ok: true, jobId: given?.jobId };
}

/** The report, or why not; `job` is the finished job plan.jobId names (the route has checked it). */
export async function complianceOf(body: ComplianceBody, job: ComplianceJob | undefined): Promise<ComplianceOutcome> {
  try {
    const checked = planCheck(body);
    if (!checked.ok) return checked;
    const plan = planOf(body, job);
    const problem = problemOf(plan);
    const { activities, skipped, logPath } = await activitiesOf(body);
    const outcome = computeCompliance({ problem, plan: plan.assignments, activities, from: body.from, to: body.to, top: body.top, skipped });
    if (!outcome.ok) {
      return {
        ok: false,
        kind: 'fields',
        fields: outcome.issues.map((i) => ({
          path: i.path.startsWith('assignments') ? (plan.planPath === 'plan.jobId' ? 'plan.jobId' : `plan.${i.path}`) : i.path === 'activities' ? logPath : i.path,
          message: plan.planPath === 'plan.jobId' && i.path.startsWith('assignments') ? `${i.path}: ${i.message}` : i.message,
        })),
      };
    }
    return { ok: true, report: outcome.report };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, kind: err.kind, fields: err.fields };
    throw err;
  }
}

/** The plan and the problem document it is of. */
function planOf(body: ComplianceBody, job: ComplianceJob | undefined): Plan {
  const given = body.plan;
  if (given?.jobId !== undefined) {
    if (job === undefined) throw new Error('plan.jobId without its job');
    const result = JSON.parse(job.resultJson) as TerritoryResult;
    if (result.assignments.length === 0) throw new Refusal('fields', [{ path: 'plan.jobId', message: `job ${job.id} has no plan (solver status ${result.solver.status})` }]);
    return {
      assignments: result.assignments,
      problem: body.problem ?? (job.problem === undefined ? undefined : problemFromSource(job.problem)),
      problemPath: body.problem ? 'problem' : 'plan.jobId',
      planPath: 'plan.jobId',
    };
  }
  if (body.problem === undefined) {
    const why = given?.assignments !== undefined ? 'required with plan.assignments (the plan does not carry the accounts, reps and call patterns)' : 'required unless plan.jobId is given';
    throw new Refusal('fields', [{ path: 'problem', message: why }]);
  }
  return { assignments: given?.assignments ?? null, problem: body.problem, problemPath: 'problem', planPath: 'plan' };
}

/** The problem with its references checked, as the solve sees it (owners named by rep name matched). */
function problemOf(plan: Plan): Problem {
  const parsed = parseProblem(plan.problem);
  if (!parsed.ok) {
    const prefix = plan.problemPath === 'problem' ? 'problem.' : `${plan.problemPath}: the job's problem: `;
    throw new Refusal('fields', parsed.issues.map((i) => ({ path: plan.problemPath === 'problem' ? `${prefix}${i.path}` : plan.problemPath, message: plan.problemPath === 'problem' ? i.message : `${i.path}: ${i.message}` })));
  }
  return parsed.problem;
}

async function activitiesOf(body: ComplianceBody): Promise<{ activities: readonly Activity[]; skipped: { type: string; rows: number }[]; logPath: string }> {
  if (body.activities !== undefined && body.activitiesCsv !== undefined) throw new Refusal('fields', [{ path: 'activitiesCsv', message: 'give activities or activitiesCsv, not both' }]);
  if (body.activities !== undefined) {
    if (body.dateOrder !== undefined) throw new Refusal('fields', [{ path: 'dateOrder', message: 'only for activitiesCsv (activities have ISO dates)' }]);
    return { activities: body.activities, skipped: [], logPath: 'activities' };
  }
  if (body.activitiesCsv === undefined) throw new Refusal('fields', [{ path: 'activities', message: 'required: the call log as activities (records) or activitiesCsv (CSV text)' }]);
  const log = await readActivities('activitiesCsv', new TextEncoder().encode(body.activitiesCsv), body.dateOrder ? { dateOrder: body.dateOrder } : {});
  if (!log.ok) {
    throw new Refusal('activity-log', log.issues.map((i) => ({
      path: 'activitiesCsv',
      message: [i.row === null ? null : `row ${i.row}`, i.column === null ? null : `column "${i.column}"`].filter((x) => x !== null).join(', ') + (i.row === null && i.column === null ? i.message : `: ${i.message}`),
    })));
  }
  return { activities: log.activities, skipped: log.skipped, logPath: 'activitiesCsv' };
}
