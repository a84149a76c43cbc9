/**
 * OpenAPI generated from the routes' zod schemas, served with Swagger UI at /docs and as JSON at
 * /docs/json. Schemas are inlined rather than shared as components: OpenAPI 3.0 ignores anything
 * beside a $ref, and a field's description and example must stay on the field.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

export default fp(async function docs(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Territory design service',
        version: '1',
        description: 'Sales territory design as an integer program: asynchronous solve jobs, synchronous small solves, what-if scenarios, the disruption frontier. Every field of the problem and of the result is described below, with units and defaults (docs/problem-format.md and docs/result-format.md say more). The example bodies are complete, valid requests (data/tiny.json): "Try it out" as they are. Errors are application/problem+json (RFC 9457) with a stable `code` (TD_ERR_*) and, for invalid input, `errors[]` naming each bad field by JSON path.',
      },
      // "Authorize" in Swagger UI takes the API key; without keys (loopback) it may stay empty.
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key from `territory keys create --tenant <name>`, sent as Authorization: Bearer <key>. Not needed while the service has no key (loopback only).' } } },
      security: [{ apiKey: [] }],
      tags: [
        { name: 'jobs', description: 'Asynchronous solves: submit, follow, read the result, cancel.' },
        { name: 'solve', description: 'Synchronous solves of small problems.' },
        { name: 'scenarios', description: 'What-if variants of a base problem, solved in parallel and compared.' },
        { name: 'frontier', description: 'The disruption frontier: plans along the trade-off between accounts moved and travel, as a job.' },
        { name: 'compliance', description: 'Plan versus actual: a plan against the CRM\'s call log.' },
        { name: 'imports', description: 'CRM exports (CSV, .xlsx) turned into a problem, stored for POST /v1/jobs and /v1/scenarios (importId).' },
        { name: 'health', description: 'Liveness, readiness and metrics.' },
        { name: 'service', description: 'The service\'s own pages.' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}, { name: 'docs' });
