/**
 * POST /v1/solve: a synchronous solve for small problems, on a thread of its own so it never waits
 * behind long jobs. Larger problems get 413 pointing to /v1/jobs.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { territoryResultSchema } from '../../solver/index.ts';
import { Errors } from '../errors.ts';
import { json, problemDetails, unreadableBody } from '../http/responses.ts';
import { solveBodySchema } from '../http/schemas.ts';
import { requestStop } from '../workers/messages.ts';
import { runTask } from '../workers/pool.ts';
import { admitProblem, FieldValidationError } from './admission.ts';
import { solveSubmission } from './submissions.ts';

export default async function solveRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/v1/solve', {
    config: { offthreadBody: 'solve' },
    schema: {
      summary: 'Solve a small problem synchronously',
      description: 'Returns the result document (as `territory solve --json`). Problems above the configured size (SYNC_MAX_ACCOUNTS) get 413: submit them to /v1/jobs.',
      tags: ['solve'],
      body: solveBodySchema,
      response: {
        200: json('The result document: read solver.status first (optimal, feasible, timedout, infeasible with a diagnosis, or error).', territoryResultSchema),
        400: problemDetails('TD_ERR_VALIDATION: the body is not a valid request (shape, or references such as a lock to an unknown rep); errors lists each bad field by JSON path, e.g. problem.accounts[17].lat. TD_ERR_INVALID_JSON: the body is not JSON.'),
        ...unreadableBody,
        413: problemDetails('TD_ERR_PROBLEM_TOO_LARGE_FOR_SYNC: more than SYNC_MAX_ACCOUNTS accounts (default 500); submit it to POST /v1/jobs. TD_ERR_BODY_TOO_LARGE: the body is larger than BODY_LIMIT_BYTES. TD_ERR_MODEL_TOO_LARGE: more eligible account-rep pairs than MAX_MODEL_PAIRS.'),
        500: problemDetails('TD_ERR_SOLVE_FAILED: the solver thread failed on this problem. TD_ERR_INTERNAL: an unexpected error, logged.'),
        503: problemDetails('TD_ERR_QUEUE_FULL: the synchronous solve threads are busy and their queue is full. TD_ERR_SHUTTING_DOWN: the service is stopping.'),
      },
    },
  }, async (request, reply) => {
    // A large body was read in the parse thread (plugins/offthread-body.ts); request.body is its bytes.
    const submission = request.offthread?.kind === 'solve' ? request.offthread.submission : solveSubmission(request.body);
    const { facts } = submission;
    if (facts.accounts > app.config.syncMaxAccounts) {
      throw new Errors.ProblemTooLargeForSync(facts.accounts, app.config.syncMaxAccounts);
    }
    admitProblem(app, facts, 'problem');
    const timeLimitSeconds = Math.min(app.config.syncTimeLimitSeconds, submission.timeLimitSeconds ?? submission.problemTimeLimitSeconds);
    const cancel = new SharedArrayBuffer(4);
    // A client that goes away before its answer stops the solve. (The request's own 'close' fires as
    // soon as the body has been read, so it is the response's that tells.)
    const onClose = () => {
      if (!reply.raw.writableFinished) requestStop(cancel, 'client-gone');
    };
    reply.raw.once('close', onClose);
    let out;
    try {
      // From the parse thread the problem is JSON text, which the solve thread parses itself.
      out = await runTask(app.syncPool, { ...submission.document, timeLimitSeconds, cancel });
    } finally {
      reply.raw.off('close', onClose);
    }
    if (!out.ok) throw new FieldValidationError(out.issues.map((i) => ({ path: `problem.${i.path}`, message: i.message })));
    // The worker already serialised the result; strings are sent as they are.
    return (reply as FastifyReply).type('application/json; charset=utf-8').send(out.resultJson);
  });
}
