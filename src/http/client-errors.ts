/**
 * Requests Node's HTTP parser refuses before Fastify sees them (headers over the size limit,
 * headers or body that do not arrive in time, bytes that are not HTTP): the socket gets a
 * problem+json answer written by hand, then is closed. Fastify's default wrote plain JSON.
 */
import { randomUUID } from 'node:crypto';
import { maxHeaderSize } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Errors } from '../errors.ts';
import { problemBody } from '../plugins/error-handler.ts';

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

export function clientErrorHandler(this: FastifyInstance, err: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const answer = err.code === 'HPE_HEADER_OVERFLOW' ? new Errors.HeadersTooLarge(maxHeaderSize)
    : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? new Errors.RequestTimeout()
      : new Errors.BadRequest('The request is not valid HTTP/1.1');
  const status = answer.statusCode ?? 400;
  const id = randomUUID();
  this.log.info({ reqId: id, code: answer.code, cause: err.code }, answer.message);
  // A response already under way on this socket (a pipelined request) must not get bytes mixed in.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (socket.writable && !inFlight?.headersSent) {
    const body = JSON.stringify(problemBody(status, answer.code, answer.message));
    socket.write(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nx-request-id: ${id}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy();
}
