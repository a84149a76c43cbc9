/**
 * Errors raised before any route runs, on a real server listening on 127.0.0.1: a path parameter
 * over the router's limit, a path that is not valid percent-encoding, headers over Node's size
 * limit, bytes that are not HTTP. Each is application/problem+json with a registry code and a
 * request id, like every other error.
 */
import { maxHeaderSize } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Errors } from '../../src/errors.ts';
import { buildTestApp, type ProblemBody, type TestApp } from './support/app.ts';
import { rawRequest, type RawResponse } from './support/raw-http.ts';

function problemOf(res: RawResponse, status: number, code: string): ProblemBody {
  expect(res.status, res.raw.slice(0, 500)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['x-request-id']).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
  const body = JSON.parse(res.body) as ProblemBody;
  expect(body).toMatchObject({ status, code, type: `urn:territory:error:${code}` });
  expect(typeof body.detail).toBe('string');
  return body;
}

describe('errors before routing, on a real socket', () => {
  let t: TestApp;
  let port: number;
  const get = (path: string, extraHeaders = '') => rawRequest(port, `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extraHeaders}Connection: close\r\n\r\n`);

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '1', SHUTDOWN_GRACE_SECONDS: '1' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('an id over 100 characters is 414 TD_ERR_PATH_PARAM_TOO_LONG on every route with an id; 100 is looked up', async () => {
    const long = 'j'.repeat(101);
    for (const path of [`/v1/jobs/${long}`, `/v1/jobs/${long}/result`, `/v1/jobs/${long}/events`, `/v1/scenarios/${long}`]) {
      const body = problemOf(await get(path), 414, 'TD_ERR_PATH_PARAM_TOO_LONG');
      expect(body.detail).toBe(new Errors.PathParamTooLong(100).message);
      expect(body.detail).not.toContain(long);
    }
    problemOf(await rawRequest(port, `DELETE /v1/jobs/${long} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`), 414, 'TD_ERR_PATH_PARAM_TOO_LONG');
    problemOf(await get(`/v1/jobs/${'j'.repeat(100)}`), 404, 'TD_ERR_JOB_NOT_FOUND');
  });

  it('a path that is not valid percent-encoding is 400 TD_ERR_BAD_URL', async () => {
    for (const path of ['/v1/jobs/%E0%A4%A', '/v1/jobs/%zz', '/v1/scenarios/%C3']) {
      problemOf(await get(path), 400, 'TD_ERR_BAD_URL');
    }
  });

  it(`headers over Node's limit (${maxHeaderSize} bytes) are 431 TD_ERR_HEADERS_TOO_LARGE, and the server goes on`, async () => {
    const res = await get('/health', `x-padding: ${'p'.repeat(maxHeaderSize + 1024)}\r\n`);
    const body = problemOf(res, 431, 'TD_ERR_HEADERS_TOO_LARGE');
    expect(body.detail).toBe(new Errors.HeadersTooLarge(maxHeaderSize).message);
    expect(res.closed).toBe(true);
    expect((await get('/health')).status).toBe(200);
  });

  it('bytes that are not HTTP are 400 TD_ERR_BAD_REQUEST', async () => {
    problemOf(await rawRequest(port, 'HELLO THERE\r\n\r\n'), 400, 'TD_ERR_BAD_REQUEST');
    problemOf(await rawRequest(port, 'GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'), 400, 'TD_ERR_BAD_REQUEST');
  });
});

describe('slow clients and the connection cap, on a real socket', () => {
  let t: TestApp;
  let port: number;
  const open: Socket[] = [];

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '1', SHUTDOWN_GRACE_SECONDS: '1', HEADERS_TIMEOUT_SECONDS: '1', REQUEST_TIMEOUT_SECONDS: '2', MAX_CONNECTIONS: '3' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    for (const s of open) s.destroy();
    await t?.close();
  });

  it('closes a connection whose headers never end with 408 TD_ERR_REQUEST_TIMEOUT', async () => {
    // HEADERS_TIMEOUT_SECONDS=1; the wait allows for a loaded machine, the check is that it ends.
    const res = await rawRequest(port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n', { timeoutMs: 20_000 });
    expect(res.closed).toBe(true);
    problemOf(res, 408, 'TD_ERR_REQUEST_TIMEOUT');
  });

  it('closes a connection whose body never ends with 408 TD_ERR_REQUEST_TIMEOUT', async () => {
    const res = await rawRequest(port, 'POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"problem":', { timeoutMs: 20_000 });
    expect(res.closed).toBe(true);
    problemOf(res, 408, 'TD_ERR_REQUEST_TIMEOUT');
  });

  it('answers a connection beyond MAX_CONNECTIONS with 503 and closes it; drops those beyond twice the cap; takes new ones when others have gone', async () => {
    // Three keep-alive connections, each with an answered request, so the server holds all three.
    const held = await Promise.all([0, 1, 2].map(() => keepAlive(port)));
    open.push(...held);
    const refused = await rawRequest(port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n', { timeoutMs: 20_000 });
    expect(refused.closed).toBe(true);
    problemOf(refused, 503, 'TD_ERR_TOO_MANY_CONNECTIONS');
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.headers.connection).toBe('close');
    // Up to twice the cap are held to be answered; the seventh is dropped as it arrives.
    const over = await Promise.all([0, 1, 2].map(() => connected(port)));
    open.push(...over);
    const dropped = await rawRequest(port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', { timeoutMs: 20_000 });
    expect(dropped.closed).toBe(true);
    expect(dropped.status).toBeNull();
    for (const s of [...held, ...over]) s.destroy();
    // The server counts a connection as gone once it has seen it close.
    let status: number | null = null;
    for (let attempt = 0; attempt < 200 && status !== 200; attempt++) {
      status = (await rawRequest(port, 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', { timeoutMs: 20_000 })).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe(200);
  });
});

/** A connection that has been accepted (connected), with nothing sent on it. */
function connected(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('error', reject);
    socket.once('connect', () => resolve(socket));
  });
}

/** A connection with one answered keep-alive request, left open. */
function keepAlive(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('error', reject);
    socket.once('data', () => resolve(socket));
    socket.on('connect', () => socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n'));
  });
}
