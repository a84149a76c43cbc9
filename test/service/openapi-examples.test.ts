/**
 * "Try it out" works as shown: the example request bodies of the OpenAPI document, sent as they are,
 * are accepted, and the jobs they create finish with a plan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TerritoryResult } from '../../solver/index.ts';
import { buildTestApp, pollUntil, waitForEnd, type JobView, type TestApp } from './support/app.ts';
import { openApiDocument, requestExample, type OpenApiDocument } from './support/openapi.ts';

interface ScenarioView {
  id: string;
  status: 'running' | 'done';
  variants: Array<JobView & { name: string }>;
  comparison: Array<{ variant: string; status: string }> | null;
}

describe('the example request bodies of the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '2' });
    doc = await openApiDocument(t.app);
  });

  afterAll(async () => {
    await t?.close();
  });

  /** The example of an operation's body, which must be there. */
  const example = (path: string): Record<string, unknown> => {
    const body = requestExample(doc, path, 'post');
    expect(body, `POST ${path} has an example body`).toBeTypeOf('object');
    return body as Record<string, unknown>;
  };

  const result = async (job: JobView) => (await t.app.inject({ url: job.links.result })).json<TerritoryResult>();

  it('POST /v1/solve: 200 with a plan for every account', async () => {
    const body = example('/v1/solve');
    const res = await t.app.inject({ method: 'POST', url: '/v1/solve', payload: body });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<TerritoryResult>().assignments).toHaveLength((body.problem as { accounts: unknown[] }).accounts.length);
  });

  it('POST /v1/jobs: 202, and the job succeeds with a plan', async () => {
    const body = example('/v1/jobs');
    const res = await t.app.inject({ method: 'POST', url: '/v1/jobs', payload: body });
    expect(res.statusCode, res.body).toBe(202);
    const job = await waitForEnd(t.app, res.json<JobView>().id);
    expect(job.status).toBe('succeeded');
    expect((await result(job)).assignments).toHaveLength((body.problem as { accounts: unknown[] }).accounts.length);
  });

  it('POST /v1/scenarios: 202, and every variant succeeds with a plan and is compared', async () => {
    const body = example('/v1/scenarios');
    const res = await t.app.inject({ method: 'POST', url: '/v1/scenarios', payload: body });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json<ScenarioView>().id;
    const done = await pollUntil(async () => (await t.app.inject({ url: `/v1/scenarios/${id}` })).json<ScenarioView>(), (s) => s.status === 'done', { what: `scenario ${id} to be done` });
    const names = [...(body.includeBase === false ? [] : ['base']), ...(body.variants as Array<{ name: string }>).map((v) => v.name)];
    expect(done.variants.map((v) => v.name)).toEqual(names);
    const accounts = (body.base as { accounts: unknown[] }).accounts.length;
    for (const job of done.variants) {
      expect(job.status, job.name).toBe('succeeded');
      expect((await result(job)).assignments, job.name).toHaveLength(accounts);
    }
    expect(done.comparison?.map((row) => row.variant)).toEqual(names);
  });

  it('POST /v1/frontier: 202, and the frontier succeeds with a plan at each of its points', async () => {
    const body = example('/v1/frontier');
    const res = await t.app.inject({ method: 'POST', url: '/v1/frontier', payload: body });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json<JobView>().id;
    expect((await waitForEnd(t.app, id, 120_000)).status).toBe('succeeded');
    const table = (await t.app.inject({ url: `/v1/frontier/${id}` })).json<{ frontier: { points: Array<{ index: number; plan: boolean }> } }>().frontier;
    expect(table.points.length).toBeGreaterThanOrEqual(2);
    const accounts = (body.problem as { accounts: unknown[] }).accounts.length;
    for (const point of table.points.filter((p) => p.plan)) {
      const plan = await t.app.inject({ url: `/v1/frontier/${id}/points/${point.index}` });
      expect(plan.json<TerritoryResult>().assignments).toHaveLength(accounts);
    }
  });
});
