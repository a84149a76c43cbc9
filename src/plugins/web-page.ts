/**
 * The planner's page (web/, built by Vite into dist/web by `npm run build:web`, which prestart and
 * pretest run): its assets under /assets/, the bundled samples under /samples/ (what `/?sample=`
 * opens) and /web-config.json, what the page must know before it calls the API (the tile URL,
 * whether it must ask for a key). GET / itself is routes/landing.ts, which sends the built page, or
 * a landing page saying how to build it when dist/web is missing (a checkout that never ran the
 * build). Only the public API is behind these: the page calls /v1 like any client.
 */
import { existsSync, readFileSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Errors } from '../errors.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The built page's index.html, or null when dist/web has not been built. */
    webPage: string | null;
  }
}

const DIST = new URL('../../dist/web/', import.meta.url);

/** The samples `/?sample=<name>` opens; `1` is the default sample. Fixed names: no path from the URL reaches the disk. */
export const SAMPLES: Readonly<Record<string, { file: string; title: string }>> = {
  'bavaria-bw': { file: 'sample-bavaria-bw.json', title: 'Bavaria and Baden-Württemberg: 357 towns, 10 reps' },
  tiny: { file: 'tiny.json', title: 'Tiny: 12 accounts between Stuttgart and Karlsruhe, 3 reps' },
};
const DEFAULT_SAMPLE = 'bavaria-bw';

/** A tile template's origin for the CSP's img-src; `{s}` subdomains become a wildcard. */
export function tileSource(template: string | null): string | null {
  if (template === null) return null;
  const m = /^(https?:\/\/[^/?#]+)/.exec(template);
  return m ? m[1]!.replace(/\{s\}/g, '*').replace(/\{[^}]*\}/g, '*') : null;
}

export default fp(async function webPage(app: FastifyInstance) {
  const index = new URL('index.html', DIST);
  app.decorate('webPage', existsSync(index) ? readFileSync(index, 'utf8') : null);
  const assets = new URL('assets/', DIST);
  if (existsSync(assets)) {
    // Vite names assets by content hash, so they may be cached for good.
    await app.register(fastifyStatic, { root: assets.pathname, prefix: '/assets/', immutable: true, maxAge: '365d', index: false, wildcard: true });
  }
  const samples = new Map<string, Buffer>();
  const sampleFile = (name: string) => {
    const key = name === '1' ? DEFAULT_SAMPLE : name;
    const entry = SAMPLES[key];
    if (!entry) return undefined;
    if (!samples.has(key)) samples.set(key, readFileSync(new URL(`../../data/${entry.file}`, import.meta.url)));
    return samples.get(key);
  };

  app.get<{ Params: { name: string } }>('/samples/:name', { schema: { hide: true } }, async (request, reply) => {
    const body = sampleFile(request.params.name.replace(/\.json$/, ''));
    if (!body) throw new Errors.RouteNotFound('GET', `/samples/${request.params.name.slice(0, 100)}`);
    return reply.type('application/json; charset=utf-8').header('cache-control', 'no-cache').send(body);
  });

  app.get('/web-config.json', { schema: { hide: true } }, async (_request, reply) => reply.header('cache-control', 'no-store').send({
    mapTileUrl: app.config.mapTileUrl,
    // Asked per request: a key created while the service runs closes the open mode at once (plugins/auth.ts).
    authRequired: (await app.keys.activeCount()) > 0,
    // Larger problems are shown but not scored (POST /v1/evaluate would answer 413).
    evaluateMaxAccounts: app.config.evaluateMaxAccounts,
    samples: Object.entries(SAMPLES).map(([name, s]) => ({ name, title: s.title, default: name === DEFAULT_SAMPLE })),
  }));
}, { name: 'web-page', dependencies: ['config', 'auth'] });
