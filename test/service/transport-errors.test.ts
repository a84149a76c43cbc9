/**
 * Errors raised before any route runs, on a real server listening on 127.0.0.1: a path parameter
 * over the router's limit, a path that is not valid percent-encoding, headers over Node's size
 * limit, bytes that are not HTTP. Each is application/problem+json with a registry code and a
 * request id, like every other error.
 */
import { maxHeaderSize } from 'node:http';
import type { AddressInfo } from 'node:net';
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
