/** OpenAPI generated from the routes' zod schemas, served with Swagger UI at /docs. */
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
        description: 'Sales territory design as an integer program: asynchronous solve jobs, synchronous small solves, what-if scenarios. Problem and result formats: docs/problem-format.md and docs/result-format.md. Errors are application/problem+json with a stable `code`.',
      },
      tags: [{ name: 'jobs' }, { name: 'solve' }, { name: 'scenarios' }, { name: 'health' }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}, { name: 'docs' });
