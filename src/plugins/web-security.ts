/**
 * Security headers (@fastify/helmet) and CORS (@fastify/cors). The API is called by servers and, soon,
 * by the planner's page: by default no other origin may call it from a browser; CORS_ORIGINS lists
 * the origins that may (e.g. a CRM's domain embedding the page).
 */
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { tileSource } from './web-page.ts';

export default fp(async function webSecurity(app: FastifyInstance) {
  // The planner's page loads map tiles from MAP_TILE_URL's host only, when one is set.
  const tiles = tileSource(app.config.mapTileUrl);
  await app.register(helmet, {
    // Swagger UI at /docs runs inline scripts and styles of its own; the planner's page has none.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'unsafe-inline'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'validator.swagger.io', ...(tiles ? [tiles] : [])],
      },
    },
  });
  const origins = app.config.corsOrigins;
  await app.register(cors, {
    origin: origins.length === 0 ? false : [...origins],
    methods: ['GET', 'POST', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id'],
    exposedHeaders: ['location', 'retry-after', 'x-request-id', 'idempotent-replayed'],
    maxAge: 600,
  });
}, { name: 'web-security', dependencies: ['config'] });
