/**
 * How routes document their responses: each status a route can answer, with its media type, schema
 * and what it means there. Errors are application/problem+json (src/plugins/error-handler.ts writes
 * them); every route lists the statuses it can really return, so a client knows what to handle.
 */
import type { z } from 'zod';
import { problemDetailsSchema } from './schemas.ts';

/** A JSON success response (typed: the route's handler is checked against the schema). */
export function json<S extends z.ZodType>(description: string, schema: S) {
  return { description, content: { 'application/json': { schema } } };
}

/** A success response in other or several media types, one schema each. */
export function media<M extends Record<string, { schema: z.ZodType }>>(description: string, content: M) {
  return { description, content };
}

/** An error response: problem details, with what this status means on this route. */
export function problemDetails(description: string) {
  return { description, content: { 'application/problem+json': { schema: problemDetailsSchema } } };
}

/** Every route can fail unexpectedly; the failure is logged and the answer carries no internals. */
export const internalError = problemDetails('TD_ERR_INTERNAL: an unexpected error; it has been logged and the body says no more.');

/** What Fastify answers, in our codes, to a request body it cannot read (routes that take a body). */
export const unreadableBody = {
  413: problemDetails('TD_ERR_BODY_TOO_LARGE: the body is larger than BODY_LIMIT_BYTES (default 64 MiB).'),
  415: problemDetails('TD_ERR_UNSUPPORTED_MEDIA_TYPE: the body is not application/json.'),
};
