/**
 * Builds the Fastify app: third-party wiring, our services, then routes. Never listens (server.ts
 * does), so tests build the same app and inject requests or listen on a free port.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import docs from './plugins/docs.ts';
import errorHandler from './plugins/error-handler.ts';
import { configPlugin, poolPlugin, retentionPlugin, runnerPlugin, storePlugin } from './plugins/services.ts';
import healthRoutes from './routes/health.ts';
import jobRoutes from './routes/jobs.ts';
import scenarioRoutes from './routes/scenarios.ts';
import solveRoutes from './routes/solve.ts';

export interface BuildOptions {
  /** Fastify logger options (server.ts picks pretty or JSON); false for none. */
  readonly logger?: FastifyServerOptions['logger'];
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: config.bodyLimitBytes,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    // Warming the solver threads compiles HiGHS in each; on a loaded machine that takes a while.
    pluginTimeout: 120_000,
    forceCloseConnections: 'idle',
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // The API speaks JSON only: anything else is 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain');
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorHandler);
  await app.register(docs);
  await app.register(configPlugin, { config });
  await app.register(storePlugin);
  await app.register(retentionPlugin);
  await app.register(poolPlugin);
  await app.register(runnerPlugin);

  await app.register(healthRoutes);
  await app.register(jobRoutes);
  await app.register(solveRoutes);
  await app.register(scenarioRoutes);
  return app;
}
