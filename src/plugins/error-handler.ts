/**
 * One error handler: every error leaves as application/problem+json (RFC 9457) with a stable `code`,
 * validation errors list the JSON path of each bad field, and 5xx internals stay in the log.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { Errors, type FieldError } from '../errors.ts';
import { clip } from '../http/clip.ts';
import { validationAnswer, type BodyValidationError, type ValidationPart } from '../http/validation-errors.ts';

import { MAX_FIELD_ERRORS } from '../http/validation-errors.ts';

export { MAX_FIELD_ERRORS };

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: readonly FieldError[];
}

/** The problem+json document (also written raw to sockets that never became a request). */
export function problemBody(status: number, code: string, detail: string, instance?: string, errors?: readonly FieldError[]): ProblemDetails {
  return {
    type: `urn:territory:error:${code}`,
    title: titleOf(status),
    status,
    detail,
    code,
    ...(instance !== undefined ? { instance } : {}),
    ...(errors ? { errors } : {}),
  };
}

/** Sends a problem+json answer. */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, status: number, code: string, detail: string, errors?: readonly FieldError[], headers?: Record<string, string>) {
  reply.code(status).headers(headers ?? {}).type('application/problem+json');
  return reply.send(JSON.stringify(problemBody(status, code, detail, request.url, errors)));
}

/** Sends a registry error as problem+json (Retry-After where the client should retry). */
export function sendError(reply: FastifyReply, request: FastifyRequest, error: FastifyError & { statusCode: number }) {
  return sendProblem(reply, request, error.statusCode, error.code, error.message, undefined, retryHeaders(error.code));
}

export default fp(async function errorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const part = (error.validationContext ?? 'body') as ValidationPart;
      const root = part === 'body' ? request.body : part === 'querystring' ? request.query : part === 'params' ? request.params : request.headers;
      const { detail, errors } = validationAnswer(error.validation, part, root);
      return sendProblem(reply, request, 400, 'TD_ERR_VALIDATION', detail, errors);
    }
    // A large body validated in the parse thread (plugins/offthread-body.ts): the same answer.
    if (isBodyValidationError(error)) return sendProblem(reply, request, 400, 'TD_ERR_VALIDATION', error.answer.detail, error.answer.errors);
    const answer = registryError(error, request);
    if (answer.statusCode === 503) {
      // Expected under load or at shutdown: the client is told to retry.
      request.log.warn({ code: answer.code }, answer.message);
    } else if (answer.statusCode >= 500) {
      // The whole error (cause and stack included) stays in the log, under the request id.
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code: answer.code, status: answer.statusCode }, answer.message);
    }
    const fields = (error as { fields?: readonly FieldError[] }).fields?.slice(0, MAX_FIELD_ERRORS);
    return sendProblem(reply, request, answer.statusCode, answer.code, answer.message, answer === error ? fields : undefined, retryHeaders(answer.code));
  });

  app.setNotFoundHandler((request, reply) => {
    const err = new Errors.RouteNotFound(clip(request.method, 20), clip(request.url.split('?')[0]!));
    return sendProblem(reply, request, 404, err.code, err.message);
  });
});

/** Not instanceof: @fastify/error matches instanceof by code, so every TD_ERR_VALIDATION would pass. */
function isBodyValidationError(error: unknown): error is BodyValidationError {
  return typeof error === 'object' && error !== null && (error as Partial<BodyValidationError>).answer !== undefined;
}

type RegistryError = FastifyError & { statusCode: number };

/**
 * What the client is told, always an error of the registry (src/errors.ts): ours as they are,
 * except that a 5xx keeps its registry text only (its cause may be anything); Fastify's client
 * errors in our words; anything else TD_ERR_INTERNAL.
 */
function registryError(error: FastifyError, request: FastifyRequest): RegistryError {
  const status = error.statusCode ?? 500;
  if (error.code?.startsWith('TD_ERR_')) {
    if (status < 500 || status === 503) return error as RegistryError;
    return (error.code === 'TD_ERR_SOLVE_FAILED' ? new Errors.SolveFailed() : new Errors.Internal()) as RegistryError;
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new Errors.BodyTooLarge(request.routeOptions.bodyLimit) as RegistryError;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new Errors.UnsupportedMediaType(clip(request.headers['content-type'] ?? 'no content type')) as RegistryError;
    default:
      break;
  }
  // Fastify's other client errors (a Content-Length that does not match the body, ...).
  if (status >= 400 && status < 500) return new Errors.BadRequest(clip(error.message)) as RegistryError;
  return new Errors.Internal() as RegistryError;
}

/** Codes that say: the same request may succeed shortly. */
const RETRY_LATER: ReadonlySet<string> = new Set(['TD_ERR_QUEUE_FULL', 'TD_ERR_TENANT_QUEUE_FULL', 'TD_ERR_SHUTTING_DOWN', 'TD_ERR_NOT_READY', 'TD_ERR_TOO_MANY_BYTES_IN_FLIGHT', 'TD_ERR_TOO_MANY_CONNECTIONS', 'TD_ERR_STORE_UNAVAILABLE']);

export function retryHeaders(code: string): Record<string, string> | undefined {
  if (code === 'TD_ERR_UNAUTHORIZED') return { 'www-authenticate': 'Bearer realm="territory"' };
  return RETRY_LATER.has(code) ? { 'retry-after': '5' } : undefined;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 406: 'Not Acceptable', 408: 'Request Timeout', 409: 'Conflict', 413: 'Content Too Large',
  414: 'URI Too Long', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests', 431: 'Request Header Fields Too Large',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

function titleOf(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}
