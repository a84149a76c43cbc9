/**
 * While the app closes (SIGTERM, or app.close()), every request gets 503 TD_ERR_SHUTTING_DOWN as
 * problem+json, with Retry-After and Connection: close, so clients and proxies move to another
 * instance. Fastify's own return503OnClosing answered plain JSON with neither (it is off in app.ts).
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Errors } from '../errors.ts';
import { sendError } from './error-handler.ts';

export default fp(async function shutdown(app: FastifyInstance) {
  let closing = false;
  // Registered before the runner's preClose hook, which waits for running jobs: requests during that
  // grace period are answered here.
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    // Returning the reply tells Fastify the answer is sent and nothing else runs.
    return sendError(reply, request, new Errors.ShuttingDown() as FastifyError & { statusCode: number });
  });
}, { name: 'shutdown' });
