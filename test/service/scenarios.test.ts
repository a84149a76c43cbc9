/**
 * /v1/scenarios: a base problem and three what-if variants solved in parallel on the pool, compared
 * side by side; each variant's plan re-checked against the variant's own problem.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateProblem } from '../../benchmarks/generate-problem.ts';
import { applyVariant, parseProblem, verify, type ComparisonRow, type ProblemInput, type TerritoryResult, type Variant } from '../../solver/index.ts';
import { buildTestApp, pollUntil, readFixture, type JobView, type ProblemBody, type TestApp } from './support/app.ts';

interface ScenarioView {
  id: string;
  createdAt: string;
  status: 'running' | 'done';
  variants: Array<JobView & { name: string }>;
  comparison: ComparisonRow[] | null;
}

const ROW_FIELDS = ['accountsMoved', 'capacity', 'gap', 'headcount', 'hiredSites', 'note', 'objective', 'plan', 'retiredReps', 'status', 'travelKm', 'valueBalance', 'valueMoved', 'variant', 'workloadBalance'];

/** 40 accounts, 3 field reps and 1 inside rep; B accounts are called on bi-weekly (26 x 60 min). */
function baseProblem(): ProblemInput {
  const p = generateProblem({ accounts: 40, reps: 4, seed: 3 });
  return { ...p, callPatterns: (p.callPatterns ?? []).map((c) => (c.segment === 'B' ? { ...c, callsPerYear: 26, minutesPerCall: 60 } : c)) };
}

const VARIANTS: Variant[] = [
  { name: 'add-rep', addReps: [{ id: 'rep-new', name: 'New field rep (Kassel)', lat: 51.31, lon: 9.49, role: 'field', capacity: 1600 }] },
  { name: 'b-monthly', callPatterns: [{ segment: 'B', role: 'field', callsPerYear: 12, minutesPerCall: 60, channel: 'in_person' }] },
  { name: 'wider-band', patch: { balance: { workloadTolerance: 0.25, valueTolerance: 0.4 } } },
];

describe('/v1/scenarios', () => {
  let t: TestApp;
  const base = baseProblem();
  let created: ScenarioView;
  let location: string;
  let done: ScenarioView;

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '2', SHUTDOWN_GRACE_SECONDS: '1' });
  });

  afterAll(async () => {
    await t?.close();
  });

  const row = (name: string) => done.comparison!.find((r) => r.variant === name)!;

  it('accepts a base and three variants with 202 and a Location, one job per variant plus the base', async () => {
    expect(base.callPatterns?.find((c) => c.segment === 'B')?.callsPerYear).toBe(26);
    const res = await t.app.inject({ method: 'POST', url: '/v1/scenarios', payload: { base, variants: VARIANTS, options: { timeLimitSeconds: 10 } } });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(202);
    created = res.json<ScenarioView>();
    location = res.headers.location as string;
    expect(location).toBe(`/v1/scenarios/${created.id}`);
    expect(created.comparison).toBeNull();
    expect(created.variants.map((v) => v.name)).toEqual(['base', 'add-rep', 'b-monthly', 'wider-band']);
    for (const v of created.variants) {
      expect(v.scenarioId).toBe(created.id);
      expect(v.variant).toBe(v.name);
      expect(v.timeLimitSeconds).toBe(10);
      const job = await t.app.inject({ url: v.links.self });
      expect(job.statusCode).toBe(200);
    }
  });

  it('runs every variant to success and answers a comparison table with one row per variant, base included', async () => {
    done = await pollUntil(async () => (await t.app.inject({ url: location })).json<ScenarioView>(), (s) => s.status === 'done', { timeoutMs: 120_000, intervalMs: 200, what: 'the scenario to be done' });
    expect(done.variants.map((v) => v.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    expect(done.comparison).toHaveLength(4);
    expect(done.comparison!.map((r) => r.variant)).toEqual(['base', 'add-rep', 'b-monthly', 'wider-band']);
    for (const r of done.comparison!) {
      expect(Object.keys(r).sort()).toEqual(ROW_FIELDS);
      expect(['optimal', 'feasible', 'timedout']).toContain(r.status);
      expect(r.plan).toBe(true);
      expect(r.note).toBeNull();
      expect(r.objective).not.toBeNull();
      expect(r.travelKm).toBeGreaterThan(0);
      expect(r.workloadBalance.map((b) => b.role).sort()).toEqual(['field', 'inside']);
      expect(r.capacity.map((c) => c.role).sort()).toEqual(['field', 'inside']);
    }
  }, 150_000);

  it('re-checks each variant\'s plan against the variant\'s own problem', async () => {
    for (const v of done.variants) {
      const variant = v.name === 'base' ? { name: 'base' } : VARIANTS.find((x) => x.name === v.name)!;
      const parsed = parseProblem(applyVariant(base, variant).problem);
      if (!parsed.ok) throw new Error(`${v.name}: ${JSON.stringify(parsed.issues)}`);
      const result = (await t.app.inject({ url: v.links.result })).json<TerritoryResult>();
      const check = verify(parsed.problem, result.assignments);
      expect(check.violations, v.name).toEqual([]);
      expect(check.ok).toBe(true);
      const r = row(v.name);
      expect(r.objective).toBeCloseTo(check.objective.total, 4);
      expect(r.travelKm).toBeCloseTo(result.territories.reduce((s, tr) => s + tr.travelKm, 0), 6);
      expect(r.accountsMoved).toBe(result.moves.length);
    }
  });

  it('adding a field rep gives the role one more rep and does not increase travel', () => {
    const fieldReps = (name: string) => row(name).capacity.find((c) => c.role === 'field')!.reps;
    expect(fieldReps('add-rep')).toBe(fieldReps('base') + 1);
    expect(row('add-rep').travelKm!).toBeLessThanOrEqual(row('base').travelKm! * (1 + 1e-9));
    const fieldUtil = (name: string) => row(name).capacity.find((c) => c.role === 'field')!.utilization;
    expect(fieldUtil('add-rep')).toBeLessThan(fieldUtil('base'));
  });

  it('calling on B accounts monthly instead of bi-weekly drives fewer km and frees field capacity', () => {
    expect(row('b-monthly').travelKm!).toBeLessThan(row('base').travelKm!);
    const fieldUtil = (name: string) => row(name).capacity.find((c) => c.role === 'field')!.utilization;
    expect(fieldUtil('b-monthly')).toBeLessThan(fieldUtil('base'));
  });

  it('a wider balance band (merge patch) is a relaxation: its optimum is no worse than the base plan', () => {
    const wider = row('wider-band');
    const base = row('base');
    // objective x (1 - gap) is a lower bound of the wider problem's optimum, which cannot exceed the base's.
    expect(wider.objective! * (1 - (wider.gap ?? 0))).toBeLessThanOrEqual(base.objective! * (1 + 1e-6));
  });

  it('a variant without a plan says so: null plan metrics, its status and the diagnosis, never zeros', async () => {
    const tiny = readFixture('tiny.json');
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/scenarios',
      payload: { base: tiny, variants: [{ name: 'no-field-rep', removeReps: ['ben'], patch: { reps: tiny.reps.map((r) => (r.id === 'anna' ? { ...r, capacity: 5 } : r)) } }], options: { timeLimitSeconds: 10 } },
    });
    expect(res.statusCode, res.body.slice(0, 500)).toBe(202);
    const view = await pollUntil(async () => (await t.app.inject({ url: res.headers.location as string })).json<ScenarioView>(), (s) => s.status === 'done', { timeoutMs: 60_000, intervalMs: 100, what: 'the scenario to be done' });
    const baseRow = view.comparison!.find((r) => r.variant === 'base')!;
    const starved = view.comparison!.find((r) => r.variant === 'no-field-rep')!;
    expect(baseRow.plan).toBe(true);
    expect(starved).toMatchObject({ status: 'infeasible', plan: false, objective: null, gap: null, travelKm: null, accountsMoved: null, valueMoved: null, workloadBalance: [], valueBalance: [] });
    expect(starved.note).toMatch(/^no plan: .*capacity/i);
    // The capacity report still speaks: it is what says how short the team is.
    expect(starved.capacity.map((c) => c.role).sort()).toEqual(['field', 'inside']);
  });

  it('answers a variant that removes an unknown rep with 400 naming variants[k].removeReps[0], and stores nothing', async () => {
    const jobsBefore = (await t.app.inject({ url: '/v1/jobs?limit=500' })).json<{ jobs: JobView[] }>().jobs.length;
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/scenarios',
      payload: { base: readFixture('tiny.json'), variants: [{ name: 'ok', removeReps: ['clara'] }, { name: 'bad', removeReps: ['nobody'] }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<ProblemBody>();
    expect(body.code).toBe('TD_ERR_VALIDATION');
    expect(body.errors?.map((e) => e.path)).toEqual(['variants[1].removeReps[0]']);
    expect(body.errors![0]!.message).toContain('nobody');
    expect((await t.app.inject({ url: '/v1/jobs?limit=500' })).json<{ jobs: JobView[] }>().jobs).toHaveLength(jobsBefore);
  });

  it('names other bad variants by path: a duplicate name, a lock of an unknown account', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/scenarios',
      payload: { base: readFixture('tiny.json'), variants: [{ name: 'x' }, { name: 'x', lockAccounts: [{ accountId: 'atlantis', repId: 'anna' }] }] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<ProblemBody>().errors?.map((e) => e.path).sort()).toEqual(['variants[1].lockAccounts[0].accountId', 'variants[1].name']);
  });
});
