/**
 * Security headers on every answer, and CORS only for the origins CORS_ORIGINS names (a preflight
 * needs no key, the request itself still does).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/app.ts';

const KEY = 'td_cors_0123456789abcdefghijklmnopqr';
const ALLOWED = 'https://crm.example.com';

describe('security headers and CORS', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ API_KEYS: `acme:${KEY}`, CORS_ORIGINS: ALLOWED });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('sends helmet\'s headers, also on errors', async () => {
    for (const url of ['/health', '/v1/jobs']) {
      const res = await t.app.inject({ url });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    }
  });

  it('allows a listed origin, with a preflight that needs no key', async () => {
    const preflight = await t.app.inject({
      method: 'OPTIONS', url: '/v1/jobs',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('authorization');
    const res = await t.app.inject({ url: '/v1/jobs', headers: { origin: ALLOWED, authorization: `Bearer ${KEY}` } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
  });

  it('gives any other origin no CORS headers', async () => {
    const res = await t.app.inject({ url: '/v1/jobs', headers: { origin: 'https://evil.example', authorization: `Bearer ${KEY}` } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
