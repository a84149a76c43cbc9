/**
 * A comparison row reads off a variant's result; a variant without a plan must not look like the
 * best row (zero km, zero moves): its plan metrics are null and its note says why.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { comparisonRow, comparisonRowWithoutPlan, type ProblemInput, type TerritoryResult } from '../../solver/index.ts';
import { makeProblem, solveChecked } from './support/fixtures.ts';

const tiny = JSON.parse(readFileSync(new URL('../../data/tiny.json', import.meta.url), 'utf8')) as ProblemInput;
const starved: ProblemInput = { ...tiny, reps: tiny.reps.map((r) => ({ ...r, capacity: r.capacity / 10 })) };

describe('comparisonRow', () => {
  it('a plan: metrics from the result, plan true, no note', async () => {
    const result = await solveChecked(makeProblem(tiny));
    const row = comparisonRow('base', tiny, result);
    expect(row.plan).toBe(true);
    expect(row.note).toBeNull();
    expect(row.travelKm).toBeCloseTo(result.territories.reduce((s, t) => s + t.travelKm, 0), 9);
    expect(row.accountsMoved).toBe(result.moves.length);
  });

  it('an infeasible variant: null metrics and the diagnosis as the note', async () => {
    const result = await solveChecked(makeProblem(starved));
    expect(result.solver.status).toBe('infeasible');
    const row = comparisonRow('starved', starved, result);
    expect(row).toMatchObject({ plan: false, status: 'infeasible', objective: null, travelKm: null, accountsMoved: null, valueMoved: null });
    expect(row.note).toBe(`no plan: ${result.diagnosis!.map((d) => d.message).join('; ')}`);
    expect(row.capacity.length).toBeGreaterThan(0);
  });

  it('a variant whose time ran out before a plan: says to give it more time', async () => {
    const infeasible = await solveChecked(makeProblem(starved));
    // The shape solve() returns when the time limit ends the search before any plan.
    const timedOut: TerritoryResult = {
      ...infeasible,
      diagnosis: undefined,
      solver: { ...infeasible.solver, status: 'timedout', message: 'no plan within the time limit: give it more time' },
    } as TerritoryResult;
    const row = comparisonRow('slow', starved, timedOut);
    expect(row).toMatchObject({ plan: false, status: 'timedout', travelKm: null, accountsMoved: null, valueMoved: null });
    expect(row.note).toBe('no plan within the time limit: give it more time');
  });

  it('a variant without any result (failed or cancelled job) keeps its row', () => {
    const row = comparisonRowWithoutPlan('v', 'cancelled', 'cancelled before any plan was found');
    expect(row).toMatchObject({ variant: 'v', status: 'cancelled', plan: false, travelKm: null, note: 'cancelled before any plan was found' });
  });
});
