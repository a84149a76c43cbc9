/**
 * GET /: the planner's page (web/, served by plugins/web-page.ts) for a person who opens the service
 * in a browser. Where the page has not been built (dist/web missing: `npm start` and `npm test`
 * build it first), a short landing page says how, and points to the API docs.
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
<p>The planner's page, for working on territories in the browser, is not built in this checkout:
run <code>npm run build:web</code> (npm start and npm test do it) and reload.</p>
</body>
</html>
`;

export default async function landingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/', {
    schema: {
      summary: 'Landing page',
      security: [],
      description: 'The planner\'s page (HTML; its scripts under /assets/), with links to these docs, the OpenAPI document and /health. /?sample=1 opens it with the default sample loaded.',
      tags: ['service'],
      response: { 200: media('The planner\'s page.', { 'text/html': { schema: landingSchema } }), 500: internalError },
    },
  }, async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(app.webPage ?? PAGE));
}
