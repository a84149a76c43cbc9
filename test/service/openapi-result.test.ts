/**
 * The documented result schema is the result: real results of the data/ problems (and an infeasible
 * one, and one with quotas) pass the result routes byte for byte, parse under the schema to
 * themselves, and come through the response serializer unchanged, so documenting the routes with it
 * can never drop or reshape a field. GeoJSON and CSV still come from the same route.
 */
import { serializerCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { territoryResultSchema, type ProblemInput, type TerritoryResult } from '../../solver/index.ts';
import { buildTestApp, readFixture, SAMPLE, submitOk, waitForEnd, type TestApp } from './support/app.ts';

const tiny = readFixture('tiny.json');
const sample = readFixture(SAMPLE);

/** The schema takes the document as it is and gives it back unchanged, also through the serializer. */
function expectExactlyDocumented(result: TerritoryResult) {
  expect(territoryResultSchema.parse(result)).toStrictEqual(result);
  const serialize = serializerCompiler({ schema: territoryResultSchema, method: 'GET', url: '/v1/jobs/:id/result', httpStatus: '200' });
  expect(JSON.parse(serialize(result))).toStrictEqual(result);
}

describe('the result schema against real results', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '2' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('GET /v1/jobs/{id}/result sends the stored result of tiny.json and of the sample unchanged, exactly as documented', async () => {
    // The sample gets 5 s: any plan it reaches in that time is a real result of the real file.
    const jobs = await Promise.all([
      submitOk(t.app, { problem: tiny }),
      submitOk(t.app, { problem: sample, options: { timeLimitSeconds: 5 } }),
    ]);
    for (const [k, submitted] of jobs.entries()) {
      const job = await waitForEnd(t.app, submitted.id, 60_000);
      expect(job.status).toBe('succeeded');
      const res = await t.app.inject({ url: job.links.result });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toBe((await t.app.store.resultText(job.id)));
      const result = res.json<TerritoryResult>();
      expect(result.assignments).toHaveLength([tiny, sample][k]!.accounts.length);
      expectExactlyDocumented(result);

      const geo = await t.app.inject({ url: `${job.links.result}?format=geojson` });
      expect(geo.statusCode).toBe(200);
      expect(geo.headers['content-type']).toMatch(/^application\/geo\+json/);
      expect(geo.json<{ type: string; features: unknown[] }>().type).toBe('FeatureCollection');
      const csv = await t.app.inject({ url: job.links.result, headers: { accept: 'text/csv' } });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.body.trimEnd().split(/\r?\n/)).toHaveLength(result.assignments.length + 1);
    }
  }, 90_000);

  it('POST /v1/solve returns results exactly as documented: a plan with quotas, and an infeasible problem with its diagnosis', async () => {
    const withQuotas: ProblemInput = { ...tiny, quotas: { orgTarget: 10_000_000 } };
    const starved: ProblemInput = { ...tiny, reps: tiny.reps.map((r) => ({ ...r, capacity: 10 })) };
    const [plan, infeasible] = await Promise.all([withQuotas, starved].map(async (problem) => {
      const res = await t.app.inject({ method: 'POST', url: '/v1/solve', payload: { problem } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<TerritoryResult>();
    }));
    for (const result of [plan!, infeasible!]) expectExactlyDocumented(result);
    expect(plan!.quotas).toHaveLength(tiny.reps.length);
    expect(infeasible!.solver.status).toBe('infeasible');
    expect(infeasible!.objective).toBeNull();
    expect(infeasible!.diagnosis?.length).toBeGreaterThan(0);
    expect(infeasible!.capacity.estimated).toBe(true);
  });
});
