/**
 * Reads a request body as the chunks that arrived, without joining them: Fastify's `parseAs:
 * 'buffer'` concatenates every body on the event loop, which for a 50 MB body is a single copy of
 * 40-60 ms (a CPU profile of bench:big-bodies showed it as the longest block left). A small body is
 * joined by the caller (cheap); a large one goes to the parse thread as its chunks, whose memory is
 * moved there, not copied (workers/parse-pool.ts). The checks are Fastify's own, with its errors
 * (so the error handler answers them as before): the body limit, counted as it streams, and a
 * Content-Length that does not match what arrived.
 */
import { errorCodes, type FastifyRequest } from 'fastify';

export interface BodyChunks {
  readonly chunks: Buffer[];
  readonly length: number;
}

export function readBodyChunks(request: FastifyRequest, payload: NodeJS.ReadableStream, limit: number, done: (err: Error | null, body?: BodyChunks) => void): void {
  const declared = Number(request.headers['content-length']);
  if (declared > limit) {
    done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    return;
  }
  const chunks: Buffer[] = [];
  let length = 0;
  const finish = (err: Error | null, body?: BodyChunks) => {
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onError);
    done(err, body);
  };
  const onData = (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    length += bytes.length;
    if (length > limit) {
      finish(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      return;
    }
    chunks.push(bytes);
  };
  const onEnd = () => {
    if (!Number.isNaN(declared) && length !== declared) finish(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
    else finish(null, { chunks, length });
  };
  const onError = (err: Error & { statusCode?: number }) => {
    if (!(typeof err.statusCode === 'number' && err.statusCode >= 400)) err.statusCode = 400;
    finish(err);
  };
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onError);
  payload.resume();
}
