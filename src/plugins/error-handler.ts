/**
 * One error handler: every error leaves as application/problem+json (RFC 9457) with a stable `code`,
 * validation errors list the JSON path of each bad field, and 5xx internals stay in the log.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { fromZodIssue, type ZodIssueLike } from '../../solver/index.ts';
import { Errors, type FieldError } from '../errors.ts';

/** A body with thousands of bad fields gets the first ones listed and a count of the rest. */
export const MAX_FIELD_ERRORS = 100;

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: readonly FieldError[];
}

/** Sends a problem+json answer. */
export function sendProblem(reply: FastifyReply, request: FastifyRequest, status: number, code: string, detail: string, errors?: readonly FieldError[], headers?: Record<string, string>) {
  const body: ProblemDetails = {
    type: `urn:territory:error:${code}`,
    title: titleOf(status),
    status,
    detail,
    code,
    instance: request.url,
    ...(errors ? { errors } : {}),
  };
  reply.code(status).headers(headers ?? {}).type('application/problem+json');
  return reply.send(JSON.stringify(body));
}

/** Field errors from a validation failure, each with the JSON path from the body's root. */
function fieldErrors(error: FastifyError, request: FastifyRequest): FieldError[] {
  const part = error.validationContext ?? 'body';
  const root = part === 'body' ? request.body : part === 'querystring' ? request.query : part === 'params' ? request.params : request.headers;
  return (error.validation ?? []).slice(0, MAX_FIELD_ERRORS).flatMap((v) => {
    const params = (v.params ?? {}) as Partial<ZodIssueLike>;
    const path = v.instancePath.split('/').slice(1).filter((s) => s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const issues = fromZodIssue({ code: v.keyword, path, message: v.message ?? 'invalid', ...(params.expected !== undefined ? { expected: params.expected } : {}), ...(params.keys ? { keys: params.keys } : {}) }, root);
    return part === 'body' ? issues : issues.map((i) => ({ ...i, path: `${part}.${i.path === '(root)' ? '' : i.path}`.replace(/\.$/, '') }));
  });
}

export default fp(async function errorHandler(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const total = error.validation.length;
      const errors = fieldErrors(error, request).slice(0, MAX_FIELD_ERRORS);
      const listed = total > errors.length ? ` (errors lists the first ${errors.length})` : '';
      const detail = errors.slice(0, 3).map((e) => `${e.path}: ${e.message}`).join('; ') + (total > 3 ? `; and ${total - 3} more${listed}` : '');
      return sendProblem(reply, request, 400, 'TD_ERR_VALIDATION', detail, errors);
    }
    const mapped = mapFastifyError(error);
    if (mapped) return sendProblem(reply, request, mapped.status, mapped.code, mapped.detail, undefined, mapped.headers);
    const status = error.statusCode ?? 500;
    if (status === 503) {
      // Expected under load or at shutdown: the client is told to retry.
      request.log.warn({ code: error.code }, error.message);
      return sendProblem(reply, request, status, error.code ?? 'TD_ERR_NOT_READY', error.message, undefined, retryHeaders(error));
    }
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      const code = error.code?.startsWith('TD_ERR_') ? error.code : 'TD_ERR_INTERNAL';
      const detail = code === 'TD_ERR_INTERNAL' ? 'An internal error occurred; it has been logged.' : error.message;
      return sendProblem(reply, request, status, code, detail, undefined, retryHeaders(error));
    }
    request.log.info({ code: error.code, status }, error.message);
    const fields = (error as { fields?: readonly FieldError[] }).fields?.slice(0, MAX_FIELD_ERRORS);
    return sendProblem(reply, request, status, error.code?.startsWith('TD_ERR_') ? error.code : 'TD_ERR_BAD_REQUEST', error.message, fields, retryHeaders(error));
  });

  app.setNotFoundHandler((request, reply) => {
    const err = new Errors.RouteNotFound(request.method, request.url.split('?')[0]);
    return sendProblem(reply, request, 404, err.code, err.message);
  });
});

/** Fastify's own client errors (parsing, size, media type), in our words and codes. */
function mapFastifyError(error: FastifyError): { status: number; code: string; detail: string; headers?: Record<string, string> } | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'TD_ERR_BODY_TOO_LARGE', detail: 'The body is larger than the configured limit (BODY_LIMIT_BYTES).' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, code: 'TD_ERR_UNSUPPORTED_MEDIA_TYPE', detail: 'Send the body as application/json.' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'TD_ERR_INVALID_JSON', detail: 'The body is empty; send a JSON document.' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: 'TD_ERR_INVALID_JSON', detail: `The body is not valid JSON: ${error.message}` };
    default:
      break;
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
    return { status: 400, code: 'TD_ERR_INVALID_JSON', detail: `The body is not valid JSON: ${error.message}` };
  }
  return null;
}

function retryHeaders(error: FastifyError): Record<string, string> | undefined {
  if (error.code === 'TD_ERR_UNAUTHORIZED') return { 'www-authenticate': 'Bearer realm="territory"' };
  return error.code === 'TD_ERR_QUEUE_FULL' || error.code === 'TD_ERR_SHUTTING_DOWN' || error.code === 'TD_ERR_NOT_READY' ? { 'retry-after': '5' } : undefined;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found', 406: 'Not Acceptable', 409: 'Conflict', 413: 'Content Too Large',
  415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

function titleOf(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

