/**
 * A bounded, seeded fuzz of every route: a few thousand hostile requests through app.inject
 * (mutated problems, scenario variants and patches, random JSON, bodies that are not JSON or not
 * UTF-8, deep nesting, odd ids, query strings and headers), then a few hundred raw HTTP/1.1 requests
 * to the same app listening on 127.0.0.1. It asserts that nothing gets a 5xx and that every error
 * is application/problem+json with a registry code, answered with that code's status. The counts are
 * fixed (the run ends by itself, whatever the machine's speed); a failure names the seed and request.
 */
import type { AddressInfo } from 'node:net';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Errors } from '../../src/errors.ts';
import { buildTestApp, readFixture, type ProblemBody, type TestApp } from './support/app.ts';
import { Fuzz } from './support/fuzz-inputs.ts';
import { rawRequest } from './support/raw-http.ts';

const SEED = 202_408;
const INJECTED = 4000;
const RAW = 400;

/** Registry code -> HTTP status. */
const STATUS_OF = new Map(Object.values(Errors).map((E) => {
  const e = new (E as unknown as new () => Error & { code: string; statusCode: number })();
  return [e.code, e.statusCode] as const;
}));

/** What is wrong with one answer, or null. */
function judge(status: number, contentType: string | undefined, body: string, method: string): string | null {
  if (status >= 500) return `status ${status}: ${body.slice(0, 300)}`;
  if (status < 400) return null;
  if (!/^application\/problem\+json/.test(contentType ?? '')) return `status ${status} with content-type ${contentType}: ${body.slice(0, 200)}`;
  if (method === 'HEAD') return null;
  let problem: ProblemBody;
  try {
    problem = JSON.parse(body) as ProblemBody;
  } catch {
    return `status ${status}: the body is not JSON: ${body.slice(0, 200)}`;
  }
  if (!STATUS_OF.has(problem.code)) return `status ${status}: code ${problem.code} is not in the registry`;
  if (STATUS_OF.get(problem.code) !== status) return `status ${status} with ${problem.code}, whose status is ${STATUS_OF.get(problem.code)}`;
  if (problem.status !== status || problem.type !== `urn:territory:error:${problem.code}`) return `status ${status}: inconsistent problem ${body.slice(0, 200)}`;
  if (/\n\s+at |node_modules|\.ts:\d+/.test(body)) return `status ${status}: a stack trace or source path in ${body.slice(0, 300)}`;
  return null;
}

function describeRequest(r: InjectOptions): string {
  const payload = typeof r.payload === 'string' ? r.payload : Buffer.isBuffer(r.payload) ? r.payload.toString('latin1') : '';
  return `${r.method} ${String(r.url).slice(0, 160)} ${JSON.stringify(r.headers ?? {}).slice(0, 200)} ${payload.slice(0, 300)}`;
}

describe(`fuzz (seed ${SEED}: ${INJECTED} injected and ${RAW} raw requests)`, () => {
  let t: TestApp;
  const fuzz = new Fuzz(SEED, readFixture('tiny.json'));
  const failures: string[] = [];
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    // Short time limits keep the solves of inputs that stay valid small; the queue never fills.
    t = await buildTestApp({
      POOL_SIZE: '1', QUEUE_MAX: '100000', MAX_TIME_LIMIT_SECONDS: '0.3', SYNC_TIME_LIMIT_SECONDS: '0.3', SYNC_MAX_ACCOUNTS: '40',
      BODY_LIMIT_BYTES: String(256 * 1024), WEBHOOK_ATTEMPTS: '1', SHUTDOWN_GRACE_SECONDS: '1', HEADERS_TIMEOUT_SECONDS: '2', REQUEST_TIMEOUT_SECONDS: '3',
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers every injected request below 500, every error as problem+json with a registry code', async () => {
    for (let n = 0; n < INJECTED; n++) {
      const request = fuzz.request();
      let res;
      try {
        res = await t.app.inject(request);
      } catch (err) {
        failures.push(`#${n} inject threw ${(err as Error).message}: ${describeRequest(request)}`);
        continue;
      }
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      const wrong = judge(res.statusCode, res.headers['content-type'] as string | undefined, res.body, String(request.method));
      if (wrong) failures.push(`#${n} ${wrong}\n    request: ${describeRequest(request)}`);
      if (res.statusCode === 202 && res.headers['content-type']?.toString().startsWith('application/json')) {
        const created = res.json<{ id: string; variants?: unknown }>();
        (created.variants ? fuzz.scenarioIds : fuzz.jobIds).push(created.id);
      }
    }
    expect(failures.slice(0, 20), `${failures.length} bad answers; statuses ${JSON.stringify([...statuses])}`).toEqual([]);
    // The fuzz reached the handlers, not only the parsers.
    expect(statuses.get(400)).toBeGreaterThan(100);
    expect((statuses.get(200) ?? 0) + (statuses.get(202) ?? 0)).toBeGreaterThan(50);
  });

  it('answers every raw request on 127.0.0.1 below 500, every error as problem+json with a registry code', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    for (let n = 0; n < RAW; n++) {
      const bytes = fuzz.rawRequest();
      const res = await rawRequest(port, bytes, { timeoutMs: 15_000 });
      const line = bytes.toString('latin1').split('\r\n')[0]!.slice(0, 120);
      if (!res.closed) failures.push(`raw #${n}: no answer within 15 s: ${line}`);
      else if (res.status === null) failures.push(`raw #${n}: closed without an answer: ${line}`);
      else {
        const wrong = judge(res.status, res.headers['content-type'], res.body, line.split(' ')[0]!);
        if (wrong) failures.push(`raw #${n} ${wrong}\n    request: ${line}`);
      }
    }
    expect(failures.slice(0, 20), `${failures.length} bad answers`).toEqual([]);
    expect((await rawRequest(port, 'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).status).toBe(200);
    expect((await t.app.inject({ url: '/ready' })).statusCode).toBe(200);
  });
});
