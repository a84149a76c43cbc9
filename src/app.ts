/**
 * Builds the Fastify app: third-party wiring, our services, then routes. Never listens (server.ts
 * does), so tests build the same app and inject requests or listen on a free port.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import auth from './plugins/auth.ts';
import { clientErrorHandler } from './http/client-errors.ts';
import { frameworkErrors } from './http/framework-errors.ts';
import { requestIdOf } from './http/request-id.ts';
import { validatorCompiler } from './http/raw-body.ts';
import { MAX_ID_LENGTH } from './http/schemas.ts';
import docs from './plugins/docs.ts';
import tenantRateLimit from './plugins/rate-limit.ts';
import webSecurity from './plugins/web-security.ts';
import webPage from './plugins/web-page.ts';
import errorHandler from './plugins/error-handler.ts';
import { configPlugin, poolPlugin, queuePlugin, retentionPlugin, storePlugin, webhookSecretsPlugin } from './plugins/services.ts';
import jsonBody from './plugins/json-body.ts';
import offthreadBody from './plugins/offthread-body.ts';
import connectionCap from './plugins/connection-cap.ts';
import tenantBodyBytes from './plugins/tenant-body-bytes.ts';
import shutdown from './plugins/shutdown.ts';
import complianceRoutes from './routes/compliance.ts';
import evaluateRoutes from './routes/evaluate.ts';
import frontierRoutes from './routes/frontier.ts';
import healthRoutes from './routes/health.ts';
import importRoutes from './routes/imports.ts';
import jobRoutes from './routes/jobs.ts';
import landingRoutes from './routes/landing.ts';
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
    // genReqId reads x-request-id itself, to keep only ids that are plain tokens.
    requestIdHeader: false,
    genReqId: requestIdOf,
    routerOptions: { maxParamLength: MAX_ID_LENGTH },
    frameworkErrors,
    clientErrorHandler,
    // plugins/shutdown.ts answers requests during shutdown, as problem+json.
    return503OnClosing: false,
    // Warming the solver threads compiles HiGHS in each; on a loaded machine that takes a while.
    pluginTimeout: 120_000,
    forceCloseConnections: 'idle',
    // Slow clients must not hold connections: see the timeouts in config.ts.
    connectionTimeout: ms(config.connectionTimeoutSeconds),
    requestTimeout: ms(config.requestTimeoutSeconds),
    keepAliveTimeout: ms(config.keepAliveTimeoutSeconds),
    // Node checks the headers and request timeouts every connectionsCheckingInterval (30 s by
    // default, which would let a slow-header client stay up to 30 s past its timeout).
    http: { headersTimeout: ms(config.headersTimeoutSeconds), connectionsCheckingInterval: 1000 },
  });
  // The zod type provider's, letting large bodies through to the parse thread (plugins/offthread-body.ts).
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(errorHandler);
  await app.register(shutdown);
  await app.register(jsonBody);
  await app.register(docs);
  await app.register(configPlugin, { config });
  await app.register(webSecurity);
  await app.register(connectionCap);
  await app.register(storePlugin);
  await app.register(auth);
  await app.register(tenantRateLimit);
  await app.register(tenantBodyBytes);
  await app.register(webhookSecretsPlugin);
  await app.register(retentionPlugin);
  await app.register(offthreadBody);
  await app.register(poolPlugin);
  await app.register(queuePlugin);

  await app.register(webPage);
  await app.register(landingRoutes);
  await app.register(healthRoutes);
  await app.register(jobRoutes);
  await app.register(solveRoutes);
  await app.register(evaluateRoutes);
  await app.register(scenarioRoutes);
  await app.register(frontierRoutes);
  await app.register(complianceRoutes);
  await app.register(importRoutes);
  return app;
}

/** Fastify takes whole milliseconds. */
function ms(seconds: number): number {
  return Math.max(1, Math.round(seconds * 1000));
}
