/**
 * API keys: without any key the service is open (and server.ts keeps it on loopback); once a key
 * exists every route but the probes and the docs needs one, a wrong or revoked key is 401
 * problem+json, and /metrics takes METRICS_KEY.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKeyStore } from '../../src/jobs/open-stores.ts';
import { isLoopback, listenHost } from '../../src/auth/listen-host.ts';
import { keysCommand } from '../../src/cli/keys.ts';
import { buildTestApp, readFixture, type ProblemBody, type TestApp } from './support/app.ts';
import { ROOT, tempDataDir } from './support/server-process.ts';

const tiny = readFixture('tiny.json');
const ACME_KEY = 'td_acme_0123456789abcdefghijklmnopqrstuv';

describe('with API keys', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ API_KEYS: `acme:${ACME_KEY}`, METRICS_KEY: 'metrics-key-0123456789' });
  });

  afterAll(async () => {
    await t?.close();
  });

  const get = (url: string, key?: string) => t.app.inject({ url, ...(key ? { headers: { authorization: `Bearer ${key}` } } : {}) });

  it('answers 401 problem+json with WWW-Authenticate without a key, and with a wrong one', async () => {
    for (const key of [undefined, 'td_not-a-key-000000000000000000000000']) {
      const res = await get('/v1/jobs', key);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.json<ProblemBody>().code).toBe('TD_ERR_UNAUTHORIZED');
    }
    const submit = await t.app.inject({ method: 'POST', url: '/v1/jobs', payload: { problem: tiny } });
    expect(submit.statusCode).toBe(401);
    expect((await get('/v1/jobs', ACME_KEY)).json<{ jobs: unknown[] }>().jobs).toEqual([]);
  });

  it('accepts the key from API_KEYS, and keeps the probes and the docs open', async () => {
    expect((await get('/v1/jobs', ACME_KEY)).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'POST', url: '/v1/jobs', headers: { authorization: `Bearer ${ACME_KEY}` }, payload: { problem: tiny } });
    expect(res.statusCode).toBe(202);
    for (const url of ['/health', '/ready', '/', '/docs/json']) expect((await get(url)).statusCode, url).toBe(200);
  });

  it('protects /metrics with METRICS_KEY, not with a tenant key', async () => {
    expect((await get('/metrics')).statusCode).toBe(401);
    expect((await get('/metrics', ACME_KEY)).statusCode).toBe(401);
    expect((await get('/metrics', 'metrics-key-0123456789')).statusCode).toBe(200);
  });

  it('sees a key created and revoked on the command line while it runs', async () => {
    const lines: string[] = [];
    expect(await keysCommand(['create', '--tenant', 'beta'], t.config, (l) => lines.push(l))).toBe(0);
    const key = lines.find((l) => l.startsWith('key: '))!.slice(5);
    const id = lines[0]!.split(' ')[1]!;
    expect((await get('/v1/jobs', key)).statusCode).toBe(200);
    expect(await keysCommand(['revoke', id], t.config, () => {})).toBe(0);
    expect((await get('/v1/jobs', key)).statusCode).toBe(401);
  });

  it('stores keys only as hashes', async () => {
    const keys = await openKeyStore(t.config);
    try {
      expect(JSON.stringify(await keys.list())).not.toContain(ACME_KEY);
      expect(await keys.tenantOf(ACME_KEY)).toBe('acme');
    } finally {
      await keys.close();
    }
  });
});

describe('without any key', () => {
  it('is open: requests need no header', async () => {
    const t = await buildTestApp();
    try {
      expect((await t.app.inject({ url: '/v1/jobs' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('closes the open mode as soon as a key is created', async () => {
    const t = await buildTestApp();
    try {
      await keysCommand(['create', '--tenant', 'first'], t.config, () => {});
      expect((await t.app.inject({ url: '/v1/jobs' })).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });
});

describe('where the service may listen', () => {
  it('defaults to loopback without a key and to every interface with one', () => {
    expect(listenHost(null, false)).toEqual({ ok: true, host: '127.0.0.1', secured: false });
    expect(listenHost(null, true)).toEqual({ ok: true, host: '0.0.0.0', secured: true });
    expect(listenHost('::1', false)).toMatchObject({ ok: true, host: '::1' });
  });

  it('refuses a non-loopback HOST without a key, saying how to create one', () => {
    const out = listenHost('0.0.0.0', false);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.message).toContain('territory keys create --tenant');
    for (const host of ['127.0.0.1', '127.8.9.1', 'localhost', '[::1]', '::ffff:127.0.0.1']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '10.0.0.1', '::', 'example.com', '128.0.0.1']) expect(isLoopback(host), host).toBe(false);
  });

  it('the real server exits 2 with that message on HOST=0.0.0.0 and no key', () => {
    const data = tempDataDir();
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        cwd: ROOT,
        env: { ...process.env, HOST: '0.0.0.0', PORT: '0', DATA_DIR: data.dir, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('refusing to start');
      expect(run.stderr).toContain('territory keys create --tenant <name>');
    } finally {
      data.remove();
    }
  });
});

describe('the OpenAPI document and keys', () => {
  it('declares the Bearer key for the API and none for the probes and the landing page', async () => {
    const t = await buildTestApp();
    try {
      const doc = (await t.app.inject({ url: '/docs/json' })).json<{
        components: { securitySchemes: Record<string, { type: string; scheme: string }> };
        security: unknown[];
        paths: Record<string, Record<string, { security?: unknown[] }>>;
      }>();
      expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(doc.security).toEqual([{ apiKey: [] }]);
      for (const path of ['/health', '/ready', '/']) expect(doc.paths[path]!.get!.security, path).toEqual([]);
      expect(doc.paths['/v1/jobs']!.post!.security).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
