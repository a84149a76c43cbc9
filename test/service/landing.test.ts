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
