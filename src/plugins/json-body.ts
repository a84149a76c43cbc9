/**
 * The one parser of request bodies (application/json): Fastify's own JSON parser (which refuses
 * `__proto__` and `constructor.prototype` keys), behind two checks of ours. The bytes must be UTF-8:
 * a stray byte used to become U+FFFD and a problem with a mangled name would be solved as if it were
 * right. And the document may nest at most MAX_JSON_DEPTH levels (see http/json-depth.ts).
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Errors, type FieldError } from '../errors.ts';
import { clip } from '../http/clip.ts';
import { tooDeepPath } from '../http/json-depth.ts';

/** A problem document nests about 6 levels; 64 leaves room for CRM fields and stays far from any stack limit. */
export const MAX_JSON_DEPTH = 64;

/** 400 with the too-deep value's path in `errors` (the error handler lists `fields`). */
export class BodyTooDeepError extends Errors.BodyTooDeep {
  readonly fields: readonly FieldError[];
  constructor(path: string) {
    super(MAX_JSON_DEPTH, path);
    this.fields = [{ path, message: `nested deeper than ${MAX_JSON_DEPTH} levels` }];
  }
}

/** `fatal` makes decode throw on any byte sequence that is not UTF-8, instead of replacing it. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Fastify's parser says only that the body is not JSON; JSON.parse says where (run again on this
 * failure path only). When JSON.parse accepts it, it was refused for a prototype key.
 */
function whyNotJson(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return clip((err as Error).message);
  }
  return 'it has a "__proto__" or "constructor.prototype" key';
}

export default fp(async function jsonBody(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new Errors.InvalidJson('it is not UTF-8'), undefined);
      return;
    }
    if (text.trim() === '') {
      done(new Errors.InvalidJson('the body is empty; send a JSON document'), undefined);
      return;
    }
    parseJson(request, text, (err, value) => {
      if (err) return done(new Errors.InvalidJson(whyNotJson(text)), undefined);
      const path = tooDeepPath(value, MAX_JSON_DEPTH);
      return path === null ? done(null, value) : done(new BodyTooDeepError(path), undefined);
    });
  });
  // The API speaks JSON only: anything else is 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');
}, { name: 'json-body' });
