/**
 * Rate limits are per tenant: one tenant over its limit gets 429 problem+json with Retry-After while
 * another tenant, and the probes, are still served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type ProblemBody, type TestApp } from './support/app.ts';

const A = 'td_tenant_a_0123456789abcdefghijklmnop';
const B = 'td_tenant_b_0123456789abcdefghijklmnop';
const LIMIT = 5;

describe('per-tenant rate limits', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ API_KEYS: `a:${A},b:${B}`, RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  });

  afterAll(async () => {
    await t?.close();
  });

  const list = (key: string) => t.app.inject({ url: '/v1/jobs', headers: { authorization: `Bearer ${key}` } });

  it('answers 429 problem+json with Retry-After once a tenant is over its limit', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await list(A)).statusCode).toBe(200);
    const over = await list(A);
    expect(over.statusCode).toBe(429);
    expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    const body = over.json<ProblemBody>();
    expect(body.code).toBe('TD_ERR_RATE_LIMITED');
    expect(body.detail).toContain(`${LIMIT} a minute`);
  });

  it('still serves another tenant and the probes', async () => {
    expect((await list(B)).statusCode).toBe(200);
    for (let i = 0; i < LIMIT * 2; i++) expect((await t.app.inject({ url: '/health' })).statusCode).toBe(200);
  });
});

describe('without keys', () => {
  it('limits nothing for the one local user unless RATE_LIMIT_PER_MINUTE is set', async () => {
    const open = await buildTestApp({ RATE_LIMIT_PER_MINUTE: '' });
    try {
      expect(open.config.rateLimitPerMinute).toBeNull();
      for (let i = 0; i < 30; i++) expect((await open.app.inject({ url: '/v1/jobs' })).statusCode).toBe(200);
    } finally {
      await open.close();
    }
    const limited = await buildTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await limited.app.inject({ url: '/v1/jobs' })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
    } finally {
      await limited.close();
    }
  });
});
