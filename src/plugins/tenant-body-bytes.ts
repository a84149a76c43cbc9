/**
 * A cap on the request body bytes each tenant has in flight (TENANT_INFLIGHT_BODY_BYTES): a body is
 * held in memory whole while it arrives and is parsed, so a tenant sending many large ones at once
 * could take the process's memory. A request that would pass the cap is refused with 429 and
 * Retry-After before its body is read: at once by its Content-Length, or as a chunked body streams
 * in. Its bytes are released when its response closes: answered, failed, or the client went away.
 * A body over BODY_LIMIT_BYTES is left to Fastify's 413.
 */
import { Transform } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Errors } from '../errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Body bytes in flight per tenant (for tests and diagnostics). */
    bodyBytesInFlight(tenant: string): number;
  }
}

export default fp(async function tenantBodyBytes(app: FastifyInstance) {
  const cap = app.config.tenantInflightBodyBytes;
  const inFlight = new Map<string, number>();
  app.decorate('bodyBytesInFlight', (tenant: string) => inFlight.get(tenant) ?? 0);

  /** Reserves `bytes` for the request's tenant, released once with the response; throws over the cap. */
  const reserve = (request: FastifyRequest, reply: FastifyReply, bytes: number) => {
    const tenant = request.tenant;
    const held = inFlight.get(tenant) ?? 0;
    if (held + bytes > cap) throw new Errors.TooManyBytesInFlight(held, cap);
    inFlight.set(tenant, held + bytes);
    reply.raw.once('close', () => {
      const left = (inFlight.get(tenant) ?? 0) - bytes;
      if (left > 0) inFlight.set(tenant, left);
      else inFlight.delete(tenant);
    });
  };

  // onRequest, after auth has named the tenant (registered after it).
  app.addHook('onRequest', async (request, reply) => {
    const length = Number(request.headers['content-length'] ?? 0);
    if (!(length > 0) || length > app.config.bodyLimitBytes) return;
    reserve(request, reply, length);
  });

  // A chunked body has no length up front: counted as it arrives. Requests without a body are left
  // alone: piping would consume their stream, and its 'close' would read as the client going away.
  app.addHook('preParsing', async (request, reply, payload) => {
    if (request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] === undefined) return payload;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        try {
          reserve(request, reply, chunk.length);
          callback(null, chunk);
        } catch (err) {
          callback(err as Error);
        }
      },
    });
    payload.on('error', (err) => counter.destroy(err));
    return payload.pipe(counter);
  });
}, { name: 'tenant-body-bytes', dependencies: ['config', 'auth'] });
