/**
 * Per-tenant rate limits (@fastify/rate-limit): each tenant gets RATE_LIMIT_PER_MINUTE requests a
 * minute across the API, counted after authentication (so the key, not the address, is the client).
 * The probes are never limited: an orchestrator must always see the service. Over the limit is
 * 429 problem+json with Retry-After.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Errors } from '../errors.ts';

const UNLIMITED = new Set(['/health', '/ready']);

export default fp(async function tenantRateLimit(app: FastifyInstance) {
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: app.config.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => `tenant:${request.tenant}`,
    allowList: (request) => UNLIMITED.has(request.routeOptions.url ?? ''),
    errorResponseBuilder: (_request, context) => new Errors.RateLimited(context.max, context.after),
  });
}, { name: 'rate-limit', dependencies: ['config', 'auth'] });
