/**
 * A job keeps its model's size from admission, and the runner hands its thread the stored text
 * (a scenario's variant: the base's text and the variant), so a large problem is parsed only in
 * the solve thread, never on the thread that serves requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateModelPairs, parseProblem } from '../../solver/index.ts';
import { buildTestApp, readFixture, submitOk, waitForEnd, type TestApp } from './support/app.ts';

const tiny = readFixture('tiny.json');

describe('what a job keeps for its solve thread', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a job: its size from admission, and its problem as the submitted text', async () => {
    const job = await submitOk(t.app, { problem: tiny });
    const parsed = parseProblem(tiny);
    if (!parsed.ok) throw new Error('tiny.json does not parse');
    const stored = (await t.app.store.get(job.id))!;
    expect(stored.accounts).toBe(tiny.accounts.length);
    expect(stored.pairs).toBe(estimateModelPairs(parsed.problem));
    const source = (await t.app.store.problemSource(job.id))!;
    expect('problemJson' in source && JSON.parse(source.problemJson).accounts).toHaveLength(tiny.accounts.length);
    expect((await waitForEnd(t.app, job.id, 60_000)).status).toBe('succeeded');
  });

  it('a scenario variant: the base once, the variant on the job, solved to the variant\'s problem', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/scenarios', payload: { base: tiny, variants: [{ name: 'dora', addReps: [{ id: 'dora', name: 'Dora (field, Pforzheim)', lat: 48.88436, lon: 8.69892, role: 'field', capacity: 100 }] }], includeBase: false } });
    expect(res.statusCode).toBe(202);
    const variantJob = res.json<{ variants: Array<{ id: string }> }>().variants[0]!.id;
    const source = (await t.app.store.problemSource(variantJob))!;
    expect('variantOf' in source && source.variantOf.variant).toMatchObject({ name: 'dora', addReps: [{ id: 'dora' }] });
    expect((await t.app.store.get(variantJob))!.pairs).toBeGreaterThan(0);
    await waitForEnd(t.app, variantJob, 60_000);
    const result = (await t.app.inject({ url: `/v1/jobs/${variantJob}/result` })).json<{ territories: Array<{ repId: string }> }>();
    expect(result.territories.map((r) => r.repId).sort()).toEqual(['anna', 'ben', 'clara', 'dora']);
  });
});
