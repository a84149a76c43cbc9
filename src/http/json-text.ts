/**
 * Reading a JSON request body from its bytes, as a plain outcome instead of a thrown error, so that
 * the same code runs on the main thread (plugins/json-body.ts) and in the parse thread for large
 * bodies (workers/parse-worker.ts), and both give the same answers. The bytes must be UTF-8 (a stray
 * byte used to become U+FFFD and a problem with a mangled name would be solved as if it were right),
 * and the document may nest at most MAX_JSON_DEPTH levels (see json-depth.ts).
 */
import { clip } from './clip.ts';
import { tooDeepPath } from './json-depth.ts';

/** A problem document nests about 6 levels; 64 leaves room for CRM fields and stays far from any stack limit. */
export const MAX_JSON_DEPTH = 64;

/** Fastify's default JSON parser (which refuses `__proto__` and `constructor.prototype` keys). */
export type JsonParser = (request: never, body: string, done: (err: Error | null, value?: unknown) => void) => void;

export type JsonBodyOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: 'invalid-json'; readonly reason: string }
  | { readonly ok: false; readonly error: 'too-deep'; readonly path: string };

/** `fatal` makes decode throw on any byte sequence that is not UTF-8, instead of replacing it. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function readJsonBody(bytes: Uint8Array, parseJson: JsonParser): JsonBodyOutcome {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { ok: false, error: 'invalid-json', reason: 'it is not UTF-8' };
  }
  if (text.trim() === '') return { ok: false, error: 'invalid-json', reason: 'the body is empty; send a JSON document' };
  let outcome: JsonBodyOutcome | undefined;
  // Fastify's parser calls back synchronously.
  parseJson(undefined as never, text, (err, value) => {
    if (err) {
      outcome = { ok: false, error: 'invalid-json', reason: whyNotJson(text) };
      return;
    }
    const path = tooDeepPath(value, MAX_JSON_DEPTH);
    outcome = path === null ? { ok: true, value } : { ok: false, error: 'too-deep', path };
  });
  return outcome!;
}

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
