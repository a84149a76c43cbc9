/**
 * GET /: the landing page a person sees who opens the service in a browser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/app.ts';

describe('GET /', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers a short HTML page with a title and links to the docs, the OpenAPI document and /health, each of which answers', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toMatch(/^<!doctype html>/i);
    expect(res.body).toMatch(/<title>[^<]+<\/title>/);
    const links = [...res.body.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!);
    expect(links).toEqual(expect.arrayContaining(['/docs', '/docs/json', '/health']));
    for (const href of links) {
      const target = await t.app.inject({ url: href });
      expect([200, 302], href).toContain(target.statusCode);
    }
    expect(res.body).toMatch(/planner/i);
  });
});

describe('the planner\'s page served at /', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ MAP_TILE_URL: 'https://{s}.tiles.example.com/{z}/{x}/{y}.png', API_KEYS: 'acme:td_landing_0123456789abcdefghijkl' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('serves the built page with its scripts from /assets (no inline script), open without a key, and its config and samples', async () => {
    const res = await t.app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    // npm test builds the page first (pretest); without a build the fallback page says how.
    expect(res.body).toMatch(/<script type="module" crossorigin src="\/assets\/[^"]+\.js"><\/script>/);
    expect(res.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(res.body)![1]!;
    const asset = await t.app.inject({ url: script });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    // Tiles from MAP_TILE_URL's host only; scripts from the service itself.
    expect(res.headers['content-security-policy']).toMatch(/img-src [^;]*https:\/\/\*\.tiles\.example\.com/);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);

    const config = await t.app.inject({ url: '/web-config.json' });
    expect(config.statusCode).toBe(200);
    expect(config.json()).toMatchObject({ mapTileUrl: 'https://{s}.tiles.example.com/{z}/{x}/{y}.png', authRequired: true, samples: expect.arrayContaining([expect.objectContaining({ name: 'tiny' })]) });
    const sample = await t.app.inject({ url: '/samples/1.json' });
    expect(sample.statusCode).toBe(200);
    expect(sample.json<{ accounts: unknown[] }>().accounts.length).toBeGreaterThan(100);
    expect((await t.app.inject({ url: '/samples/tiny.json' })).json<{ reps: unknown[] }>().reps).toHaveLength(3);
    const unknown = await t.app.inject({ url: '/samples/..%2Fpackage.json' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ code: string }>().code).toBe('TD_ERR_ROUTE_NOT_FOUND');
    // The API behind it still needs the key.
    expect((await t.app.inject({ method: 'POST', url: '/v1/evaluate', payload: {} })).statusCode).toBe(401);
  });
});
