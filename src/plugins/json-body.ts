/**
 * The one parser of request bodies (application/json): Fastify's own JSON parser (which refuses
 * `__proto__` and `constructor.prototype` keys), behind the checks of http/json-text.ts (UTF-8,
 * not empty, at most MAX_JSON_DEPTH levels). A body above OFFTHREAD_BODY_BYTES on a route that
 * takes problems is not parsed here at all: it is handed on as bytes (a RawBody) and read in the
 * parse thread (plugins/offthread-body.ts), because parsing 50 MB here stalls every other request.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Errors, type FieldError } from '../errors.ts';
import { MAX_JSON_DEPTH, readJsonBody, type JsonBodyOutcome, type JsonParser } from '../http/json-text.ts';
import { RawBody } from '../http/raw-body.ts';
import { readBodyChunks } from '../http/read-body.ts';

export { MAX_JSON_DEPTH } from '../http/json-text.ts';

/** 400 with the too-deep value's path in `errors` (the error handler lists `fields`). */
export class BodyTooDeepError extends Errors.BodyTooDeep {
  readonly fields: readonly FieldError[];
  constructor(path: string) {
    super(MAX_JSON_DEPTH, path);
    this.fields = [{ path, message: `nested deeper than ${MAX_JSON_DEPTH} levels` }];
  }
}

/** The registry error for a body that could not be read. */
export function jsonBodyError(outcome: Exclude<JsonBodyOutcome, { ok: true }>): Error {
  return outcome.error === 'invalid-json' ? new Errors.InvalidJson(outcome.reason) : new BodyTooDeepError(outcome.path);
}

export default fp(async function jsonBody(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error') as unknown as JsonParser;
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', (request, payload, done) => {
    readBodyChunks(request, payload, request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? app.config.bodyLimitBytes, (err, body) => {
      if (err || !body) {
        done(err ?? new Error('no body'), undefined);
        return;
      }
      // Large bodies are never joined here: the parse thread gets the chunks (http/read-body.ts).
      if (request.routeOptions.config.offthreadBody !== undefined && body.length > app.config.offthreadBodyBytes) {
        done(null, new RawBody(body.chunks));
        return;
      }
      const outcome = readJsonBody(body.chunks.length === 1 ? body.chunks[0]! : Buffer.concat(body.chunks, body.length), parseJson);
      if (outcome.ok) done(null, outcome.value);
      else done(jsonBodyError(outcome), undefined);
    });
  });
  // The API speaks JSON only: anything else is 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');
}, { name: 'json-body' });
