/**
 * /v1/jobs: asynchronous solves. Submit (202 + Location, idempotent with Idempotency-Key), status with
 * progress, result as JSON, GeoJSON, CSV, the territory workbook (.xlsx) or the plan export for a CRM
 * (CSV or .xlsx), server-sent events, cancel, and a paginated list.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { territoryResultSchema } from '../../solver/index.ts';
import { Errors } from '../errors.ts';
import { decodeCursor, encodeCursor } from '../http/cursor.ts';
import { internalError, json, media, problemDetails, unreadableBody } from '../http/responses.ts';
import {
  CURSOR_MESSAGE,
  deleteJobQuerySchema,
  idempotencyHeadersSchema,
  jobIdParamsSchema,
  jobEventsSchema,
  jobListSchema,
  jobSchema,
  listJobsQuerySchema,
  resultCsvSchema,
  resultGeoJsonSchema,
  resultQuerySchema,
  resultXlsxSchema,
  submitJobSchema,
} from '../http/schemas.ts';
import { FINAL_STATUSES, type Job } from '../jobs/store.ts';
import type { CrmColumn } from '../results/crm-columns.ts';
import { CRM_FORMATS, jsonResult, pickFormat, type Rendered, type ResultFormat } from '../results/render.ts';
import { XLSX_TYPE } from '../results/xlsx-style.ts';
import { jobView } from '../http/views.ts';
import { renderInPool } from '../workers/parse-pool.ts';
import { FieldValidationError } from './admission.ts';
import { acceptJob } from './accept-job.ts';
import { jobSubmission, requestHash } from './submissions.ts';
import { streamJobEvents } from './job-events.ts';
import { importReference } from './imports.ts';

const badId = problemDetails('TD_ERR_VALIDATION: the id is not a job id (1 to 100 characters); errors names params.id.');
const noJob = problemDetails('TD_ERR_JOB_NOT_FOUND: no job with this id.');

export default async function jobRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/v1/jobs', {
    config: { offthreadBody: 'jobs' },
    // { importId } in place of problem: the problem of POST /v1/imports.
    preValidation: importReference(app, 'problem'),
    schema: {
      summary: 'Submit a solve job',
      description: 'Queues a territory design problem. Answers 202 with the job and a Location header. With an Idempotency-Key header, a repeated submission returns the same job. Instead of problem, the body may name a stored import: { "importId": "<id from POST /v1/imports>", "options"?, "webhookUrl"? } (an unknown id, or another tenant\'s, is 404 TD_ERR_IMPORT_NOT_FOUND).',
      tags: ['jobs'],
      body: submitJobSchema,
      headers: idempotencyHeadersSchema,
      response: {
        202: json('Queued: the job, with Location: /v1/jobs/<id>. A replayed Idempotency-Key gets the job it created (header idempotent-replayed: true).', jobSchema),
        400: problemDetails('TD_ERR_VALIDATION: the body is not a valid submission (shape, or references such as a lock to an unknown rep); errors lists each bad field by JSON path, e.g. problem.accounts[17].lat. TD_ERR_INVALID_JSON: the body is not JSON.'),
        ...unreadableBody,
        413: problemDetails('TD_ERR_BODY_TOO_LARGE: the body is larger than BODY_LIMIT_BYTES (default 64 MiB). TD_ERR_MODEL_TOO_LARGE: the model (the base or a variant) has more eligible account-rep pairs than MAX_MODEL_PAIRS; errors names its accounts and reps.'),
        404: problemDetails('TD_ERR_IMPORT_NOT_FOUND: importId names no import of this tenant (unknown or expired).'),
        422: problemDetails('TD_ERR_IDEMPOTENCY_CONFLICT: this Idempotency-Key was used with a different body.'),
        500: internalError,
        503: problemDetails('TD_ERR_QUEUE_FULL: QUEUE_MAX jobs are waiting (Retry-After: 5). TD_ERR_SHUTTING_DOWN: the service is stopping; retry later or elsewhere. TD_ERR_STORE_UNAVAILABLE: the database (DATABASE_URL) cannot be reached; nothing was acknowledged (Retry-After: 5).'),
      },
    },
  }, async (request, reply) => {
    // A large body was read in the parse thread (plugins/offthread-body.ts); request.body is its bytes.
    const submission = request.offthread?.kind === 'jobs' ? request.offthread.submission : jobSubmission(request.body);
    return acceptJob(app, request, reply, {
      submission,
      hash: () => submission.hash ?? requestHash(request.body),
      job: (limits) => ({ timeLimitSeconds: Math.min(limits.maxTimeLimitSeconds, submission.timeLimitSeconds ?? submission.problemTimeLimitSeconds) }),
      location: (id) => `/v1/jobs/${id}`,
      view: jobView,
    });
  });

  app.get('/v1/jobs', {
    schema: {
      summary: 'List jobs, newest first',
      tags: ['jobs'],
      querystring: listJobsQuerySchema,
      response: {
        200: json('A page of jobs and the cursor of the next one.', jobListSchema),
        400: problemDetails('TD_ERR_VALIDATION: a bad status, limit or cursor; errors names it (querystring.limit, ...).'),
        500: internalError,
      },
    },
  }, async (request) => {
    const { status, limit, cursor } = request.query;
    const after = cursor ? decodeCursor(cursor) : null;
    const page = await app.store.list({ tenant: request.tenant, limit, ...(status ? { status } : {}), ...(after ? { after } : {}) });
    // Well-formed, but no job of this store: answering an empty last page would end the client's walk.
    if (!page) throw new FieldValidationError([{ path: 'querystring.cursor', message: CURSOR_MESSAGE }]);
    const last = page.jobs[page.jobs.length - 1];
    return { jobs: page.jobs.map(jobView), nextCursor: page.more && last ? encodeCursor(last) : null };
  });

  app.get('/v1/jobs/:id', {
    schema: {
      summary: 'A job and its progress',
      tags: ['jobs'],
      params: jobIdParamsSchema,
      response: { 200: json('The job: status, progress (incumbent, bound, gap) and links.', jobSchema), 400: badId, 404: noJob, 500: internalError },
    },
  }, async (request) => jobView(await findJob(app, request.params.id, request.tenant)));

  app.get('/v1/jobs/:id/result', {
    schema: {
      summary: 'The result of a finished job',
      description: 'JSON by default (the same document as `territory solve --json`); GeoJSON with `Accept: application/geo+json` or `?format=geojson`; CSV (account, rep, segment, moved-from) with `?format=csv` or `Accept: text/csv`; the territory workbook (sheets Summary, Moves, New accounts, Capacity, Proof; the same file as `territory solve --out plan.xlsx`) with `?format=xlsx` or `Accept: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`; the plan export a CRM imports with `?format=crm-csv` or `?format=crm-xlsx`, its columns chosen and named by `?columns=accountId:Account ID,newOwnerId:OwnerId`. Files come with Content-Disposition: attachment and a file name. 409 while the job is not finished. A frontier job\'s (kind frontier) result is its table, as JSON only (the frontier of GET /v1/frontier/{id}); each point\'s plan, in every format, is GET /v1/frontier/{id}/points/{index}.',
      tags: ['jobs'],
      params: jobIdParamsSchema,
      querystring: resultQuerySchema,
      response: {
        200: media('The result of the finished job, in the format asked for.', {
          'application/json': { schema: territoryResultSchema },
          'application/geo+json': { schema: resultGeoJsonSchema },
          'text/csv': { schema: resultCsvSchema },
          [XLSX_TYPE]: { schema: resultXlsxSchema },
        }),
        400: problemDetails('TD_ERR_VALIDATION: a bad id, ?format (json, geojson, csv, xlsx, crm-csv or crm-xlsx; json only for a frontier job) or ?columns (an unknown field, a field twice, an empty or duplicate header, or columns with a format other than crm-csv and crm-xlsx); errors names it (querystring.columns, ...).'),
        404: noJob,
        406: problemDetails('TD_ERR_NOT_ACCEPTABLE: the Accept header names none of JSON, GeoJSON, CSV or xlsx.'),
        409: problemDetails('TD_ERR_JOB_NOT_FINISHED: the job is queued or running. TD_ERR_JOB_FAILED: it ended without a result (failed, or cancelled before it found a plan).'),
        500: internalError,
      },
    },
  }, async (request, reply) => {
    const job = await findJob(app, request.params.id, request.tenant);
    const text = await finishedResult(app, job);
    if (job.kind === 'frontier') {
      // A frontier's result is its table; the files are of a plan, and each point has its own.
      if ((request.query.format ?? 'json') !== 'json' || request.query.columns !== undefined) {
        throw new FieldValidationError([{ path: request.query.columns !== undefined ? 'querystring.columns' : 'querystring.format', message: `job ${job.id} is a frontier: its result is its table (JSON); export a point's plan with GET /v1/frontier/${job.id}/points/{index}?format=...` }]);
      }
      return sendRendered(reply, jsonResult(text));
    }
    return sendResult(app, reply, job, text, request.query, request.headers.accept);
  });

  app.get('/v1/jobs/:id/events', {
    schema: {
      summary: 'Server-sent events with progress until the job ends',
      tags: ['jobs'],
      params: jobIdParamsSchema,
      response: { 200: media('The event stream; it closes after the end event.', { 'text/event-stream': { schema: jobEventsSchema } }), 400: badId, 404: noJob, 500: internalError },
    },
  }, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const job = await findJob(app, request.params.id, request.tenant);
    streamJobEvents(app, request, reply, job);
  });

  app.delete('/v1/jobs/:id', {
    schema: {
      summary: 'Cancel a queued or running job, or purge an ended one',
      description: 'Without purge: cancels (202), 409 if the job has already ended. With `?purge=true`: deletes an ended job with its problem and result at once (204); 409 while it is queued or running (cancel it first) or when it is a scenario\'s variant (it expires with the scenario).',
      tags: ['jobs'],
      params: jobIdParamsSchema,
      querystring: deleteJobQuerySchema,
      response: {
        202: json('Cancel accepted: a queued job is cancelled at once; a running one stops and keeps its best plan so far as its result.', jobSchema),
        204: z.null().describe('Purged: the job, its problem and its result are deleted (no body).'),
        400: badId,
        404: noJob,
        409: problemDetails('TD_ERR_JOB_ALREADY_FINISHED: the job has already ended (cancel). TD_ERR_JOB_NOT_ENDED: purge of a queued or running job. TD_ERR_JOB_IN_SCENARIO: purge of a scenario variant.'),
        500: internalError,
      },
    },
  }, async (request, reply) => {
    const before = await findJob(app, request.params.id, request.tenant);
    if (request.query.purge === 'true') {
      if (!FINAL_STATUSES.has(before.status)) throw new Errors.JobNotEnded(before.id, before.status);
      if (before.scenarioId) throw new Errors.JobInScenario(before.id, before.scenarioId);
      if (!(await app.store.purge(before.id))) throw new Errors.JobNotFound(before.id);
      await app.store.vacuum();
      request.log.info({ jobId: before.id }, 'job purged');
      return reply.code(204).send(null);
    }
    if (FINAL_STATUSES.has(before.status)) throw new Errors.JobAlreadyFinished(before.id, before.status);
    const job = (await app.queue.cancel(before.id)) ?? before;
    request.log.info({ jobId: job.id }, 'job cancel requested');
    return reply.code(202).send(jobView(job));
  });
}

/** The tenant's job: another tenant's id is as unknown as one that never existed (404). */
export async function findJob(app: FastifyInstance, id: string, tenant: string): Promise<Job> {
  const job = await app.store.get(id, tenant);
  if (!job) throw new Errors.JobNotFound(id);
  return job;
}

/** The stored result text of a finished job, or the 409 that explains why there is none. */
export async function finishedResult(app: FastifyInstance, job: Job): Promise<string> {
  if (!FINAL_STATUSES.has(job.status)) throw new Errors.JobNotFinished(job.id, job.status);
  const text = job.hasResult ? await app.store.resultText(job.id) : undefined;
  if (!text) throw new Errors.JobFailed(job.id, job.error ? `${job.status} (${job.error.message})` : job.status);
  return text;
}

/**
 * A result document (a job's, or a frontier point's) in the format asked for: JSON as stored, or a
 * file built in the parse pool, which reads the job's problem from its source itself.
 */
export async function sendResult(app: FastifyInstance, reply: FastifyReply, job: Job, text: string, query: { format?: ResultFormat | undefined; columns?: readonly CrmColumn[] | undefined }, accept: string | undefined) {
  const { columns } = query;
  if (columns !== undefined && !CRM_FORMATS.has(query.format ?? 'json')) {
    throw new FieldValidationError([{ path: 'querystring.columns', message: 'applies to format=crm-csv and format=crm-xlsx only' }]);
  }
  const format = pickFormat(query.format, accept);
  if (format === 'json') return sendRendered(reply, jsonResult(text));
  const problem = (await app.store.problemSource(job.id)) ?? { problemJson: 'null' };
  return sendRendered(reply, await renderInPool(app.parsePool, { format, resultJson: text, problem, ...(columns ? { columns } : {}) }));
}

export function sendRendered(reply: FastifyReply, rendered: Rendered) {
  reply.type(rendered.contentType);
  if (rendered.filename) reply.header('content-disposition', `attachment; filename="${rendered.filename}"`);
  return reply.send(rendered.body);
}
