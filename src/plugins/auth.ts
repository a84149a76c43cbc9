/**
 * Authentication: every request but the open ones (`/health`, `/ready`, the landing page and the API
 * docs) carries `Authorization: Bearer <key>`, and the key names the request's tenant. While no key
 * exists at all the service is open, all of it belonging to the `default` tenant; server.ts makes
 * sure it then listens on loopback only. `/metrics` takes METRICS_KEY when that is set.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { bearerToken, DEFAULT_TENANT, sameSecret } from '../auth/api-keys.ts';
import { Errors } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant the request acts for: its key's, or `default` while no key is configured. */
    tenant: string;
    /** Whether any API key existed when the request was authenticated (the tenant limits depend on it). */
    keysActive: boolean;
  }
}

/**
 * Routes anyone may call: probes, the page (its files, its config and the bundled samples: the page
 * must load before it can ask for a key), the API docs.
 */
function isOpen(route: string | undefined): boolean {
  if (route === undefined) return false;
  return route === '/health' || route === '/ready' || route === '/' || route === '/docs' || route.startsWith('/docs/')
    || route.startsWith('/assets/') || route === '/web-config.json' || route === '/samples/:name';
}

export default fp(async function auth(app: FastifyInstance) {
  // The key store opens with the job store (plugins/services.ts), in the same database.
  const keys = app.keys;
  for (const { tenant, key } of app.config.apiKeys) await keys.add(tenant, key, 'env');
  app.decorateRequest('tenant', DEFAULT_TENANT);
  app.decorateRequest('keysActive', false);

  app.addHook('onRequest', async (request: FastifyRequest) => {
    const route = request.routeOptions.url;
    // A browser's CORS preflight carries no credentials by design; @fastify/cors answers it.
    if (isOpen(route) || request.method === 'OPTIONS') return;
    if (route === '/metrics') {
      const metricsKey = app.config.metricsKey;
      if (metricsKey !== undefined && !sameSecret(bearerToken(request.headers.authorization) ?? '', metricsKey)) throw new Errors.Unauthorized('/metrics needs Authorization: Bearer <METRICS_KEY>');
      return;
    }
    // A valid key answers both questions in one lookup: keys exist, and this is the tenant.
    const token = bearerToken(request.headers.authorization);
    const tenant = token === undefined ? undefined : await keys.tenantOf(token);
    if (tenant !== undefined) {
      request.tenant = tenant;
      request.keysActive = true;
      return;
    }
    // Otherwise counted per request (an indexed count), so a key created with `territory keys
    // create` while the service runs closes the open mode at once. The count is kept on the
    // request for its tenant limits (routes/admission.ts), one query instead of two.
    request.keysActive = (await keys.activeCount()) > 0;
    if (!request.keysActive) return;
    if (token === undefined) throw new Errors.Unauthorized('send Authorization: Bearer <API key>');
    throw new Errors.Unauthorized('the API key is not valid (unknown or revoked)');
  });
}, { name: 'auth', dependencies: ['config', 'store'] });
