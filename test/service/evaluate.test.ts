/**
 * POST /v1/evaluate on the real app: any alignment in, the result document out, with every broken
 * hard constraint named by family (rep or account and numbers) and the distance to a proven bound.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TerritoryResult } from '../../solver/index.ts';
import { buildTestApp, readFixture, type ProblemBody, type TestApp } from './support/app.ts';

interface Evaluated extends TerritoryResult {
  evaluation: { ok: boolean; violations: Array<{ family: string; message: string; repId?: string; accountId?: string; value?: number; limit?: number }>; bound: number | null; aboveBound: number | null; summary: string };
}

const tiny = readFixture('tiny.json');
const crm = (name: string) => readFileSync(new URL(`../../data/crm/${name}`, import.meta.url));

describe('POST /v1/evaluate', () => {
  let t: TestApp;
  let solved: TerritoryResult;
  const evaluate = (payload: object) => t.app.inject({ method: 'POST', url: '/v1/evaluate', payload });

  beforeAll(async () => {
    t = await buildTestApp({ EVALUATE_MAX_ACCOUNTS: '1000' });
    const res = await t.app.inject({ method: 'POST', url: '/v1/solve', payload: { problem: tiny, options: { timeLimitSeconds: 5 } } });
    expect(res.statusCode).toBe(200);
    solved = res.json<TerritoryResult>();
    expect(solved.assignments).toHaveLength(12);
  });

  afterAll(async () => {
    await t?.close();
  });

  const plan = () => solved.assignments.map(({ accountId, repId }) => ({ accountId, repId }));

  it('scores the solver\'s own plan as the solver did: same territories, objective, no violations, at the bound', async () => {
    const res = await evaluate({ problem: tiny, assignments: plan(), bound: solved.solver.bound });
    expect(res.statusCode).toBe(200);
    const body = res.json<Evaluated>();
    expect(body.evaluation.ok).toBe(true);
    expect(body.evaluation.violations).toEqual([]);
    expect(body.solver).toMatchObject({ status: 'feasible', strategy: 'evaluate', bound: solved.solver.bound });
    expect(body.objective!.total).toBeCloseTo(solved.objective!.total, 6);
    expect(body.territories.map((x) => [x.repId, x.accounts, +x.workload.total.toFixed(6)])).toEqual(solved.territories.map((x) => [x.repId, x.accounts, +x.workload.total.toFixed(6)]));
    expect(body.moves.map((m) => m.accountId).sort()).toEqual(solved.moves.map((m) => m.accountId).sort());
    expect(body.capacity.roles).toEqual(solved.capacity.roles);
    expect(body.evaluation.aboveBound).toBeCloseTo(0, 6);
    expect(body.evaluation.summary).toMatch(/keeps every rule/);
  });

  it('names each broken constraint: a lock, an ineligible rep, capacity and the bands, and says how far above the bound', async () => {
    // Heilbronn is locked to Anna; Clara (inside) has no call pattern for A accounts; giving Anna
    // everything of the field role breaks her capacity and both bands.
    const alignment = plan().map((a) => (a.accountId === 'heilbronn' ? { ...a, repId: 'ben' } : a.accountId === 'stuttgart' ? { ...a, repId: 'clara' } : a));
    const res = await evaluate({ problem: tiny, assignments: alignment, bound: solved.solver.bound });
    expect(res.statusCode).toBe(200);
    const body = res.json<Evaluated>();
    expect(body.evaluation.ok).toBe(false);
    expect(body.solver.status).toBe('infeasible');
    const families = body.evaluation.violations.map((v) => v.family);
    expect(families).toEqual(expect.arrayContaining(['locks', 'eligibility']));
    expect(body.evaluation.violations.find((v) => v.family === 'locks')).toMatchObject({ accountId: 'heilbronn', repId: 'ben' });
    expect(body.evaluation.violations.find((v) => v.family === 'eligibility')).toMatchObject({ accountId: 'stuttgart', repId: 'clara' });
    // The territories count the hand-given accounts, even where the owner may not own them.
    expect(body.territories.find((x) => x.repId === 'clara')!.accounts).toBe(solved.territories.find((x) => x.repId === 'clara')!.accounts + 1);

    const allAnna = plan().map((a) => (['stuttgart', 'karlsruhe', 'pforzheim', 'heilbronn', 'ludwigsburg', 'esslingen', 'baden-baden'].includes(a.accountId) ? { ...a, repId: 'anna' } : a));
    const heavy = (await evaluate({ problem: tiny, assignments: allAnna, bound: solved.solver.bound })).json<Evaluated>();
    const capacity = heavy.evaluation.violations.find((v) => v.family === 'capacity')!;
    expect(capacity).toMatchObject({ repId: 'anna', limit: 110 });
    expect(capacity.value).toBeGreaterThan(110);
    expect(heavy.evaluation.violations.find((v) => v.family === 'workload-band')).toMatchObject({ repId: expect.any(String), value: expect.any(Number), limit: expect.any(Number) });
    expect(heavy.evaluation.aboveBound!).toBeGreaterThan(0);
    expect(heavy.evaluation.summary).toMatch(/breaks \d+ rules? \(.*capacity.*\) and is \d+\.\d% above the proven bound/);
  });

  it('lists accounts left out as unassigned, and without a bound says nothing about one', async () => {
    const res = await evaluate({ problem: tiny, assignments: plan().filter((a) => a.accountId !== 'calw') });
    expect(res.statusCode).toBe(200);
    const body = res.json<Evaluated>();
    expect(body.evaluation.violations).toContainEqual(expect.objectContaining({ family: 'unassigned', accountId: 'calw' }));
    expect(body.assignments).toHaveLength(11);
    expect(body.evaluation).toMatchObject({ bound: null, aboveBound: null });
    expect(body.evaluation.summary).not.toMatch(/bound/);
  });

  it('refuses unknown accounts and reps, and an account given twice, by index; bad shapes by path', async () => {
    const alignment = [...plan(), { accountId: 'atlantis', repId: 'anna' }, { accountId: 'calw', repId: 'zoe' }];
    const res = await evaluate({ problem: tiny, assignments: alignment });
    expect(res.statusCode).toBe(400);
    const body = res.json<ProblemBody>();
    expect(body.code).toBe('TD_ERR_VALIDATION');
    expect(body.errors!.map((e) => e.path)).toEqual(['assignments[12].accountId', 'assignments[13].accountId', 'assignments[13].repId']);
    expect(body.errors![1]!.message).toMatch(/already given at assignments\[\d+\]/);

    const shape = await evaluate({ problem: tiny, assignments: [{ accountId: 'calw' }] });
    expect(shape.statusCode).toBe(400);
    expect(shape.json<ProblemBody>().errors!.map((e) => e.path)).toContain('assignments[0].repId');
    const problem = await evaluate({ problem: { ...tiny, accounts: [{ ...tiny.accounts[0]!, lockedRepId: 'nobody' }] }, assignments: [] });
    expect(problem.statusCode).toBe(400);
    expect(problem.json<ProblemBody>().errors!.map((e) => e.path)).toContain('problem.accounts[0].lockedRepId');
  });

  it('takes a stored import instead of the problem; an unknown import is 404; a problem over EVALUATE_MAX_ACCOUNTS is 413', async () => {
    const boundary = '----evaluate-test';
    const part = (name: string, file: string) => Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file}"\r\nContent-Type: text/csv\r\n\r\n`), crm(file), Buffer.from('\r\n')]);
    const payload = Buffer.concat([part('accounts', 'accounts.csv'), part('reps', 'users.csv'), Buffer.from(`--${boundary}--\r\n`)]);
    const imported = await t.app.inject({ method: 'POST', url: '/v1/imports', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(imported.statusCode).toBe(201);
    const { id, problem } = imported.json<{ id: string; problem: typeof tiny }>();
    const current = problem.accounts.flatMap((a) => (a.currentRepId && problem.reps.some((r) => r.id === a.currentRepId) ? [{ accountId: a.id, repId: a.currentRepId }] : []));
    const res = await evaluate({ importId: id, assignments: current });
    expect(res.statusCode).toBe(200);
    expect(res.json<Evaluated>().territories).toHaveLength(problem.reps.length);

    const missing = await evaluate({ importId: 'imp_nothing', assignments: [] });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<ProblemBody>().code).toBe('TD_ERR_IMPORT_NOT_FOUND');

    const big = { ...tiny, accounts: Array.from({ length: 1001 }, (_, i) => ({ ...tiny.accounts[i % 12]!, id: `a${i}`, lockedRepId: undefined })) };
    const tooLarge = await evaluate({ problem: big, assignments: [] });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json<ProblemBody>().code).toBe('TD_ERR_PROBLEM_TOO_LARGE_FOR_EVALUATE');
  });
});
