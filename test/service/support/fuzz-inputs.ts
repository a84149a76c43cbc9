/**
 * Seeded generators of hostile requests for the fuzz test: mutated problem documents, random JSON,
 * bodies that are not JSON or not UTF-8, odd paths, query strings and headers, and raw HTTP/1.1
 * requests. Everything comes from one mulberry32 stream, so a seed replays the same requests.
 *
 * Two things it never produces, so the test stays bounded and offline: a webhook URL outside
 * 127.0.0.1 (a job that ends posts to it), and a request whose declared length is more than it sends
 * (the server would wait for the rest until its request timeout).
 */
import type { InjectOptions } from 'fastify';
import { mulberry32, type Rng } from '../../../solver/heuristics/prng.ts';
import type { ProblemInput } from '../../../solver/index.ts';

export class Fuzz {
  readonly rng: Rng;
  /** Ids the service handed out, so some requests address jobs and scenarios that exist. */
  readonly jobIds: string[] = [];
  readonly scenarioIds: string[] = [];

  constructor(seed: number, private readonly base: ProblemInput) {
    this.rng = mulberry32(seed);
  }

  int(n: number): number {
    return Math.floor(this.rng() * n);
  }

  pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)]!;
  }

  chance(p: number): boolean {
    return this.rng() < p;
  }

  string(max = 12): string {
    // Spread by code point, so that the emoji stays whole (a lone surrogate is not a string URLs take).
    const alphabet = [...'abcXYZ019 -_.:/%?#&=+"\'\\<>{}[]\u00e9\u00fc\u4e2d\ud83d\ude00\u0000\n\t'];
    return Array.from({ length: this.int(max + 1) }, () => alphabet[this.int(alphabet.length)]!).join('');
  }

  /** A random JSON value, at most `depth` levels deep. */
  value(depth = 3): unknown {
    const kind = this.int(depth > 0 ? 12 : 8);
    switch (kind) {
      case 0: return null;
      case 1: return this.chance(0.5);
      case 2: return this.pick([0, -1, 1, 1.5, -0, 1e308, -1e308, 2 ** 53, 86400, 1e-300]);
      case 3: return this.int(100);
      case 4: return this.string();
      case 5: return this.pick(['', 'A', 'field', 'in_person', 'anna', 'stuttgart', 'x'.repeat(300)]);
      case 6: return [];
      case 7: return {};
      case 8: case 9: return Array.from({ length: this.int(4) }, () => this.value(depth - 1));
      default: return Object.fromEntries(Array.from({ length: this.int(4) }, () => [this.key(), this.value(depth - 1)]));
    }
  }

  key(): string {
    return this.chance(0.3) ? this.pick(['hasOwnProperty', 'constructor', 'toString', 'valueOf', 'prototype', '__defineGetter__', 'id', 'reps', 'accounts', 'lat', '']) : this.string(8);
  }

  /** The document with 1 to 4 random edits (replace, delete, add a key, empty, duplicate). */
  mutate(doc: unknown): unknown {
    const copy = structuredClone(doc);
    let root: unknown = copy;
    for (let n = 1 + this.int(4); n > 0; n--) {
      const path = this.randomPath(root);
      const [parent, key] = path.length === 0 ? [null, null] : [valueAt(root, path.slice(0, -1)), path[path.length - 1]!];
      const op = this.int(5);
      if (parent === null || key === null) {
        if (op === 0) root = this.value();
        continue;
      }
      const container = parent as Record<string | number, unknown>;
      if (op === 0 || op === 1) container[key] = this.value();
      else if (op === 2) {
        if (Array.isArray(container)) container.splice(Number(key), 1);
        else delete container[key];
      } else if (op === 3) {
        const target = container[key];
        if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>)[this.key()] = this.value();
        else container[key] = this.pick([[], {}, [null], '']);
      } else {
        const target = container[key];
        if (Array.isArray(target) && target.length > 0) target.push(structuredClone(target[this.int(target.length)]));
        else container[key] = null;
      }
    }
    return root;
  }

  private randomPath(doc: unknown): Array<string | number> {
    const path: Array<string | number> = [];
    let node = doc;
    while (node !== null && typeof node === 'object' && this.chance(0.75)) {
      const keys: Array<string | number> = Array.isArray(node) ? node.map((_, i) => i) : Object.keys(node);
      if (keys.length === 0) break;
      const k = this.pick(keys);
      path.push(k);
      node = (node as Record<string | number, unknown>)[k];
    }
    return path;
  }

  problem(): unknown {
    return this.chance(0.15) ? structuredClone(this.base) : this.mutate(this.base);
  }

  webhookUrl(): unknown {
    return this.pick(['ftp://127.0.0.1/x', 'not a url', 'http://127.0.0.1:9/hook', '', 123, null, 'javascript:alert(1)', 'http://[::1', 'https://127.0.0.1:9/' + 'x'.repeat(3000)]);
  }

  variant(): unknown {
    const v: Record<string, unknown> = { name: this.chance(0.9) ? `v${this.int(5)}` : this.value(1) };
    if (this.chance(0.5)) v.patch = this.chance(0.5) ? this.mutate({ reps: this.base.reps, accounts: this.base.accounts.slice(0, 3), balance: {} }) : this.value(3);
    if (this.chance(0.2)) v.addReps = [this.mutate(this.base.reps[0])];
    if (this.chance(0.2)) v.removeReps = [this.pick([this.base.reps[0]!.id, this.string(), null])];
    if (this.chance(0.15)) v.callPatterns = [this.mutate((this.base.callPatterns ?? [])[0] ?? {})];
    if (this.chance(0.15)) v.lockAccounts = [this.mutate({ accountId: this.base.accounts[0]!.id, repId: this.base.reps[0]!.id })];
    if (this.chance(0.15)) v.unlockAccounts = [this.pick([this.base.accounts[0]!.id, this.string(), 5])];
    return this.chance(0.2) ? this.mutate(v) : v;
  }

  /** A JSON body for a route that takes one, or something that is not JSON at all. */
  body(route: 'jobs' | 'solve' | 'scenarios'): { payload: string | Buffer; contentType: string } {
    const kind = this.int(20);
    if (kind === 0) return { payload: Buffer.from(Array.from({ length: this.int(200) }, () => this.int(256))), contentType: 'application/json' };
    if (kind === 1) return { payload: JSON.stringify({ problem: this.base }).slice(0, this.int(500)), contentType: 'application/json' };
    if (kind === 2) {
      const depth = 40 + this.int(200);
      return { payload: `{"problem":${'['.repeat(depth)}${']'.repeat(depth)}}`, contentType: 'application/json' };
    }
    if (kind === 3) {
      // Valid JSON with one byte that is not UTF-8.
      const text = Buffer.from(JSON.stringify({ problem: this.base }));
      const at = this.int(text.length);
      return { payload: Buffer.concat([text.subarray(0, at), Buffer.from([0xc0 + this.int(64)]), text.subarray(at + 1)]), contentType: 'application/json' };
    }
    if (kind === 4) return { payload: JSON.stringify({ problem: this.base }), contentType: this.pick(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json-patch+json', 'application/json; charset=latin1', '*/*', 'garbage']) };
    if (kind === 5) return { payload: '{"problem": {"__proto__": {"x": 1}}, "constructor": {"prototype": {"y": 2}}}', contentType: 'application/json' };
    if (kind === 6) return { payload: JSON.stringify(this.value(4)), contentType: 'application/json' };
    let doc: Record<string, unknown>;
    if (route === 'scenarios') {
      doc = { base: this.problem(), variants: Array.from({ length: this.int(4) }, () => this.variant()) };
      if (this.chance(0.2)) doc.includeBase = this.value(1);
    } else {
      doc = { problem: this.problem() };
      if (route === 'jobs' && this.chance(0.2)) doc.webhookUrl = this.webhookUrl();
    }
    if (this.chance(0.3)) doc.options = this.chance(0.5) ? { timeLimitSeconds: this.pick([0.2, 0, -1, 1e9, '1', null]) } : this.value(2);
    if (this.chance(0.1)) doc[this.key()] = this.value(1);
    return { payload: JSON.stringify(this.chance(0.1) ? this.mutate(doc) : doc), contentType: this.pick(['application/json', 'application/json', 'application/json; charset=utf-8', 'Application/JSON']) };
  }

  id(): string {
    if (this.chance(0.3) && this.jobIds.length > 0) return this.pick(this.jobIds);
    return this.pick([this.string(20), 'x'.repeat(100), 'x'.repeat(101 + this.int(300)), '%E0%A4%A', '%zz', '%2F..%2F', '..', 'null', encodeURIComponent(this.string(10)), '']);
  }

  query(): string {
    const params = Array.from({ length: this.int(4) }, () => {
      const name = this.pick(['status', 'limit', 'cursor', 'format', this.string(5)]);
      const value = this.pick([
        'queued', 'succeeded', 'bogus', '0', '1', '500', '501', '-3', '1e3', 'abc', '', 'json', 'csv', 'geojson',
        Buffer.from(JSON.stringify(this.value(2))).toString('base64url'),
        Buffer.from(JSON.stringify({ createdAt: this.pick(['2020-01-01T00:00:00.000Z', this.string()]), id: this.string(10) })).toString('base64url'),
        '%FF', '%', encodeURIComponent(this.string()),
      ]);
      return `${encodeURIComponent(name)}=${value}`;
    });
    return params.length > 0 ? `?${params.join('&')}` : '';
  }

  headers(): Record<string, string> {
    const h: Record<string, string> = {};
    if (this.chance(0.3)) h.accept = this.pick(['application/geo+json', 'text/csv', 'application/json', '*/*', 'application/xml', 'text/html;q=0.9, */*;q=0.1', this.string(30).replace(/[^\x20-\x7e]/g, '')]);
    if (this.chance(0.3)) h['x-request-id'] = this.pick(['abc-123', 'bad id', 'x'.repeat(200), '<script>', this.string(20).replace(/[^\x20-\x7e]/g, '')]);
    if (this.chance(0.2)) h['idempotency-key'] = this.pick(['k1', 'k2', 'k'.repeat(201), '']);
    if (this.chance(0.1)) h['content-encoding'] = this.pick(['gzip', 'br', 'identity']);
    return h;
  }

  /** A request for app.inject, across every route. */
  request(): InjectOptions {
    const headers = this.headers();
    const roll = this.int(100);
    const withBody = (method: 'POST' | 'PUT' | 'PATCH', url: string, route: 'jobs' | 'solve' | 'scenarios'): InjectOptions => {
      const { payload, contentType } = this.body(route);
      return { method, url, payload, headers: { ...headers, 'content-type': contentType } };
    };
    if (roll < 22) return withBody('POST', '/v1/jobs', 'jobs');
    if (roll < 36) return withBody('POST', '/v1/solve', 'solve');
    if (roll < 48) return withBody('POST', '/v1/scenarios', 'scenarios');
    if (roll < 58) return { method: 'GET', url: `/v1/jobs${this.query()}`, headers };
    if (roll < 70) return { method: 'GET', url: `/v1/jobs/${this.id()}${this.pick(['', '/result', '/result'])}${this.query()}`, headers };
    // Event streams stay open while a job runs: only for ids that are not jobs.
    if (roll < 73) return { method: 'GET', url: `/v1/jobs/${this.pick([this.string(20), 'x'.repeat(150), '%E0%A4%A'])}/events`, headers };
    if (roll < 78) return { method: 'DELETE', url: `/v1/jobs/${this.id()}`, headers };
    if (roll < 83) return { method: 'GET', url: `/v1/scenarios/${this.chance(0.4) && this.scenarioIds.length > 0 ? this.pick(this.scenarioIds) : this.id()}`, headers };
    if (roll < 90) return { method: this.pick(['GET', 'HEAD', 'OPTIONS'] as const), url: this.pick(['/health', '/ready', '/metrics', '/docs/json', '/health?x=1']), headers };
    if (roll < 95) return withBody(this.pick(['PUT', 'PATCH'] as const), this.pick(['/v1/jobs', '/v1/solve', `/v1/jobs/${this.string(8)}`]), 'jobs');
    return { method: this.pick(['GET', 'POST', 'DELETE', 'OPTIONS'] as const), url: this.pick(['/', '/v2/jobs', '/v1', '/v1/jobs/a/b/c', `/${encodeURIComponent(this.string(10))}`, '/%', '/v1/%E0%A4%A', `/v1/jobs?${'a=1&'.repeat(200)}`]), headers };
  }

  /** Raw bytes of one HTTP/1.1 request that ends with `Connection: close` and never promises more than it sends. */
  rawRequest(): string | Buffer {
    const method = this.pick(['GET', 'POST', 'DELETE', 'PUT', 'HEAD', 'OPTIONS', 'BREW', 'G\u00e9T', '']);
    const path = this.pick(['/health', '/v1/jobs', `/v1/jobs/${this.id()}`, '/v1/solve', `/v1/jobs${this.query()}`, '*', 'http://127.0.0.1/health', '/a b', '/\u00fc', '', `/${'x'.repeat(this.int(20_000))}`]);
    const version = this.pick(['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.1x', '']);
    const lines = [`${method} ${path} ${version}`.trim(), 'Host: 127.0.0.1'];
    for (let n = this.int(4); n > 0; n--) {
      lines.push(this.pick([
        `X-${this.string(6).replace(/[^A-Za-z]/g, 'a')}: ${this.string(30).replace(/[\r\n]/g, ' ')}`,
        `X-Big: ${'b'.repeat(this.int(24_000))}`,
        'Transfer-Encoding: chunked, identity',
        'Content-Length: -1',
        'Content-Length: 1, 2',
        ': no name',
        'No-Colon',
        `x-request-id: ${this.pick(['ok-1', 'bad id', '\u00e9'])}`,
        `Accept: ${this.pick(['text/csv', '*/*', ''])}`,
      ]));
    }
    let body = '';
    if (this.chance(0.4)) {
      const { payload } = this.body('jobs');
      body = typeof payload === 'string' ? payload : payload.toString('latin1');
      lines.push('Content-Type: application/json', `Content-Length: ${Math.max(0, Buffer.byteLength(body, 'latin1') - this.int(3))}`);
    }
    lines.push('Connection: close');
    return Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'latin1');
  }
}

function valueAt(root: unknown, path: ReadonlyArray<string | number>): unknown {
  let node = root;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node;
}
