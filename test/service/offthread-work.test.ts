/**
 * The last CPU work taken off the HTTP thread: a scenario variant's comparison row built by its
 * solve thread and stored with the result (GET /v1/scenarios/:id reads it and parses no problem;
 * a job stored before that falls back to building it from the problem and result).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { comparisonRow, type ComparisonRow, type ProblemInput, type TerritoryResult, type Variant } from '../../solver/index.ts';
import { jobProblem } from '../../src/jobs/job-problem.ts';
import { buildTestApp, pollUntil, readFixture, type JobView, type TestApp } from './support/app.ts';

const tiny = readFixture('tiny.json');

interface ScenarioView {
  id: string;
  status: 'running' | 'done';
  variants: Array<JobView & { name: string }>;
  comparison: ComparisonRow[] | null;
}

async function finishedScenario(t: TestApp, base: ProblemInput, variants: Variant[]): Promise<{ location: string; view: ScenarioView; body: string }> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/scenarios', payload: { base, variants, options: { timeLimitSeconds: 10 } } });
  expect(res.statusCode, res.body.slice(0, 500)).toBe(202);
  const location = res.headers.location as string;
  const view = await pollUntil(async () => (await t.app.inject({ url: location })).json<ScenarioView>(), (s) => s.status === 'done', { timeoutMs: 60_000, intervalMs: 100, what: 'the scenario to be done' });
  return { location, view, body: (await t.app.inject({ url: location })).body };
}

describe('scenario comparison rows built by the solve thread', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '2' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const starved: Variant = { name: 'starved', patch: { reps: tiny.reps.map((r) => ({ ...r, capacity: 1 })) } };
  const renamed: Variant = { name: 'renamed', patch: { accounts: tiny.accounts.map((a) => ({ ...a, name: `V ${a.name ?? a.id}` })) } };

  it('stores each variant\'s row with its result, the row the problem and result give; the view reads no problem', async () => {
    const { location, view, body } = await finishedScenario(t, tiny, [renamed, starved]);
    expect(view.variants.map((v) => [v.name, v.status])).toEqual([['base', 'succeeded'], ['renamed', 'succeeded'], ['starved', 'succeeded']]);
    for (const v of view.variants) {
      const stored = t.app.store.comparisonText(v.id);
      expect(stored, v.name).toBeDefined();
      // The row the route used to build on the HTTP thread, from the stored problem and result.
      const old = comparisonRow(v.name, jobProblem(t.app.store, v.id) as ProblemInput, JSON.parse(t.app.store.resultText(v.id)!) as TerritoryResult);
      expect(stored).toBe(JSON.stringify(old));
    }
    expect(view.comparison!.find((r) => r.variant === 'starved')!.plan).toBe(false);
    expect(view.comparison!.find((r) => r.variant === 'renamed')!.plan).toBe(true);

    const problemParts = vi.spyOn(t.app.store, 'problemParts');
    const resultText = vi.spyOn(t.app.store, 'resultText');
    try {
      const again = await t.app.inject({ url: location });
      expect(again.statusCode).toBe(200);
      expect(again.body).toBe(body);
      expect(problemParts).not.toHaveBeenCalled();
      expect(resultText).not.toHaveBeenCalled();
    } finally {
      problemParts.mockRestore();
      resultText.mockRestore();
    }

    // A job stored before the rows were kept (no comparison): built the old way, the same answer.
    t.app.store.database.prepare('UPDATE jobs SET comparison = NULL WHERE scenario_id = ?').run(view.id);
    for (const v of view.variants) expect(t.app.store.comparisonText(v.id)).toBeUndefined();
    const fallback = await t.app.inject({ url: location });
    expect(fallback.statusCode).toBe(200);
    expect(fallback.body).toBe(body);
  });

  it('stores no row for a plain job', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/jobs', payload: { problem: tiny, options: { timeLimitSeconds: 5 } } });
    expect(res.statusCode).toBe(202);
    const id = res.json<JobView>().id;
    await pollUntil(async () => t.app.store.get(id)!.status, (s) => s === 'succeeded', { timeoutMs: 30_000, what: 'the job to succeed' });
    expect(t.app.store.comparisonText(id)).toBeUndefined();
  });
});
