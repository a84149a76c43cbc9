/**
 * During shutdown every route answers 503 TD_ERR_SHUTTING_DOWN as problem+json with Retry-After
 * and Connection: close (it was Fastify's plain JSON 503), on a real server on 127.0.0.1. The
 * shutdown is held open by a preClose hook of the test, so nothing depends on timing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { readFixture, type ProblemBody } from './support/app.ts';
import { rawRequest } from './support/raw-http.ts';

describe('shutdown', () => {
  let app: FastifyInstance;
  let dataDir: string;
  let port: number;
  let release: () => void = () => {};
  let closed: Promise<void> | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'territory-shutdown-'));
    app = await buildApp(loadConfig({ POOL_SIZE: '1', SHUTDOWN_GRACE_SECONDS: '1', LOG_LEVEL: 'silent', DATA_DIR: dataDir }));
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let begun: () => void = () => {};
    const closing = new Promise<void>((resolve) => {
      begun = resolve;
    });
    // Runs after the app's own preClose hooks (registered first), and keeps the server listening.
    app.addHook('preClose', async () => {
      begun();
      await held;
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
    expect((await rawRequest(port, 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).status).toBe(200);
    closed = app.close();
    await closing;
  });

  afterAll(async () => {
    release();
    await closed;
    rmSync(dataDir, { recursive: true, force: true });
  });

  const body = JSON.stringify({ problem: readFixture('tiny.json') });
  const requests: Array<[string, string]> = [
    ['GET /health', ''],
    ['GET /ready', ''],
    ['GET /metrics', ''],
    ['GET /docs/json', ''],
    ['GET /v1/jobs', ''],
    ['GET /v1/jobs/some-id', ''],
    ['DELETE /v1/jobs/some-id', ''],
    ['GET /v1/scenarios/some-id', ''],
    ['POST /v1/jobs', body],
    ['POST /v1/solve', body],
    ['POST /v1/scenarios', '{}'],
    ['POST /v1/compliance', body],
    ['POST /v1/evaluate', JSON.stringify({ problem: readFixture('tiny.json'), assignments: [] })],
    ['GET /no-such-route', ''],
  ];
  for (const [line, payload] of requests) {
    it(`${line}: 503 TD_ERR_SHUTTING_DOWN, problem+json, Retry-After, Connection: close`, async () => {
      const head = `${line} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${payload ? `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n` : ''}\r\n`;
      const res = await rawRequest(port, head + payload);
      expect(res.status, res.raw.slice(0, 300)).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.headers.connection).toBe('close');
      expect(res.headers['x-request-id']).toBeTruthy();
      const problem = JSON.parse(res.body) as ProblemBody;
      expect(problem).toMatchObject({ status: 503, code: 'TD_ERR_SHUTTING_DOWN', type: 'urn:territory:error:TD_ERR_SHUTTING_DOWN' });
    });
  }
});
