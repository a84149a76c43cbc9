/**
 * Inputs that used to get a 500 or a silently wrong answer (issue 8): scenario patches that leave
 * no valid entries behind, JSON nested deeper than any stack, bodies that are not UTF-8, request ids
 * with any characters, a list cursor that gave away the number of jobs. Each now gets a 4xx
 * application/problem+json naming the field, on the real app.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, readFixture, type ProblemBody, type TestApp } from './support/app.ts';

/** Asserts a problem+json answer with this status and code; returns its body. */
function problemOf(res: LightMyRequestResponse, status: number, code: string): ProblemBody {
  expect(res.statusCode, res.body.slice(0, 500)).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<ProblemBody>();
  expect(body.code).toBe(code);
  expect(body.status).toBe(status);
  return body;
}
const paths = (body: ProblemBody) => (body.errors ?? []).map((e) => e.path);

describe('input hardening', () => {
  let t: TestApp;
  const tiny = readFixture('tiny.json');
  const inject = (opts: InjectOptions) => t.app.inject(opts);
  const scenario = (variant: object) => inject({ method: 'POST', url: '/v1/scenarios', payload: { base: tiny, variants: [variant] } });

  beforeAll(async () => {
    t = await buildTestApp({ POOL_SIZE: '1', SHUTDOWN_GRACE_SECONDS: '1' });
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('scenario patches that leave no valid entries (500 before)', () => {
    const newRep = { id: 'new', role: 'field', capacity: 1000, lat: 48.1, lon: 11.6 };

    it('a patch key named hasOwnProperty, followed by a deletion', async () => {
      // json-merge-patch called target.hasOwnProperty(key) for the deletion after setting it to 1.
      const body = problemOf(await scenario({ name: 'v', patch: { hasOwnProperty: 1, name: null } }), 400, 'TD_ERR_VALIDATION');
      expect(paths(body)).toEqual(['variants[0].problem.hasOwnProperty']);
      const alone = problemOf(await scenario({ name: 'v', patch: { hasOwnProperty: 1 } }), 400, 'TD_ERR_VALIDATION');
      expect(paths(alone)).toEqual(['variants[0].problem.hasOwnProperty']);
    });

    it('patch {"reps": null} with addReps', async () => {
      const body = problemOf(await scenario({ name: 'v', patch: { reps: null }, addReps: [newRep] }), 400, 'TD_ERR_VALIDATION');
      expect(paths(body).sort()).toEqual(['variants[0].addReps', 'variants[0].problem.reps']);
    });

    it('patch {"accounts": [null]}', async () => {
      const body = problemOf(await scenario({ name: 'v', patch: { accounts: [null] } }), 400, 'TD_ERR_VALIDATION');
      expect(paths(body)).toEqual(['variants[0].problem.accounts[0]']);
      expect(body.errors![0]!.message).toMatch(/received null/);
    });

    it('patch {"reps": [null]} with removeReps', async () => {
      const body = problemOf(await scenario({ name: 'v', patch: { reps: [null] }, removeReps: [tiny.reps[0]!.id] }), 400, 'TD_ERR_VALIDATION');
      expect(paths(body).sort()).toEqual(['variants[0].problem.reps[0]', 'variants[0].removeReps[0]']);
    });

    it('patch {"callPatterns": [null]} with callPatterns, and lockAccounts over accounts [7]', async () => {
      const body = problemOf(await scenario({
        name: 'v',
        patch: { callPatterns: [null], accounts: [7] },
        callPatterns: [{ segment: 'A', role: 'field', callsPerYear: 12, minutesPerCall: 60, channel: 'in_person' }],
        lockAccounts: [{ accountId: 'stuttgart', repId: tiny.reps[0]!.id }],
      }), 400, 'TD_ERR_VALIDATION');
      expect(paths(body)).toEqual(expect.arrayContaining(['variants[0].lockAccounts[0].accountId', 'variants[0].problem.callPatterns[0]', 'variants[0].problem.accounts[0]']));
    });
  });
});
