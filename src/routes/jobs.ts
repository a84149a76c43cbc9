/**
 * /v1/jobs: asynchronous solves. Submit (202 + Location, idempotent with Idempotency-Key), status with
 * progress, result as JSON, GeoJSON or CSV, server-sent events, cancel, and a paginated list.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Errors } from '../errors.ts';
import {
  deleteJobQuerySchema,
  jobIdParamsSchema,
  jobListSchema,
  jobSchema,
  listJobsQuerySchema,
  problemDetailsSchema,
  resultQuerySchema,
  submitJobSchema,
} from '../http/schemas.ts';
import { FINAL_STATUSES, type Job } from '../jobs/store.ts';
import { renderResult, pickFormat } from '../results/render.ts';
import { admitProblem } from './admission.ts';
import { streamJobEvents } from './job-events.ts';

export function jobView(job: Job) {
  const self = `/v1/jobs/${job.id}`;
  return {
    id: job.id,
    status: job.status,
    progress: job.progress,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    timeLimitSeconds: job.timeLimitSeconds,
    attempts: job.attempts,
    scenarioId: job.scenarioId,
    variant: job.variant,
    ...(job.error ? { error: job.error } : {}),
    links: { self, result: `${self}/result`, events: `${self}/events` },
  };
}

const errorResponses = { 400: problemDetailsSchema, 404: problemDetailsSchema, 409: problemDetailsSchema, 413: problemDetailsSchema, 503: problemDetailsSchema };

export default async function jobRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/v1/jobs', {
    schema: {
      summary: 'Submit a solve job',
      description: 'Queues a territory design problem. Answers 202 with the job and a Location header. With an Idempotency-Key header, a repeated submission returns the same job.',
      tags: ['jobs'],
      body: submitJobSchema,
      headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }).loose(),
      response: { 202: jobSchema, ...errorResponses, 422: problemDetailsSchema },
    },
  }, async (request, reply) => {
    const { problem, options, webhookUrl } = request.body;
    const key = request.headers['idempotency-key'];
    const idempotency = key ? { key, hash: createHash('sha256').update(JSON.stringify(request.body)).digest('hex') } : undefined;
    // A replay returns the job it created, even when the queue is now full or the server is draining.
    const earlier = idempotency ? app.store.findByIdempotencyKey(idempotency.key) : undefined;
    if (earlier) {
      if (earlier.hash !== idempotency!.hash) throw new Errors.IdempotencyConflict(key);
      return reply.code(202).header('location', `/v1/jobs/${earlier.job.id}`).header('idempotent-replayed', 'true').send(jobView(earlier.job));
    }
    admitProblem(app, problem, 'problem');
    if (app.store.queuedCount() >= app.config.queueMax) throw new Errors.QueueFull(app.config.queueMax);
    const timeLimitSeconds = Math.min(app.config.maxTimeLimitSeconds, options?.timeLimitSeconds ?? problem.options.timeLimitSeconds);
    const { job, created, conflict } = app.store.create({ problem, timeLimitSeconds, webhookUrl: webhookUrl ?? null }, idempotency);
    if (conflict) throw new Errors.IdempotencyConflict(key);
    if (created) {
      request.log.info({ jobId: job.id, accounts: problem.accounts.length, reps: problem.reps.length }, 'job queued');
      app.runner.pump();
    } else {
      reply.header('idempotent-replayed', 'true');
    }
    return reply.code(202).header('location', `/v1/jobs/${job.id}`).send(jobView(job));
  });

  app.get('/v1/jobs', {
    schema: { summary: 'List jobs, newest first', tags: ['jobs'], querystring: listJobsQuerySchema, response: { 200: jobListSchema, 400: problemDetailsSchema } },
  }, async (request) => {
    const { status, limit, cursor } = request.query;
    const page = app.store.list({ limit, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
    return { jobs: page.jobs.map(jobView), nextCursor: page.nextCursor };
  });

  app.get('/v1/jobs/:id', {
    schema: { summary: 'A job and its progress', tags: ['jobs'], params: jobIdParamsSchema, response: { 200: jobSchema, 404: problemDetailsSchema } },
  }, async (request) => jobView(findJob(app, request.params.id)));

  app.get('/v1/jobs/:id/result', {
    schema: {
      summary: 'The result of a finished job',
      description: 'JSON by default (the same document as `territory solve --json`); GeoJSON with `Accept: application/geo+json` or `?format=geojson`; CSV (account, rep, segment, moved-from) with `?format=csv` or `Accept: text/csv`. 409 while the job is not finished.',
      tags: ['jobs'],
      params: jobIdParamsSchema,
      querystring: resultQuerySchema,
    },
  }, async (request, reply) => {
    const job = findJob(app, request.params.id);
    const text = finishedResult(app, job);
    const format = pickFormat(request.query.format, request.headers.accept);
    return sendRendered(reply, renderResult(format, text, () => app.store.problem(job.id)));
  });

  app.get('/v1/jobs/:id/events', {
    schema: { summary: 'Server-sent events with progress until the job ends', tags: ['jobs'], params: jobIdParamsSchema },
  }, async (request: FastifyRequest<{ Params: { id: string } }>, reply) => {
    const job = findJob(app, request.params.id);
    streamJobEvents(app, request, reply, job);
  });

  app.delete('/v1/jobs/:id', {
    schema: {
      summary: 'Cancel a queued or running job, or purge an ended one',
      description: 'Without purge: cancels (202), 409 if the job has already ended. With `?purge=true`: deletes an ended job with its problem and result at once (204); 409 while it is queued or running (cancel it first) or when it is a scenario\'s variant (it expires with the scenario).',
      tags: ['jobs'],
      params: jobIdParamsSchema,
      querystring: deleteJobQuerySchema,
      response: { 202: jobSchema, 204: z.null(), 404: problemDetailsSchema, 409: problemDetailsSchema },
    },
  }, async (request, reply) => {
    const before = findJob(app, request.params.id);
    if (request.query.purge === 'true') {
      if (!FINAL_STATUSES.has(before.status)) throw new Errors.JobNotEnded(before.id, before.status);
      if (before.scenarioId) throw new Errors.JobInScenario(before.id, before.scenarioId);
      if (!app.store.purge(before.id)) throw new Errors.JobNotFound(before.id);
      app.store.vacuum();
      request.log.info({ jobId: before.id }, 'job purged');
      return reply.code(204).send(null);
    }
    if (FINAL_STATUSES.has(before.status)) throw new Errors.JobAlreadyFinished(before.id, before.status);
    const job = app.runner.cancel(before.id) ?? before;
    request.log.info({ jobId: job.id }, 'job cancel requested');
    return reply.code(202).send(jobView(job));
  });
}

export function findJob(app: FastifyInstance, id: string): Job {
  const job = app.store.get(id);
  if (!job) throw new Errors.JobNotFound(id);
  return job;
}

/** The stored result text of a finished job, or the 409 that explains why there is none. */
export function finishedResult(app: FastifyInstance, job: Job): string {
  if (!FINAL_STATUSES.has(job.status)) throw new Errors.JobNotFinished(job.id, job.status);
  const text = job.hasResult ? app.store.resultText(job.id) : undefined;
  if (!text) throw new Errors.JobFailed(job.id, job.error ? `${job.status} (${job.error.message})` : job.status);
  return text;
}

export function sendRendered(reply: FastifyReply, rendered: { contentType: string; body: string; filename?: string }) {
  reply.type(rendered.contentType);
  if (rendered.filename) reply.header('content-disposition', `attachment; filename="${rendered.filename}"`);
  return reply.send(rendered.body);
}
