/**
 * Large bodies (above OFFTHREAD_BODY_BYTES) are parsed and validated in the parse thread: the answers
 * are the ones the main-thread path gives, byte for byte, and the event loop stays free meanwhile.
 * Each tenant's body bytes in flight are capped (TENANT_INFLIGHT_BODY_BYTES).
 */
import { jobProblem } from '../../src/jobs/job-problem.ts';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProblemInput } from '../../solver/index.ts';
import { buildTestApp, pollUntil, readFixture, type ProblemBody, type TestApp } from './support/app.ts';
import { wideProblem } from './support/wide-problem.ts';

const MIB = 1024 * 1024;
/** The default threshold: bodies padded past it take the parse thread. */
const THRESHOLD = MIB;

/** The document as bytes, padded with trailing whitespace (insignificant in JSON) to `size`. */
function padded(text: string | Buffer, size: number): Buffer {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  return Buffer.concat([bytes, Buffer.alloc(Math.max(0, size - bytes.length), ' ')]);
}

function deep(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

describe('large bodies answer as small ones do', () => {
  let t: TestApp;
  const tiny = readFixture('tiny.json');

  beforeAll(async () => {
    // 2,000 pairs refused, so the wide problem tests the 413; tiny has 36.
    t = await buildTestApp({ MAX_MODEL_PAIRS: '1000' });
  });

  afterAll(async () => {
    await t?.close();
  });

  const send = (url: string, body: Buffer, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload: body, headers: { 'content-type': 'application/json', ...headers } });

  /** Sends the document below and above the threshold; returns both answers. */
  async function both(url: string, doc: string | Buffer, headers: Record<string, string> = {}): Promise<[LightMyRequestResponse, LightMyRequestResponse]> {
    const before = t.app.parsePool.completed;
    const small = await send(url, padded(doc, 1024), headers);
    expect(t.app.parsePool.completed).toBe(before);
    const large = await send(url, padded(doc, THRESHOLD + 4096), headers);
    // The large one did take the parse thread.
    expect(t.app.parsePool.completed).toBe(before + 1);
    return [small, large];
  }

  function expectSameProblem(small: LightMyRequestResponse, large: LightMyRequestResponse) {
    expect(large.statusCode).toBe(small.statusCode);
    expect(large.headers['content-type']).toBe(small.headers['content-type']);
    expect(large.headers['retry-after']).toBe(small.headers['retry-after']);
    expect(large.json<ProblemBody>()).toEqual(small.json<ProblemBody>());
  }

  const badLat = { ...tiny, accounts: tiny.accounts.map((a, i) => (i === 3 ? { ...a, lat: 'north' } : a)) };
  const unknownLock = { ...tiny, accounts: tiny.accounts.map((a, i) => (i === 0 ? { ...a, lockedRepId: 'nobody' } : a)) };
  const refusals: Array<[string, string, string | Buffer, string]> = [
    // Errors before the padding: JSON.parse's messages name the position.
    ['not JSON', '/v1/jobs', '{"problem": {"name": "x", }}', 'TD_ERR_INVALID_JSON'],
    ['a stray token', '/v1/jobs', '{"problem": nope}', 'TD_ERR_INVALID_JSON'],
    ['not UTF-8', '/v1/jobs', Buffer.concat([Buffer.from('{"problem": {"name": "'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]), 'TD_ERR_INVALID_JSON'],
    ['only whitespace', '/v1/jobs', '', 'TD_ERR_INVALID_JSON'],
    ['a prototype key', '/v1/jobs', '{"problem": {"__proto__": {"x": 1}}}', 'TD_ERR_INVALID_JSON'],
    ['too deep', '/v1/jobs', JSON.stringify({ problem: { ...tiny, crm: deep(100) } }), 'TD_ERR_BODY_TOO_DEEP'],
    ['a bad field', '/v1/jobs', JSON.stringify({ problem: badLat }), 'TD_ERR_VALIDATION'],
    ['many bad fields', '/v1/jobs', JSON.stringify({ problem: { ...tiny, accounts: tiny.accounts.map((a) => ({ ...a, value: 'x' })) }, extra: 1 }), 'TD_ERR_VALIDATION'],
    ['a lock to an unknown rep', '/v1/jobs', JSON.stringify({ problem: unknownLock }), 'TD_ERR_VALIDATION'],
    ['an internal webhook', '/v1/jobs', JSON.stringify({ problem: tiny, webhookUrl: 'http://127.0.0.1/hook' }), 'TD_ERR_VALIDATION'],
    ['a model over MAX_MODEL_PAIRS', '/v1/jobs', JSON.stringify({ problem: wideProblem(100, 20, 5) }), 'TD_ERR_MODEL_TOO_LARGE'],
    ['a bad field (solve)', '/v1/solve', JSON.stringify({ problem: badLat }), 'TD_ERR_VALIDATION'],
    ['a lock to an unknown rep (solve)', '/v1/solve', JSON.stringify({ problem: unknownLock }), 'TD_ERR_VALIDATION'],
    ['not JSON (solve)', '/v1/solve', '[', 'TD_ERR_INVALID_JSON'],
    ['a bad base (scenarios)', '/v1/scenarios', JSON.stringify({ base: badLat, variants: [{ name: 'x' }] }), 'TD_ERR_VALIDATION'],
    ['an invalid base (scenarios)', '/v1/scenarios', JSON.stringify({ base: unknownLock, variants: [{ name: 'x' }] }), 'TD_ERR_VALIDATION'],
    ['bad variants (scenarios)', '/v1/scenarios', JSON.stringify({ base: tiny, variants: [{ name: 'x', removeReps: ['nobody'] }, { name: 'x', lockAccounts: [{ accountId: 'nowhere', repId: 'anna' }] }] }), 'TD_ERR_VALIDATION'],
    ['a base over MAX_MODEL_PAIRS (scenarios)', '/v1/scenarios', JSON.stringify({ base: wideProblem(100, 20, 5), variants: [{ name: 'x' }] }), 'TD_ERR_MODEL_TOO_LARGE'],
  ];

  for (const [what, url, doc, code] of refusals) {
    it(`${url}: ${what} is ${code} either way`, async () => {
      const [small, large] = await both(url, doc);
      expect(small.json<ProblemBody>().code).toBe(code);
      expectSameProblem(small, large);
    });
  }

  it('/v1/jobs: a valid problem is stored as the same document, and both sizes share an Idempotency-Key', async () => {
    const doc = JSON.stringify({ problem: tiny, options: { timeLimitSeconds: 5 } });
    const [small, large] = await both('/v1/jobs', doc);
    expect([small.statusCode, large.statusCode]).toEqual([202, 202]);
    const [a, b] = [small.json<{ id: string }>().id, large.json<{ id: string }>().id];
    expect((await jobProblem(t.app.store, b))).toEqual((await jobProblem(t.app.store, a)));
    expect((await t.app.store.get(b))!.timeLimitSeconds).toBe((await t.app.store.get(a))!.timeLimitSeconds);
    // The hash a key is bound to is the same from either path: the replay is recognised.
    const first = await send('/v1/jobs', padded(doc, THRESHOLD + 10), { 'idempotency-key': 'big-small-1' });
    const replay = await send('/v1/jobs', padded(doc, 100), { 'idempotency-key': 'big-small-1' });
    expect(first.statusCode).toBe(202);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    const conflict = await send('/v1/jobs', padded(JSON.stringify({ problem: tiny }), THRESHOLD + 10), { 'idempotency-key': 'big-small-1' });
    expect(conflict.json<ProblemBody>().code).toBe('TD_ERR_IDEMPOTENCY_CONFLICT');
  });

  it('/v1/solve: a valid problem gets the same result', async () => {
    const [small, large] = await both('/v1/solve', JSON.stringify({ problem: tiny }));
    expect([small.statusCode, large.statusCode]).toEqual([200, 200]);
    const [a, b] = [small.json<{ solver: { status: string; objective: number } }>(), large.json<{ solver: { status: string; objective: number } }>()];
    expect(b.solver.status).toBe(a.solver.status);
    expect(b.solver.objective).toBe(a.solver.objective);
  });

  it('/v1/scenarios: a valid scenario stores the same variant problems', async () => {
    const doc = JSON.stringify({ base: tiny, variants: [{ name: 'extra', addReps: [{ id: 'dora', lat: 48.88, lon: 8.69, role: 'field', capacity: 100 }] }] });
    const [small, large] = await both('/v1/scenarios', doc);
    expect([small.statusCode, large.statusCode]).toEqual([202, 202]);
    type Scenario = { variants: Array<{ name: string; id: string }> };
    const [a, b] = [small.json<Scenario>(), large.json<Scenario>()];
    expect(b.variants.map((v) => v.name)).toEqual(a.variants.map((v) => v.name));
    for (const [k, v] of b.variants.entries()) expect(await jobProblem(t.app.store, v.id)).toEqual(await jobProblem(t.app.store, a.variants[k]!.id));
  });
});

/** tiny.json with its accounts repeated to `accounts`, the last one locked to a rep that does not exist. */
function hugeInvalidProblem(accounts: number): ProblemInput {
  const tiny = readFixture('tiny.json');
  const list = Array.from({ length: accounts }, (_, i) => ({ ...tiny.accounts[i % tiny.accounts.length]!, id: `acc-${i}`, name: `Account ${i}` }));
  list[list.length - 1] = { ...list[list.length - 1]!, lockedRepId: 'nobody' };
  return { ...tiny, accounts: list };
}

describe('while a large body is parsed', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    t = await buildTestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('/health answers before the large request does', async () => {
    // Some 40 MB: seconds of JSON.parse, zod and the domain checks, ending in a 400 (nothing is solved).
    const body = Buffer.from(JSON.stringify({ problem: hugeInvalidProblem(300_000) }));
    const order: string[] = [];
    const socket = connect({ port, host: '127.0.0.1' });
    const answered = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk: Buffer) => {
        if (text === '') order.push('big');
        text += chunk.toString();
        if (text.includes('\r\n\r\n')) resolve(text.split('\r\n')[0]!);
      });
    });
    const head = `POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    // Written out: the server has all but the last socket buffer's worth, which it reads in a moment,
    // and then parses the body for seconds (on the event loop before the parse thread existed).
    await new Promise<void>((resolve, reject) => socket.write(Buffer.concat([Buffer.from(head), body]), (err) => (err ? reject(err) : resolve())));
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    order.push('health');
    expect(health.status).toBe(200);
    expect(await answered).toBe('HTTP/1.1 400 Bad Request');
    socket.destroy();
    expect(order).toEqual(['health', 'big']);
  });
});

/** A POST whose headers and first bytes are sent, and whose body never ends (until `destroy`). */
function startUpload(port: number, key: string, length: number): Socket {
  const socket = connect({ port, host: '127.0.0.1' });
  socket.on('error', () => undefined);
  socket.write(`POST /v1/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n{"problem": `);
  return socket;
}

describe('body bytes in flight per tenant', () => {
  let t: TestApp;
  let port: number;
  const ALPHA = 'td_alpha_0123456789abcdefghij';
  const BETA = 'td_beta_0123456789abcdefghijk';
  const LENGTH = 700_000;

  beforeAll(async () => {
    // Room for one upload of LENGTH per tenant, not two.
    t = await buildTestApp({ API_KEYS: `alpha:${ALPHA},beta:${BETA}`, BODY_LIMIT_BYTES: String(MIB), TENANT_INFLIGHT_BODY_BYTES: String(MIB) });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await t?.close();
  });

  const post = (key: string) => fetch(`http://127.0.0.1:${port}/v1/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: padded('{"problem": nope}', LENGTH),
  });

  it('refuses a second large upload of the same tenant with 429, not another tenant\'s, and frees an aborted upload\'s bytes', async () => {
    const upload = startUpload(port, ALPHA, LENGTH);
    await pollUntil(async () => t.app.bodyBytesInFlight('alpha'), (n) => n === LENGTH, { intervalMs: 5, what: 'the upload to be counted' });

    const second = await post(ALPHA);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('5');
    expect(second.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await second.json()) as ProblemBody;
    expect(problem.code).toBe('TD_ERR_TOO_MANY_BYTES_IN_FLIGHT');
    // Its refusal released nothing of the first upload's.
    expect(t.app.bodyBytesInFlight('alpha')).toBe(LENGTH);

    const other = await post(BETA);
    expect(other.status).toBe(400);
    expect(((await other.json()) as ProblemBody).code).toBe('TD_ERR_INVALID_JSON');

    // The client goes away mid-upload: its bytes are released.
    upload.destroy();
    await pollUntil(async () => t.app.bodyBytesInFlight('alpha'), (n) => n === 0, { intervalMs: 5, what: 'the aborted upload to be released' });
    const after = await post(ALPHA);
    expect(after.status).toBe(400);
    expect(t.app.bodyBytesInFlight('alpha')).toBe(0);
    expect(t.app.bodyBytesInFlight('beta')).toBe(0);
  });

  it('counts a chunked body as it streams', async () => {
    const chunked = await fetch(`http://127.0.0.1:${port}/v1/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ALPHA}` },
      // A stream body is sent chunked (no Content-Length).
      body: new Blob([padded('{"problem": nope}', LENGTH)]).stream(),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(400);
    expect(t.app.bodyBytesInFlight('alpha')).toBe(0);
  });
});
