/**
 * POST /v1/solve: a synchronous solve for small problems, on a thread of its own so it never waits
 * behind long jobs. Larger problems get 413 pointing to /v1/jobs.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Errors } from '../errors.ts';
import { problemDetailsSchema, solveBodySchema } from '../http/schemas.ts';
import { requestStop } from '../workers/messages.ts';
import { runTask } from '../workers/pool.ts';
import { admitProblem, FieldValidationError } from './admission.ts';

export default async function solveRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/v1/solve', {
    schema: {
      summary: 'Solve a small problem synchronously',
      description: 'Returns the result document (as `territory solve --json`). Problems above the configured size (SYNC_MAX_ACCOUNTS) get 413: submit them to /v1/jobs.',
      tags: ['solve'],
      body: solveBodySchema,
      response: { 400: problemDetailsSchema, 413: problemDetailsSchema, 503: problemDetailsSchema },
    },
  }, async (request, reply) => {
    const { problem, options } = request.body;
    if (problem.accounts.length > app.config.syncMaxAccounts) {
      throw new Errors.ProblemTooLargeForSync(problem.accounts.length, app.config.syncMaxAccounts);
    }
    admitProblem(app, problem, 'problem');
    const timeLimitSeconds = Math.min(app.config.syncTimeLimitSeconds, options?.timeLimitSeconds ?? problem.options.timeLimitSeconds);
    const cancel = new SharedArrayBuffer(4);
    // A client that goes away before its answer stops the solve. (The request's own 'close' fires as
    // soon as the body has been read, so it is the response's that tells.)
    const onClose = () => {
      if (!reply.raw.writableFinished) requestStop(cancel, 'client-gone');
    };
    reply.raw.once('close', onClose);
    let out;
    try {
      out = await runTask(app.syncPool, { problem, timeLimitSeconds, cancel });
    } finally {
      reply.raw.off('close', onClose);
    }
    if (!out.ok) throw new FieldValidationError(out.issues.map((i) => ({ path: `problem.${i.path}`, message: i.message })));
    // The worker already serialised the result; strings are sent as they are.
    return (reply as FastifyReply).type('application/json; charset=utf-8').send(out.resultJson);
  });
}
