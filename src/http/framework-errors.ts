/**
 * Errors Fastify raises while routing, before any hook or handler runs (so before the error handler
 * and the onSend hook that sets x-request-id): a path that is not valid percent-encoding, and a
 * path parameter longer than the router's limit. Without this they were Fastify's own JSON.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Errors } from '../errors.ts';
import { sendError } from '../plugins/error-handler.ts';
import { MAX_ID_LENGTH } from './schemas.ts';

export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const answer = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? new Errors.PathParamTooLong(MAX_ID_LENGTH)
    : error.code === 'FST_ERR_BAD_URL' ? new Errors.BadUrl()
      : new Errors.BadRequest(error.message);
  request.log.info({ code: answer.code }, answer.message);
  reply.header('x-request-id', request.id);
  void sendError(reply, request, answer as FastifyError & { statusCode: number });
}
