/**
 * GET /: a short HTML page for a person who opens the service in a browser, pointing to the API docs.
 * The planner's own page will be served here later; until then this page says so.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { internalError, media } from '../http/responses.ts';
import { landingSchema } from '../http/schemas.ts';

/** Static: nothing on it depends on the request, so it is built once. */
const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Territory design service</title>
<style>body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #222; } a { color: #0b5cad; }</style>
</head>
<body>
<h1>Territory design service</h1>
<p>This service designs sales territories: it assigns every account to one eligible rep so that
workload and value are balanced within each role, capacity is never exceeded, travel stays low and
few accounts move. It solves the plan as an integer program, with a proven bound and gap, and
reports whether the sales force is big enough.</p>
<ul>
<li><a href="/docs">API documentation</a> (Swagger UI, with "Try it out")</li>
<li><a href="/docs/json">OpenAPI document</a> (JSON)</li>
<li><a href="/health">Health</a></li>
</ul>
<p>The planner's page, for working on territories in the browser, will be served here later.</p>
</body>
</html>
`;

export default async function landingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/', {
    schema: {
      summary: 'Landing page',
      security: [],
      description: 'A short HTML page: what the service is, with links to these docs, the OpenAPI document and /health.',
      tags: ['service'],
      response: { 200: media('The landing page.', { 'text/html': { schema: landingSchema } }), 500: internalError },
    },
  }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(PAGE));
}
