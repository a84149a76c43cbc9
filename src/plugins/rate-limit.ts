/**
 * Per-tenant rate limits (@fastify/rate-limit): each tenant gets RATE_LIMIT_PER_MINUTE requests a
 * minute across the API (1200 by default once keys exist; no limit for the one local user without), counted after authentication (so the key, not the address, is the client).
 * The probes are never limited: an orchestrator must always see the service. Over the limit is
 * 429 problem+json with Retry-After.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Errors } from '../errors.ts';

const UNLIMITED = new Set(['/health', '/ready']);
/** Requests a minute per tenant when RATE_LIMIT_PER_MINUTE is not set and keys exist. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1200;

export default fp(async function tenantRateLimit(app: FastifyInstance) {
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: app.config.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (request) => `tenant:${request.tenant}`,
    // Without keys (loopback, one local user) nothing is limited unless RATE_LIMIT_PER_MINUTE says so.
    allowList: async (request) => UNLIMITED.has(request.routeOptions.url ?? '') || (app.config.rateLimitPerMinute === null && (await app.keys.activeCount()) === 0),
    errorResponseBuilder: (_request, context) => new Errors.RateLimited(context.max, context.after),
  });
}, { name: 'rate-limit', dependencies: ['config', 'auth'] });
