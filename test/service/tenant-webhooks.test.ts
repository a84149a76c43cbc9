/**
 * Each tenant's webhooks are signed with its own secret (derived from the service's), which
 * `territory keys webhook-secret --tenant <name>` prints: a receiver holding tenant A's secret cannot
 * be fooled by a delivery signed for tenant B.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keysCommand } from '../../src/cli/keys.ts';
import { generateSecret, secretKey } from '../../src/jobs/webhook-signature.ts';
import { buildTestApp, readFixture, type JobView, type TestApp } from './support/app.ts';
import { startHookReceiver, type HookReceiver } from './support/net.ts';

const A = 'td_hooks_a_0123456789abcdefghijklmnopq';
const B = 'td_hooks_b_0123456789abcdefghijklmnopq';
const SERVICE_SECRET = generateSecret();

/** Standard Webhooks verification, written out as a receiver would. */
function verifies(secret: string, headers: Record<string, string | string[] | undefined>, body: string): boolean {
  const expected = createHmac('sha256', secretKey(secret)).update(`${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`).digest('base64');
  return String(headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

describe('per-tenant webhook secrets', () => {
  let t: TestApp;
  let hooks: HookReceiver;

  beforeAll(async () => {
    hooks = await startHookReceiver();
    t = await buildTestApp({ API_KEYS: `a:${A},b:${B}`, WEBHOOK_SECRET: SERVICE_SECRET, WEBHOOK_ALLOW_HOSTS: new URL(hooks.url).host, WEBHOOK_BACKOFF_MS: '50' });
  });

  afterAll(async () => {
    await t?.close();
    await hooks?.close();
  });

  const secretOf = async (tenant: string) => {
    const lines: string[] = [];
    expect(await keysCommand(['webhook-secret', '--tenant', tenant], t.config, (l) => lines.push(l))).toBe(0);
    return lines[0]!;
  };

  it('signs each tenant\'s deliveries with the secret the command line gives for it, and only with that', async () => {
    const secretA = await secretOf('a');
    const secretB = await secretOf('b');
    expect(secretA).toMatch(/^whsec_/);
    expect(secretA).not.toBe(secretB);
    expect(secretA).not.toBe(SERVICE_SECRET);
    const res = await t.app.inject({ method: 'POST', url: '/v1/jobs', headers: { authorization: `Bearer ${A}` }, payload: { problem: readFixture('tiny.json'), webhookUrl: hooks.url } });
    expect(res.statusCode).toBe(202);
    const hook = await hooks.waitFor(res.json<JobView>().id);
    expect(verifies(secretA, hook.headers, hook.body)).toBe(true);
    expect(verifies(secretB, hook.headers, hook.body)).toBe(false);
    expect(verifies(SERVICE_SECRET, hook.headers, hook.body)).toBe(false);
  });

  it('the default tenant (no keys) signs with the service secret itself', async () => {
    expect(await secretOf('default')).toBe(SERVICE_SECRET);
  });
});
