/**
 * Where to hire through the API: a problem with candidateSites and hire, solved by POST /v1/solve
 * and by a job, comes back with the hiring section (exactly as the result schema documents it) and a
 * plan that verifies against the team it names; a hire of a role nobody has is a 400 problem+json
 * naming problem.hire.role; a scenario compares "hire 2 where the engine says" with "hire 2 here"
 * side by side, headcount included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProblem, solvedProblem, territoryResultSchema, verify, type ComparisonRow, type ProblemInput, type TerritoryResult } from '../../solver/index.ts';
import { buildTestApp, pollUntil, readFixture, submit, submitOk, waitForEnd, type ProblemBody, type TestApp } from './support/app.ts';

/** data/tiny.json with soft bands (four field reps on seven field accounts cannot all be within ±10%). */
const tiny = readFixture('tiny.json');
const base: ProblemInput = {
  ...tiny,
  balance: { mode: 'soft', workloadTolerance: 0.1, valueTolerance: 0.2 },
  candidateSites: [
    { id: 'heilbronn', name: 'Heilbronn', lat: 49.13995, lon: 9.22054 },
    { id: 'pforzheim', name: 'Pforzheim', lat: 48.88436, lon: 8.69892 },
    { id: 'baden-baden', name: 'Baden-Baden', lat: 48.7606, lon: 8.23975, cost: 100 },
  ],
};
const hireOne: ProblemInput = { ...base, hire: { role: 'field', count: 1, capacity: 60 } };

/** The plan verifies against the team the hiring section names, and the hires own accounts. */
function expectHiredPlan(input: ProblemInput, result: TerritoryResult, hired: number) {
  expect(territoryResultSchema.parse(result)).toStrictEqual(result);
  const parsed = parseProblem(input);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const hiring = result.hiring!;
  expect(hiring.sites).toHaveLength(hired);
  expect(hiring.location?.status).toBe('optimal');
  const check = verify(solvedProblem(parsed.problem, hiring), result.assignments);
  expect(check.violations).toEqual([]);
  expect(check.objective.total).toBeCloseTo(result.solver.objective!, 6);
  for (const site of hiring.sites) expect(result.territories.find((t) => t.repId === site.repId)?.accounts).toBe(site.accounts);
  expect(hiring.change.roles.find((r) => r.role === 'field')).toMatchObject({ today: { reps: 2 }, plan: { reps: 2 + hired } });
}

describe('hiring through the API', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '2', SHUTDOWN_GRACE_SECONDS: '1' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('POST /v1/solve with candidateSites and hire answers the hiring section and a plan for the new team', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/v1/solve', payload: { problem: hireOne, options: { timeLimitSeconds: 20 } } });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(200);
    expectHiredPlan(hireOne, res.json<TerritoryResult>(), 1);
  });

  it('a job carries it too: the stored result has the hiring section', async () => {
    const job = await submitOk(t.app, { problem: { ...hireOne, hire: { role: 'field', count: 2, capacity: 60 } }, options: { timeLimitSeconds: 20 } });
    expect((await waitForEnd(t.app, job.id, 60_000)).status).toBe('succeeded');
    const result = (await t.app.inject({ url: `/v1/jobs/${job.id}/result` })).json<TerritoryResult>();
    expectHiredPlan({ ...hireOne, hire: { role: 'field', count: 2, capacity: 60 } }, result, 2);
    // The exports know the new reps: their homes on the map, their names as new owners.
    const geo = (await t.app.inject({ url: `/v1/jobs/${job.id}/result?format=geojson` })).json<{ features: Array<{ properties: { kind: string; repId?: string } }> }>();
    const homes = geo.features.filter((f) => f.properties.kind === 'rep').map((f) => f.properties.repId);
    for (const site of result.hiring!.sites) expect(homes).toContain(site.repId);
    const crm = await t.app.inject({ url: `/v1/jobs/${job.id}/result?format=crm-csv` });
    expect(crm.statusCode).toBe(200);
    expect(crm.body).toContain('new field rep (');
    expect((await t.app.inject({ url: `/v1/jobs/${job.id}/result?format=xlsx` })).statusCode).toBe(200);
  });

  it('a hire of a role nobody has is a 400 problem+json naming problem.hire.role', async () => {
    const res = await submit(t.app, { problem: { ...hireOne, hire: { role: 'feild', count: 1, capacity: 60 } } });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<ProblemBody>();
    expect(body.code).toBe('TD_ERR_VALIDATION');
    expect(body.errors?.map((e) => e.path)).toEqual(['problem.hire.role']);
    expect(body.errors?.[0]?.message).toContain('no rep or call pattern has role feild');
    const noSites = await submit(t.app, { problem: { ...tiny, hire: { role: 'field', count: 1, capacity: 60 } } });
    expect(noSites.statusCode).toBe(400);
    expect(noSites.json<ProblemBody>().errors?.map((e) => e.path)).toEqual(['problem.hire']);
  });

  it('a scenario compares hiring where the engine says with hiring at named places, headcount in each row', async () => {
    const variants = [
      { name: 'hire 2 where the engine says', hire: { role: 'field', count: 2, capacity: 60 } },
      {
        name: 'hire 2 in Heilbronn and Baden-Baden',
        addReps: [
          { id: 'dora', name: 'Dora (field, Heilbronn)', lat: 49.13995, lon: 9.22054, role: 'field', capacity: 60 },
          { id: 'emil', name: 'Emil (field, Baden-Baden)', lat: 48.7606, lon: 8.23975, role: 'field', capacity: 60 },
        ],
      },
    ];
    const res = await t.app.inject({ method: 'POST', url: '/v1/scenarios', payload: { base, variants, options: { timeLimitSeconds: 20 } } });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(202);
    const view = await pollUntil(async () => (await t.app.inject({ url: res.headers.location as string })).json<{ status: string; comparison: ComparisonRow[] | null }>(), (s) => s.status === 'done', { timeoutMs: 120_000, intervalMs: 200, what: 'the scenario to be done' });
    const row = (name: string) => view.comparison!.find((r) => r.variant === name)!;
    const field = (name: string) => row(name).headcount.find((h) => h.role === 'field')!.reps;
    expect(field('base')).toBe(2);
    expect(field('hire 2 where the engine says')).toBe(4);
    expect(field('hire 2 in Heilbronn and Baden-Baden')).toBe(4);
    expect(row('hire 2 where the engine says').hiredSites).toHaveLength(2);
    expect(row('hire 2 in Heilbronn and Baden-Baden').hiredSites).toEqual([]);
    for (const r of view.comparison!) expect(r.plan, r.variant).toBe(true);
    // Both are proven optimal for their own team.
    const engine = row('hire 2 where the engine says');
    const named = row('hire 2 in Heilbronn and Baden-Baden');
    expect(engine.status).toBe('optimal');
    expect(named.status).toBe('optimal');
  }, 150_000);
});
