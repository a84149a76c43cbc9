/**
 * The cap on open connections (MAX_CONNECTIONS), answered: a connection beyond it has its request
 * answered 503 TD_ERR_TOO_MANY_CONNECTIONS with Retry-After, and is then closed, instead of being
 * dropped without a word (Node's `server.maxConnections`), which a client cannot tell from a crash.
 * Such a connection is held only until its first request has been read (the header and request
 * timeouts bound that), so the hard limit Node enforces is set at twice the cap: beyond that, a
 * connection is still dropped as it arrives.
 */
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Errors } from '../errors.ts';

const OVER_CAP = Symbol('over the connection cap');

export default fp(async function connectionCap(app: FastifyInstance) {
  const cap = app.config.maxConnections;
  let open = 0;
  app.server.maxConnections = 2 * cap;
  app.server.on('connection', (socket: Socket & { [OVER_CAP]?: boolean }) => {
    open++;
    socket.once('close', () => {
      open--;
    });
    if (open > cap) socket[OVER_CAP] = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!(request.raw.socket as Socket & { [OVER_CAP]?: boolean })[OVER_CAP]) return;
    reply.header('connection', 'close');
    throw new Errors.TooManyConnections(cap);
  });
}, { name: 'connection-cap', dependencies: ['config'] });
