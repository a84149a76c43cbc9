/**
 * /v1/scenarios: a base problem and named what-if variants, all run in parallel on the pool as jobs,
 * compared side by side once they are done.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { comparisonRow, comparisonRowWithoutPlan, type ComparisonRow, type ProblemInput, type TerritoryResult } from '../../solver/index.ts';
import { Errors } from '../errors.ts';
import { internalError, json, problemDetails, unreadableBody } from '../http/responses.ts';
import { scenarioBodySchema, scenarioIdParamsSchema, scenarioSchema } from '../http/schemas.ts';
import { FINAL_STATUSES, type Job } from '../jobs/store.ts';
import { jobProblem } from '../jobs/job-problem.ts';
import { admitModelSize, admitProblem, FieldValidationError, queueRoom, tenantLimits } from './admission.ts';
import { scenarioPlan } from './submissions.ts';
import { importReference } from './imports.ts';
import { jobView } from '../http/views.ts';

export default async function scenarioRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/v1/scenarios', {
    config: { offthreadBody: 'scenarios' },
    // { importId } in place of base: the problem of POST /v1/imports.
    preValidation: importReference(app, 'base'),
    schema: {
      summary: 'Run what-if variants of a base problem in parallel',
      description: 'Each variant is a JSON Merge Patch (RFC 7396) on the base plus convenience operations (addReps, removeReps, callPatterns, lockAccounts, unlockAccounts) and the problem\'s hire, retire and candidateSites (the engine chooses where to hire and whom to let go; the comparison shows each variant\'s headcount). Answers 202 with a Location; GET it for each variant\'s status and, when all are done, one comparison table. Instead of base, the body may name a stored import: { "importId": "<id from POST /v1/imports>", "variants": [...] } (an unknown id, or another tenant\'s, is 404 TD_ERR_IMPORT_NOT_FOUND).',
      tags: ['scenarios'],
      body: scenarioBodySchema,
      response: {
        202: json('Queued: the scenario with each variant\'s job, and Location: /v1/scenarios/<id>.', scenarioSchema),
        400: problemDetails('TD_ERR_VALIDATION: the base or a variant is not valid (each variant is checked as the problem it makes, e.g. variants[2].problem.reps[3].lat), or a variant names a rep or account that does not exist, or two variants share a name; errors lists every one. TD_ERR_INVALID_JSON: the body is not JSON.'),
        ...unreadableBody,
        404: problemDetails('TD_ERR_IMPORT_NOT_FOUND: importId names no import of this tenant (unknown or expired).'),
        413: problemDetails('TD_ERR_BODY_TOO_LARGE: the body is larger than BODY_LIMIT_BYTES (default 64 MiB). TD_ERR_MODEL_TOO_LARGE: the model (the base or a variant) has more eligible account-rep pairs than MAX_MODEL_PAIRS; errors names its accounts and reps.'),
        500: internalError,
        503: problemDetails('TD_ERR_QUEUE_FULL: the variants do not fit in the queue (QUEUE_MAX; Retry-After: 5). TD_ERR_SHUTTING_DOWN: the service is stopping.'),
      },
    },
  }, async (request, reply) => {
    // A large body was read in the parse thread (plugins/offthread-body.ts); request.body is its bytes.
    const plan = request.offthread?.kind === 'scenarios' ? request.offthread.plan : scenarioPlan(request.body);
    admitProblem(app, plan.base, 'base');
    if (plan.errors.length > 0) throw new FieldValidationError(plan.errors);
    for (const variant of plan.variants) admitModelSize(app, variant.size, variant.prefix);
    const id = randomUUID();
    // One transaction (SQLite: a write of the next group commit), answered once it is durable.
    // Every variant is a job of the tenant's: they count against its share of the queue. The base
    // is stored once; each variant's job keeps only its variant (jobs/job-problem.ts).
    const limits = tenantLimits(app, request);
    const variants = plan.variants.map((variant) => ({
      tenant: request.tenant, variantSpec: variant.spec, size: { accounts: variant.size.accounts, pairs: variant.size.pairs },
      timeLimitSeconds: Math.min(limits.maxTimeLimitSeconds, plan.timeLimitSeconds ?? variant.problemTimeLimitSeconds), scenarioId: id, variant: variant.name,
    }));
    const jobs = await app.store.createScenario(id, request.tenant, plan.baseDocument, variants, queueRoom(app, limits, variants.length));
    // The scenario's row names the parse thread's file now.
    request.stagedBody = null;
    request.log.info({ scenarioId: id, variants: jobs.length }, 'scenario queued');
    app.queue.enqueue(jobs.map((j) => j.jobId));
    return reply.code(202).header('location', `/v1/scenarios/${id}`).send((await scenarioView(app, id, request.tenant))!);
  });

  app.get('/v1/scenarios/:id', {
    schema: {
      summary: 'Status of each variant and, when all are done, the comparison table',
      tags: ['scenarios'],
      params: scenarioIdParamsSchema,
      response: {
        200: json('The scenario: each variant\'s job and, once all are done, the comparison.', scenarioSchema),
        400: problemDetails('TD_ERR_VALIDATION: the id is not a scenario id (1 to 100 characters).'),
        404: problemDetails('TD_ERR_SCENARIO_NOT_FOUND: no scenario with this id.'),
        500: internalError,
      },
    },
  }, async (request) => {
    const view = await scenarioView(app, request.params.id, request.tenant);
    if (!view) throw new Errors.ScenarioNotFound(request.params.id);
    return view;
  });
}

async function scenarioView(app: FastifyInstance, id: string, tenant: string) {
  const scenario = await app.store.getScenario(id, tenant);
  if (!scenario) return undefined;
  const jobs = await Promise.all(scenario.variants.map(async (v) => ({ name: v.name, job: (await app.store.get(v.jobId))! })));
  const done = jobs.every(({ job }) => FINAL_STATUSES.has(job.status));
  return {
    id: scenario.id,
    createdAt: scenario.createdAt,
    status: done ? ('done' as const) : ('running' as const),
    variants: jobs.map(({ name, job }) => ({ name, ...jobView(job) })),
    comparison: done ? await Promise.all(jobs.map(({ name, job }) => compare(app, name, job))) : null,
  };
}

/**
 * One row per variant, with or without a plan: a variant that got nowhere still says why. A variant
 * with a result has its row stored beside it, built by its solve thread (jobs/runner.ts), so no
 * problem is read here; only a job stored before that is compared from its problem and result.
 */
async function compare(app: FastifyInstance, name: string, job: Job): Promise<ComparisonRow> {
  if (!job.hasResult) return withoutPlan(name, job);
  const stored = await app.store.comparisonText(job.id);
  if (stored !== undefined) return JSON.parse(stored) as ComparisonRow;
  const text = await app.store.resultText(job.id);
  if (text) return comparisonRow(name, (await jobProblem(app.store, job.id)) as ProblemInput, JSON.parse(text) as TerritoryResult);
  return withoutPlan(name, job);
}

function withoutPlan(name: string, job: Job): ComparisonRow {
  const note = job.error?.message ?? (job.status === 'cancelled' ? 'cancelled before any plan was found' : 'no plan');
  return comparisonRowWithoutPlan(name, job.status, note);
}
