/**
 * POST /v1/jobs refuses a webhookUrl that points inside the network by what it shows (a literal
 * internal IP in any of its spellings, or localhost): 400 problem+json naming webhookUrl, and no job
 * stored. WEBHOOK_ALLOW_HOSTS lets named hosts (and ports) through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, readFixture, submit, type JobView, type ProblemBody, type TestApp } from './support/app.ts';

const tiny = readFixture('tiny.json');

/** Port 9 (discard) on loopback: allowed below; nothing listens, so deliveries fail fast. */
const ALLOWED_PORT = 9;

describe('webhookUrl at submission', () => {
  let t: TestApp;
  /** Jobs accepted so far: refusals must not add to them. */
  let accepted = 0;

  beforeAll(async () => {
    t = await buildTestApp({
      WEBHOOK_ATTEMPTS: '1',
      WEBHOOK_ALLOW_HOSTS: `127.0.0.1:${ALLOWED_PORT},localhost:${ALLOWED_PORT},[::1]:${ALLOWED_PORT}`,
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  const refused: Array<[string, string]> = [
    ['loopback', 'http://127.0.0.1:8080/hooks'],
    ['loopback, short form', 'http://127.1/'],
    ['loopback as a decimal number', 'http://2130706433/'],
    ['loopback in hex', 'http://0x7f.1/'],
    ['loopback in octal', 'http://0177.0.0.1/'],
    ['loopback, trailing dot', 'http://127.0.0.1./'],
    ['IPv6 loopback', 'http://[::1]/'],
    ['IPv4-mapped IPv6 loopback', 'http://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped IPv6 loopback in hex', 'http://[::ffff:7f00:1]/'],
    ['IPv4-compatible IPv6 loopback', 'http://[::127.0.0.1]/'],
    ['localhost', 'http://localhost:3000/'],
    ['localhost, upper case with a trailing dot', 'http://LOCALHOST./'],
    ['a subdomain of localhost', 'http://api.localhost/'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['cloud metadata as a decimal number', 'http://2852039166/'],
    ['cloud metadata, IPv4-mapped', 'https://[::ffff:a9fe:a9fe]/'],
    ['private 10/8', 'http://10.0.0.1/'],
    ['private 172.16/12', 'https://172.16.5.4/'],
    ['private 192.168/16', 'http://192.168.0.10/'],
    ['CGNAT', 'http://100.64.0.1/'],
    ['IPv6 unique local', 'http://[fd00::1]/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['unspecified', 'http://0.0.0.0/'],
    ['unspecified, as 0', 'http://0/'],
    ['IPv6 unspecified', 'http://[::]/'],
    ['multicast', 'http://224.0.0.1/'],
    ['broadcast', 'http://255.255.255.255/'],
    ['an allowed host on another port', 'http://127.0.0.1:10/'],
  ];
  for (const [what, webhookUrl] of refused) {
    it(`refuses ${what} (${webhookUrl}) with 400 naming webhookUrl, and stores no job`, async () => {
      const res = await submit(t.app, { problem: tiny, webhookUrl });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = res.json<ProblemBody>();
      expect(body.code).toBe('TD_ERR_VALIDATION');
      expect(body.errors?.map((e) => e.path)).toEqual(['webhookUrl']);
      expect(body.errors?.[0]?.message).toMatch(/WEBHOOK_ALLOW_HOSTS/);
      expect(body.detail).toContain('webhookUrl: host ');
      const list = (await t.app.inject({ url: '/v1/jobs?limit=500' })).json<{ jobs: JobView[] }>();
      expect(list.jobs).toHaveLength(accepted);
    });
  }

  const allowed: Array<[string, string]> = [
    ['a name (checked when resolved, at delivery)', 'https://hooks.example.invalid/territory'],
    ['an allowed host:port', `http://127.0.0.1:${ALLOWED_PORT}/hooks`],
    ['an allowed host:port written as a decimal number', `http://2130706433:${ALLOWED_PORT}/hooks`],
    ['an allowed localhost:port', `http://localhost:${ALLOWED_PORT}/hooks`],
    ['an allowed IPv6 host:port', `http://[::1]:${ALLOWED_PORT}/hooks`],
  ];
  for (const [what, webhookUrl] of allowed) {
    it(`accepts ${what} (${webhookUrl})`, async () => {
      const res = await submit(t.app, { problem: tiny, webhookUrl });
      expect(res.statusCode).toBe(202);
      accepted++;
    });
  }
});
