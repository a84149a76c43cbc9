/**
 * The service-wide webhook secret: generated at first start into DATA_DIR/webhook-secret (0600),
 * the same after a restart on the same DATA_DIR (deliveries verify with it), WEBHOOK_SECRET when
 * set, and a start that fails loudly on a damaged file. The secret itself never reaches the log.
 */
import { createHmac } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServiceSecret, SECRET_FILE } from '../../src/jobs/webhook-secret.ts';
import { buildTestApp, readFixture, submitOk } from './support/app.ts';
import { captureLogs } from './support/logs.ts';
import { startHookReceiver, type HookReceiver, type ReceivedHook } from './support/net.ts';

const tiny = readFixture('tiny.json');

/** The documented verification (docs/api.md): HMAC-SHA256 keyed with the secret's base64 part. */
function signatureOf(secret: string, hook: ReceivedHook): string {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signed = `${String(hook.headers['webhook-id'])}.${String(hook.headers['webhook-timestamp'])}.${hook.body}`;
  return `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
}

describe('the webhook secret', () => {
  const dirs: string[] = [];
  let hooks: HookReceiver;

  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'territory-secret-'));
    dirs.push(d);
    return d;
  };

  beforeAll(async () => {
    hooks = await startHookReceiver();
  });

  afterAll(async () => {
    await hooks?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('is generated at first start (0600, whsec_ + 32 bytes), kept across a restart on the same DATA_DIR, and signs deliveries', async () => {
    const dataDir = tempDir();
    const env = { WEBHOOK_ALLOW_HOSTS: new URL(hooks.url).host };
    const path = join(dataDir, SECRET_FILE);

    const firstLogs = captureLogs();
    const first = await buildTestApp(env, { dataDir, logger: firstLogs.logger });
    await first.close();
    const secret = readFileSync(path, 'utf8').trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const generated = firstLogs.lines.filter((l) => /generated a webhook signing secret/.test(l.msg));
    expect(generated).toHaveLength(1);
    expect(generated[0]!.msg).toContain(path);
    expect(firstLogs.text()).not.toContain(secret.slice(6));

    const secondLogs = captureLogs();
    const second = await buildTestApp(env, { dataDir, logger: secondLogs.logger });
    try {
      expect(readFileSync(path, 'utf8').trim()).toBe(secret);
      expect(secondLogs.lines.filter((l) => /generated/.test(l.msg))).toEqual([]);
      const job = await submitOk(second.app, { problem: tiny, webhookUrl: hooks.url });
      const hook = await hooks.waitFor(job.id);
      expect(hook.headers['webhook-signature']).toBe(signatureOf(secret, hook));
      expect(secondLogs.text()).not.toContain(secret.slice(6));
    } finally {
      await second.close();
    }
  });

  it('is WEBHOOK_SECRET when set: deliveries verify with it and no file is written', async () => {
    const configured = `whsec_${Buffer.alloc(32, 42).toString('base64')}`;
    const dataDir = tempDir();
    const t = await buildTestApp({ WEBHOOK_SECRET: configured, WEBHOOK_ALLOW_HOSTS: new URL(hooks.url).host }, { dataDir });
    try {
      const job = await submitOk(t.app, { problem: tiny, webhookUrl: hooks.url });
      const hook = await hooks.waitFor(job.id);
      expect(hook.headers['webhook-signature']).toBe(signatureOf(configured, hook));
      expect(existsSync(join(dataDir, SECRET_FILE))).toBe(false);
    } finally {
      await t.close();
    }
  });

  it('fails the start on a damaged secret file, naming the file and not replacing it', () => {
    const dataDir = tempDir();
    const path = join(dataDir, SECRET_FILE);
    writeFileSync(path, 'not a secret\n', { mode: 0o600 });
    const logs = captureLogs();
    expect(() => loadServiceSecret({ dataDir, webhookSecret: null }, logs.pino)).toThrow(`${path} does not hold a webhook secret`);
    expect(readFileSync(path, 'utf8')).toBe('not a secret\n');
  });

  it('warns when the stored file is readable by other users', () => {
    const dataDir = tempDir();
    const first = loadServiceSecret({ dataDir, webhookSecret: null }, captureLogs().pino);
    chmodSync(join(dataDir, SECRET_FILE), 0o644);
    const logs = captureLogs();
    expect(loadServiceSecret({ dataDir, webhookSecret: null }, logs.pino)).toBe(first);
    expect(logs.lines.some((l) => l.level === 40 && /readable by other users/.test(l.msg))).toBe(true);
  });
});
