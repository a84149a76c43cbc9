/**
 * /v1/frontier: the disruption frontier (solver/frontier.ts, `territory frontier`) as a job of kind
 * `frontier`. It is a job like POST /v1/jobs' in everything but what it computes: admitted, stored
 * and queued the same way (accept-job.ts), run on the same pool (by `territory worker` with BullMQ),
 * followed at /v1/jobs/:id and /v1/jobs/:id/events (progress.frontier: the points so far, each as
 * it is solved), cancelled with DELETE /v1/jobs/:id (the points solved stand). Its result is the
 * frontier's table; each point's full result document is stored apart and fetched one at a time,
 * as JSON or as the files a job's result gives.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { plannedSolves, territoryResultSchema } from '../../solver/index.ts';
import { Errors } from '../errors.ts';
import { frontierBodySchema, frontierIdParamsSchema, frontierPointParamsSchema, frontierViewSchema } from '../http/frontier-schema.ts';
import { internalError, json, media, problemDetails, unreadableBody } from '../http/responses.ts';
import { idempotencyHeadersSchema, resultCsvSchema, resultGeoJsonSchema, resultQuerySchema, resultXlsxSchema } from '../http/schemas.ts';
import { jobView } from '../http/views.ts';
import { FINAL_STATUSES, type Job } from '../jobs/store.ts';
import { XLSX_TYPE } from '../results/xlsx-style.ts';
import type { FrontierTable } from '../workers/frontier-task.ts';
import { acceptJob } from './accept-job.ts';
import { importReference } from './imports.ts';
import { finishedResult, sendResult } from './jobs.ts';
import { frontierHash, frontierSubmission } from './submissions.ts';

const badId = problemDetails('TD_ERR_VALIDATION: the id is not a job id (1 to 100 characters); errors names params.id.');
const noFrontier = problemDetails('TD_ERR_FRONTIER_NOT_FOUND: no frontier job of this tenant with this id (a solve job\'s id is not a frontier).');

export default async function frontierRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/v1/frontier', {
    config: { offthreadBody: 'frontier' },
    // { importId } in place of problem: the problem of POST /v1/imports.
    preValidation: importReference(app, 'problem'),
    schema: {
      summary: 'Find the disruption frontier of a problem (a job)',
      description: 'Solves the problem at each move budget (objective.maxMoves: accounts that may leave their current rep) and gives the plans along the trade-off between accounts moved and travel, each verified, with its proven gap, as `territory frontier` does. Long work: answers 202 with the job (kind frontier) and Location: /v1/frontier/<id>. Follow it at /v1/jobs/<id> or /v1/jobs/<id>/events (progress.frontier lists the points as they are solved) and cancel it with DELETE /v1/jobs/<id> (the points solved so far are kept). Give budgets or points, not both. Instead of problem, the body may name a stored import: { "importId": "<id from POST /v1/imports>", ... }. With an Idempotency-Key header, a repeated submission returns the same job.',
      tags: ['frontier'],
      body: frontierBodySchema,
      headers: idempotencyHeadersSchema,
      response: {
        202: json('Queued: the frontier job (frontier null until it ends), with Location: /v1/frontier/<id>. A replayed Idempotency-Key gets the job it created (header idempotent-replayed: true).', frontierViewSchema),
        400: problemDetails('TD_ERR_VALIDATION: the body is not valid; errors names each bad field by JSON path: a negative or fractional budget (budgets[2]), both budgets and points (points), points outside 2 to 50, or the problem (problem.accounts[17].lat, a lock to an unknown rep). TD_ERR_INVALID_JSON: the body is not JSON.'),
        ...unreadableBody,
        404: problemDetails('TD_ERR_IMPORT_NOT_FOUND: importId names no import of this tenant (unknown or expired).'),
        413: problemDetails('TD_ERR_BODY_TOO_LARGE: the body is larger than BODY_LIMIT_BYTES (default 64 MiB). TD_ERR_MODEL_TOO_LARGE: the model has more eligible account-rep pairs than MAX_MODEL_PAIRS; errors names its accounts and reps.'),
        422: problemDetails('TD_ERR_IDEMPOTENCY_CONFLICT: this Idempotency-Key was used with a different body (or for another kind of job).'),
        429: problemDetails('TD_ERR_TENANT_QUEUE_FULL: this tenant has TENANT_MAX_QUEUED jobs waiting (a frontier is one job).'),
        500: internalError,
        503: problemDetails('TD_ERR_QUEUE_FULL: QUEUE_MAX jobs are waiting (Retry-After: 5). TD_ERR_SHUTTING_DOWN: the service is stopping. TD_ERR_STORE_UNAVAILABLE: the database (DATABASE_URL) cannot be reached; nothing was acknowledged (Retry-After: 5).'),
      },
    },
  }, async (request, reply) => {
    // A large body was read in the parse thread (plugins/offthread-body.ts); request.body is its bytes.
    const submission = request.offthread?.kind === 'frontier' ? request.offthread.submission : frontierSubmission(request.body);
    const spec = { ...(submission.budgets !== undefined ? { budgets: submission.budgets } : {}), ...(submission.points !== undefined ? { points: submission.points } : {}) };
    const planned = plannedSolves(spec);
    return acceptJob(app, request, reply, {
      submission,
      hash: () => submission.hash ?? frontierHash(request.body),
      job: (limits) => {
        // The tenant's cap bounds the whole job, as any job's time limit: each point gets its share.
        const perPoint = Math.min(submission.timeLimitSecondsPerPoint ?? submission.problemTimeLimitSeconds, limits.maxTimeLimitSeconds / planned);
        return { kind: 'frontier', frontier: { ...spec, timeLimitSecondsPerPoint: perPoint }, timeLimitSeconds: Math.round(perPoint * planned * 1000) / 1000 };
      },
      location: (id) => `/v1/frontier/${id}`,
      view: (job) => frontierView(app, job),
    });
  });

  app.get('/v1/frontier/:id', {
    schema: {
      summary: 'A frontier job and, once it has ended, its table',
      description: 'The job (status, progress with the points solved so far, links) and, once it has ended, the frontier\'s table: one row per point in the order of its budget (the plan without a budget last), with moves, value moved, disruption, travel, objective, bound, gap, status and whether another point dominates it. Each row\'s plan is GET /v1/frontier/{id}/points/{index}.',
      tags: ['frontier'],
      params: frontierIdParamsSchema,
      response: { 200: json('The frontier job, with its table once it has ended (null before, or when it ended without one).', frontierViewSchema), 400: badId, 404: noFrontier, 500: internalError },
    },
  }, async (request) => frontierView(app, await findFrontier(app, request.params.id, request.tenant)));

  app.get('/v1/frontier/:id/points/:index', {
    schema: {
      summary: 'The plan of one point of a frontier',
      description: 'The full result document of row `index` of the frontier\'s table (the same document as GET /v1/jobs/{id}/result for a solve: assignments, moves, territories, balance, solver), as JSON; or, with ?format= (or Accept) geojson, csv, xlsx, crm-csv or crm-xlsx, that plan as the file a job\'s result gives (?columns as there). 409 while the frontier is queued or running.',
      tags: ['frontier'],
      params: frontierPointParamsSchema,
      querystring: resultQuerySchema,
      response: {
        200: media('The point\'s result document, in the format asked for.', {
          'application/json': { schema: territoryResultSchema },
          'application/geo+json': { schema: resultGeoJsonSchema },
          'text/csv': { schema: resultCsvSchema },
          [XLSX_TYPE]: { schema: resultXlsxSchema },
        }),
        400: problemDetails('TD_ERR_VALIDATION: a bad id, index (a whole number from 0), ?format or ?columns; errors names it (params.index, querystring.columns, ...).'),
        404: problemDetails('TD_ERR_FRONTIER_NOT_FOUND: no frontier job with this id. TD_ERR_FRONTIER_POINT_NOT_FOUND: the table has no row with this index.'),
        406: problemDetails('TD_ERR_NOT_ACCEPTABLE: the Accept header names none of JSON, GeoJSON, CSV or xlsx.'),
        409: problemDetails('TD_ERR_JOB_NOT_FINISHED: the frontier is queued or running. TD_ERR_JOB_FAILED: it ended without a table (failed, or cancelled before its first point).'),
        500: internalError,
      },
    },
  }, async (request, reply) => {
    const { id, index } = request.params;
    const job = await findFrontier(app, id, request.tenant);
    const table = JSON.parse(await finishedResult(app, job)) as FrontierTable;
    const text = index < table.points.length ? await app.store.pointResultText(job.id, index) : undefined;
    if (text === undefined) throw new Errors.FrontierPointNotFound(job.id, index, table.points.length);
    return sendResult(app, reply, job, text, request.query, request.headers.accept);
  });
}

/** The tenant's frontier job: another tenant's id, or a solve job's, is no frontier (404). */
async function findFrontier(app: FastifyInstance, id: string, tenant: string): Promise<Job> {
  const job = await app.store.get(id, tenant);
  if (!job || job.kind !== 'frontier') throw new Errors.FrontierNotFound(id);
  return job;
}

/** The job as /v1/jobs shows it, with the frontier's table once it has ended with one. */
async function frontierView(app: FastifyInstance, job: Job) {
  const text = FINAL_STATUSES.has(job.status) && job.hasResult ? await app.store.resultText(job.id) : undefined;
  return { ...jobView(job), frontier: text === undefined ? null : (JSON.parse(text) as FrontierTable) };
}
