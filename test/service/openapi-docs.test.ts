/**
 * The API documents itself: the OpenAPI document at /docs/json describes every field of the problem
 * and of the result with an example, and every route's success and error responses, errors as the
 * problem details the error handler really writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './support/app.ts';
import { openApiDocument, operations, requestSchema, responseSchema, undocumentedFields, type OpenApiDocument } from './support/openapi.ts';

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    t = await buildTestApp();
    doc = await openApiDocument(t.app);
  });

  afterAll(async () => {
    await t?.close();
  });

  it('describes every field of the problem, with an example (POST /v1/solve, /v1/jobs, /v1/scenarios and /v1/frontier bodies)', () => {
    const bodies = [['/v1/solve', 'post'], ['/v1/jobs', 'post'], ['/v1/scenarios', 'post'], ['/v1/frontier', 'post']] as const;
    const missing: string[] = [];
    for (const [path, method] of bodies) {
      const schema = requestSchema(doc, path, method);
      expect(schema, `${method.toUpperCase()} ${path} has a JSON body schema`).toBeDefined();
      missing.push(...undocumentedFields(doc, schema!, `${method.toUpperCase()} ${path} body`));
    }
    // The problem itself, as a field of the body, is one of the fields checked.
    expect(Object.keys(requestSchema(doc, '/v1/solve', 'post')?.properties?.problem?.properties ?? {})).toContain('accounts');
    expect(missing, `fields without a description or an example:\n${missing.join('\n')}`).toEqual([]);
  });

  it('describes every field of the result, with an example (GET /v1/jobs/{id}/result and POST /v1/solve)', () => {
    const missing: string[] = [];
    for (const [path, method] of [['/v1/jobs/{id}/result', 'get'], ['/v1/solve', 'post']] as const) {
      const schema = responseSchema(doc, path, method, '200');
      expect(schema, `${method.toUpperCase()} ${path} documents its 200 result as JSON`).toBeDefined();
      expect(Object.keys(schema!.properties ?? {}).sort()).toEqual(
        ['assignments', 'balance', 'capacity', 'compactness', 'diagnosis', 'hiring', 'moves', 'name', 'objective', 'quotas', 'rebalance', 'solver', 'territories', 'warnings'],
      );
      missing.push(...undocumentedFields(doc, schema!, `${method.toUpperCase()} ${path} 200`));
    }
    expect(missing, `fields without a description or an example:\n${missing.join('\n')}`).toEqual([]);
  });

  it('describes every field of a frontier job and its table, with an example (GET /v1/frontier/{id})', () => {
    const schema = responseSchema(doc, '/v1/frontier/{id}', 'get', '200');
    expect(schema, 'GET /v1/frontier/{id} documents its 200 as JSON').toBeDefined();
    expect(Object.keys(schema!.properties ?? {})).toEqual(expect.arrayContaining(['kind', 'progress', 'frontier']));
    const missing = undocumentedFields(doc, schema!, 'GET /v1/frontier/{id} 200');
    expect(missing, `fields without a description or an example:\n${missing.join('\n')}`).toEqual([]);
  });

  it('documents every route\'s success response and its errors as application/problem+json', () => {
    const gaps: string[] = [];
    const ops = operations(doc);
    expect(ops.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort()).toEqual([
      'DELETE /v1/jobs/{id}', 'GET /', 'GET /health', 'GET /metrics', 'GET /ready', 'GET /v1/jobs', 'GET /v1/jobs/{id}', 'GET /v1/jobs/{id}/events',
      'GET /v1/imports/{id}', 'GET /v1/jobs/{id}/result', 'GET /v1/scenarios/{id}', 'POST /v1/compliance', 'POST /v1/evaluate', 'POST /v1/imports', 'POST /v1/jobs', 'POST /v1/scenarios', 'POST /v1/solve',
      'POST /v1/frontier', 'GET /v1/frontier/{id}', 'GET /v1/frontier/{id}/points/{index}',
    ].sort());
    for (const { path, method, operation } of ops) {
      const name = `${method.toUpperCase()} ${path}`;
      const responses = Object.entries(operation.responses ?? {});
      const success = responses.filter(([status]) => /^2\d\d$/.test(status));
      const errors = responses.filter(([status]) => /^[45]\d\d$/.test(status));
      if (success.length === 0) gaps.push(`${name}: no 2xx response`);
      for (const [status, response] of success) {
        if (!response.description || response.description === 'Default Response') gaps.push(`${name} ${status}: no description`);
        const media = Object.entries(response.content ?? {});
        if (media.length === 0 || media.some(([, m]) => !m.schema)) gaps.push(`${name} ${status}: no body schema`);
      }
      // A route that reads input (path, query, headers or a body) can be asked something invalid.
      const takesInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined || path === '/v1/imports';
      if (takesInput && !errors.some(([status]) => status.startsWith('4'))) gaps.push(`${name}: no 4xx response`);
      if (!errors.some(([status]) => status === '500')) gaps.push(`${name}: no 500 response`);
      for (const [status, response] of errors) {
        const types = Object.keys(response.content ?? {});
        if (types.join() !== 'application/problem+json') gaps.push(`${name} ${status}: served as ${types.join(', ') || 'nothing'}, not application/problem+json`);
        if (!response.description || response.description === 'Default Response') gaps.push(`${name} ${status}: no description`);
        const props = response.content?.['application/problem+json']?.schema?.properties ?? {};
        for (const key of ['type', 'title', 'status', 'detail', 'code', 'instance', 'errors']) {
          if (!(key in props)) gaps.push(`${name} ${status}: problem details without ${key}`);
        }
        if (Object.keys(props.errors?.items?.properties ?? {}).sort().join() !== 'message,path') gaps.push(`${name} ${status}: errors[] items are not {path, message}`);
      }
    }
    expect(gaps, gaps.join('\n')).toEqual([]);
  });

  it('documents the problem details exactly as the error handler writes them', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/solve', payload: { problem: { accounts: [{ id: 'a', value: 'x' }], reps: [] } } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<Record<string, unknown>>();
    const schema = doc.paths['/v1/solve']!.post!.responses!['400']!.content!['application/problem+json']!.schema!;
    expect(Object.keys(body).sort()).toEqual(Object.keys(schema.properties!).sort());
    for (const key of schema.required ?? []) expect(body).toHaveProperty(key);
    const item = schema.properties!.errors!.items!;
    for (const e of body.errors as Array<Record<string, unknown>>) expect(Object.keys(e).sort()).toEqual(Object.keys(item.properties!).sort());
  });
});
