/**
 * Delivering a webhook (src/jobs/webhook.ts) over real sockets to real receivers on loopback, with
 * real DNS (`localhost` from the system resolver): targets that resolve inside the network are
 * refused and never retried, allowed ones get signed deliveries (Standard Webhooks, recomputed here
 * from the documented algorithm), redirects are never followed. And the runner refuses a job stored
 * before these rules whose URL points at loopback.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseAllowList } from '../../src/jobs/webhook-allow.ts';
import { SqliteJobStore } from '../../src/jobs/sqlite-store.ts';
import { deliverWebhook, type WebhookBody } from '../../src/jobs/webhook.ts';
import { parseProblem } from '../../solver/index.ts';
import { buildTestApp, getJob, readFixture } from './support/app.ts';
import { captureLogs, type LogCapture } from './support/logs.ts';
import { startHookReceiver, type HookReceiver, type ReceivedHook } from './support/net.ts';

const SECRET = `whsec_${Buffer.from('a secret of at least 24 bytes, for tests').toString('base64')}`;

const BODY: WebhookBody = {
  id: 'job-1',
  status: 'succeeded',
  plan: true,
  solver: { status: 'optimal', objective: 1, bound: 1, gap: 0, message: null },
  error: null,
  links: { job: '/v1/jobs/job-1', result: '/v1/jobs/job-1/result' },
};

/**
 * Standard Webhooks verification as docs/api.md gives it: HMAC-SHA256 keyed with the base64 part of
 * the secret, over `${id}.${timestamp}.${body}`, base64, prefixed `v1,`.
 */
function expectSigned(hook: ReceivedHook, secret: string): void {
  const id = hook.headers['webhook-id'] as string;
  const timestamp = hook.headers['webhook-timestamp'] as string;
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${hook.body}`).digest('base64');
  expect(hook.headers['webhook-signature']).toBe(`v1,${expected}`);
}

const seconds = () => Math.floor(Date.now() / 1000);

describe('webhook delivery', () => {
  const receivers: HookReceiver[] = [];
  let logs: LogCapture;

  async function receiver(options: Parameters<typeof startHookReceiver>[0] = {}) {
    const r = await startHookReceiver(options);
    receivers.push(r);
    return r;
  }

  function deliver(url: string, allow: string, attempts = 3) {
    logs = captureLogs('debug');
    return deliverWebhook({ url, body: BODY, secret: SECRET }, { attempts, backoffMs: 10, allow: parseAllowList(allow), log: logs.pino });
  }

  const refusals = () => logs.lines.filter((l) => l.msg.startsWith('webhook target refused'));
  const failures = () => logs.lines.filter((l) => l.msg === 'webhook attempt failed');

  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  it('refuses a name that resolves to loopback (localhost) at once, without retrying, and sends nothing', async () => {
    const r = await receiver();
    const port = new URL(r.url).port;
    expect(await deliver(`http://localhost:${port}/hooks/territory`, '')).toBe('refused');
    expect(r.received).toEqual([]);
    expect(refusals()).toHaveLength(1);
    expect(refusals()[0]!.reason).toMatch(/^host localhost resolves to .*loopback/);
    expect(failures()).toEqual([]);
  });

  it('refuses literal internal addresses in any spelling at delivery too (jobs stored before the rules)', async () => {
    const r = await receiver();
    const port = new URL(r.url).port;
    for (const url of [`http://2130706433:${port}/`, `http://0x7f.1:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, 'http://169.254.169.254/latest/meta-data/']) {
      expect(await deliver(url, '')).toBe('refused');
      expect(failures()).toEqual([]);
    }
    expect(r.received).toEqual([]);
  });

  it('does not let an allowed IP allow a name that resolves to it', async () => {
    const r = await receiver();
    const host = new URL(r.url).host;
    expect(await deliver(r.url.replace('127.0.0.1', 'localhost'), host)).toBe('refused');
    expect(r.received).toEqual([]);
  });

  it('delivers to an allowed host:port, signed: webhook-id, webhook-timestamp (unix seconds) and a v1 signature that verifies', async () => {
    const r = await receiver();
    const before = seconds();
    expect(await deliver(r.url, new URL(r.url).host)).toBe('delivered');
    const after = seconds();
    expect(r.received).toHaveLength(1);
    const hook = r.received[0]!;
    expect(hook.method).toBe('POST');
    expect(hook.headers['content-type']).toBe('application/json');
    expect(JSON.parse(hook.body)).toEqual(BODY);
    expect(hook.headers['webhook-id']).toMatch(/^msg_[0-9a-f-]{36}$/);
    const timestamp = Number(hook.headers['webhook-timestamp']);
    expect(Number.isInteger(timestamp)).toBe(true);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(after);
    expectSigned(hook, SECRET);
  });

  it('delivers to an allowed name, resolved and connected to the checked address', async () => {
    const r = await receiver();
    const port = new URL(r.url).port;
    expect(await deliver(`http://localhost:${port}/hooks/territory`, `localhost:${port}`)).toBe('delivered');
    expect(r.received).toHaveLength(1);
    expect(r.received[0]!.headers.host).toBe(`localhost:${port}`);
  });

  it('keeps webhook-id across retries and signs each attempt anew', async () => {
    const flaky = await receiver({ failFirst: 2 });
    expect(await deliver(flaky.url, new URL(flaky.url).host)).toBe('delivered');
    const attempts = [...flaky.refused, ...flaky.received];
    expect(attempts).toHaveLength(3);
    const ids = new Set(attempts.map((h) => h.headers['webhook-id']));
    expect(ids.size).toBe(1);
    for (const hook of attempts) expectSigned(hook, SECRET);
    expect(failures().map((l) => l.status)).toEqual([503, 503]);
  });

  it('does not follow a redirect, even to an allowed listener: a 307 is a failed attempt', async () => {
    const inner = await receiver();
    const redirecting = await receiver({ redirectTo: inner.url });
    const allow = [inner, redirecting].map((r) => new URL(r.url).host).join(',');
    expect(await deliver(redirecting.url, allow, 2)).toBe('given up');
    expect(redirecting.refused).toHaveLength(2);
    expect(inner.received).toEqual([]);
    expect(failures().map((l) => [l.status, l.reason])).toEqual([[307, 'answered 307 (redirects are not followed)'], [307, 'answered 307 (redirects are not followed)']]);
  });

  it('never logs credentials or the query string of a webhook URL', async () => {
    const r = await receiver();
    const url = new URL(r.url);
    url.username = 'hookuser';
    url.password = 'hookpass';
    url.search = '?token=querytoken';
    expect(await deliver(url.href, url.host)).toBe('delivered');
    expect(r.received[0]!.headers.authorization).toBe(`Basic ${Buffer.from('hookuser:hookpass').toString('base64')}`);
    expect(logs.text()).not.toMatch(/hookuser|hookpass|querytoken/);
  });
});

describe('the runner at delivery', () => {
  let dataDir: string | undefined;
  let hooks: (HookReceiver & { refused: ReceivedHook[] }) | undefined;

  afterAll(async () => {
    await hooks?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses the loopback webhook of a job queued before the rules, and the receiver gets nothing', async () => {
    hooks = await startHookReceiver();
    dataDir = mkdtempSync(join(tmpdir(), 'territory-webhook-'));
    // A job as an older version stored it: its URL was never checked at submission.
    const parsed = parseProblem(readFixture('tiny.json'));
    if (!parsed.ok) throw new Error('tiny.json is invalid');
    const store = new SqliteJobStore(dataDir);
    const legacyUrl = hooks.url.replace('127.0.0.1', 'localhost');
    const { job } = await store.create({ problem: parsed.problem, timeLimitSeconds: 30, webhookUrl: legacyUrl });
    await store.close();

    const logs = captureLogs();
    const t = await buildTestApp({ WEBHOOK_BACKOFF_MS: '10' }, { dataDir, logger: logs.logger });
    try {
      const refused = await logs.waitFor((l) => l.jobId === job.id && l.msg.startsWith('webhook target refused'), 60_000);
      expect(refused.reason).toMatch(/loopback/);
      expect((await getJob(t.app, job.id)).status).toBe('succeeded');
      expect(hooks.received).toEqual([]);
      expect(hooks.refused).toEqual([]);
      expect(logs.lines.filter((l) => l.jobId === job.id && /^webhook (attempt failed|delivered)/.test(l.msg))).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
