/**
 * The request id: the client's x-request-id when it is a plain token, else a fresh UUID. It is
 * echoed on every response and written to every log line, so it must not carry CR/LF, quotes or
 * kilobytes of text that a client chose.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}
