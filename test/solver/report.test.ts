/**
 * Report arithmetic on a hand-computed case whose plan is forced by locks and call patterns:
 * per-territory sums, balance spreads, the call-pattern capacity report, quotas and moves.
 *
 *   F1 field 40 h, F2 field 20 h, I1 and I2 inside 4 h each.
 *   A-field: 12 in-person calls of 60 min; B-field: 6 of 30 min; C-inside: 4 phone calls of 15 min.
 *   a1 A value 500 -> F1 at 30 km: 12 x (1 + 0.65)      = 19.8 h (12 call + 7.8 travel), 468 road km
 *   a2 A value 300 -> F2 at 20 km: 12 x (1 + 0.4333)    = 17.2 h (12 + 5.2),              312 road km
 *   a3 B value 100 -> F1 at 10 km:  6 x (0.5 + 0.2167)  =  4.3 h (3 + 1.3),                78 road km
 *   a4 C value  60 -> I1 (phone):   4 x 0.25            =  1 h
 *   a5 C value  40 -> I1 (phone):                          1 h
 *   (per visit: 2 x km x 1.3 / 60 x 0.5 h and 2 x km x 1.3 x 0.5 road km)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { compileProblem } from '../../solver/compile.ts';
import { parseProblem } from '../../solver/parse.ts';
import type { Problem, ProblemInput } from '../../solver/problem.ts';
import { capacityReport } from '../../solver/report.ts';
import type { TerritoryResult } from '../../solver/result.ts';
import { makeProblem, repIdsOf, solveChecked } from './support/fixtures.ts';

function caseInput(capacityReportOptions?: ProblemInput['capacityReport']): ProblemInput {
  return {
    accounts: [
      { id: 'a1', value: 500, segment: 'A', lockedRepId: 'F1', currentRepId: 'F2', lat: 48, lon: 11 },
      { id: 'a2', value: 300, segment: 'A', lockedRepId: 'F2', currentRepId: 'F2', lat: 50, lon: 10 },
      { id: 'a3', value: 100, segment: 'B', lockedRepId: 'F1', currentRepId: 'F1', lat: 49, lon: 12 },
      { id: 'a4', value: 60, segment: 'C', lockedRepId: 'I1', currentRepId: 'ghost' },
      { id: 'a5', value: 40, segment: 'C', lockedRepId: 'I1' },
    ],
    reps: [
      { id: 'F1', role: 'field', capacity: 40, name: 'Fran' },
      { id: 'F2', role: 'field', capacity: 20 },
      { id: 'I1', role: 'inside', capacity: 4 },
      { id: 'I2', role: 'inside', capacity: 4 },
    ],
    callPatterns: [
      { segment: 'A', role: 'field', callsPerYear: 12, minutesPerCall: 60, channel: 'in_person' },
      { segment: 'B', role: 'field', callsPerYear: 6, minutesPerCall: 30, channel: 'in_person' },
      { segment: 'C', role: 'inside', callsPerYear: 4, minutesPerCall: 15, channel: 'phone' },
    ],
    travel: {
      distanceKm: [
        [30, 99, 10, 99, 99],
        [99, 20, 99, 99, 99],
        [99, 99, 99, 50, 50],
        [99, 99, 99, 50, 50],
      ],
    },
    balance: { workloadTolerance: 1, valueTolerance: null },
    objective: { disruptionMeasure: 'accounts' },
    quotas: { orgTarget: 2_000_000 },
    options: { mipGap: 0 },
    ...(capacityReportOptions ? { capacityReport: capacityReportOptions } : {}),
  };
}

let problem: Problem;
let result: TerritoryResult;

beforeAll(async () => {
  problem = makeProblem(caseInput());
  result = await solveChecked(problem);
});

describe('report: the forced five-account plan', () => {
  it('solves to the forced plan', () => {
    expect(result.solver.status).toBe('optimal');
    expect(repIdsOf(problem, result)).toEqual(['F1', 'F2', 'F1', 'I1', 'I1']);
    // Travel (visits): 468 + 312 + 78 road km; one move (a1) counted, a4's unknown rep is no move.
    expect(result.objective!.travel).toBeCloseTo(858, 9);
    expect(result.objective!.disruption).toBe(1);
  });

  it('sums each territory: accounts, segments, workload split, utilisation, value, km, calls, centroid', () => {
    const [f1, f2, i1, i2] = result.territories;
    expect(f1).toMatchObject({ repId: 'F1', repName: 'Fran', role: 'field', accounts: 2, accountsBySegment: { A: 1, B: 1 }, capacity: 40, value: 600, callsPerYear: 18 });
    expect(f1!.workload.calls).toBeCloseTo(15, 9);
    expect(f1!.workload.travel).toBeCloseTo(9.1, 9);
    expect(f1!.workload.total).toBeCloseTo(24.1, 9);
    expect(f1!.utilization).toBeCloseTo(24.1 / 40, 9);
    expect(f1!.travelKm).toBeCloseTo(468 + 78, 9);
    expect(f1!.distanceKm).toBeCloseTo(40, 9);
    expect(f1!.centroid).toEqual({ lat: 48.5, lon: 11.5 });

    expect(f2).toMatchObject({ repId: 'F2', accounts: 1, accountsBySegment: { A: 1 }, value: 300, callsPerYear: 12, centroid: { lat: 50, lon: 10 } });
    expect(f2!.workload.total).toBeCloseTo(17.2, 9);
    expect(f2!.utilization).toBeCloseTo(0.86, 9);
    expect(f2!.travelKm).toBeCloseTo(312, 9);

    // Phone calls: no travel hours or road km, but the home-to-account km still add up.
    expect(i1).toMatchObject({ repId: 'I1', accounts: 2, accountsBySegment: { C: 2 }, value: 100, callsPerYear: 8, travelKm: 0, centroid: null });
    expect(i1!.workload).toEqual({ calls: 2, travel: 0, total: 2 });
    expect(i1!.distanceKm).toBe(100);
    expect(i2).toMatchObject({ repId: 'I2', accounts: 0, value: 0, utilization: 0, centroid: null });
  });

  it('indexes each rep against its capacity-proportional share of its role', () => {
    const [f1, f2, i1, i2] = result.territories;
    // Field total 41.3 h: F1's share 40/60 x 41.3 = 27.533, F2's 13.767.
    expect(f1!.workloadIndex).toBeCloseTo(24.1 / ((40 / 60) * 41.3), 9);
    expect(f2!.workloadIndex).toBeCloseTo(17.2 / ((20 / 60) * 41.3), 9);
    // Field value 900: shares 600 and 300, exactly met.
    expect(f1!.valueIndex).toBeCloseTo(1, 9);
    expect(f2!.valueIndex).toBeCloseTo(1, 9);
    expect(i1!.workloadIndex).toBeCloseTo(2, 9);
    expect(i2!.workloadIndex).toBe(0);
  });

  it('balance spreads per role: min, max, max/min, coefficient of variation, deviation from share', () => {
    const [field, inside] = result.balance;
    expect(field).toMatchObject({ role: 'field', reps: 2 });
    // 24.1 and 17.2: mean 20.65, population sd 3.45.
    expect(field!.workload.min).toBeCloseTo(17.2, 9);
    expect(field!.workload.max).toBeCloseTo(24.1, 9);
    expect(field!.workload.maxMinRatio!).toBeCloseTo(24.1 / 17.2, 9);
    expect(field!.workload.cv).toBeCloseTo(3.45 / 20.65, 9);
    expect(field!.workload.maxDeviationFromShare).toBeCloseTo(17.2 / ((20 / 60) * 41.3) - 1, 9);
    // Value 600 and 300: ratio 2, cv 150 / 450.
    expect(field!.value).toMatchObject({ min: 300, max: 600, maxMinRatio: 2 });
    expect(field!.value.cv).toBeCloseTo(1 / 3, 9);
    expect(field!.value.maxDeviationFromShare).toBeCloseTo(0, 9);
    // Inside: 2 h and 0 h: no max/min ratio, cv = sd 1 / mean 1.
    expect(inside).toMatchObject({ role: 'inside', reps: 2 });
    expect(inside!.workload).toMatchObject({ min: 0, max: 2, maxMinRatio: null });
    expect(inside!.workload.cv).toBeCloseTo(1, 9);
    expect(inside!.workload.maxDeviationFromShare).toBeCloseTo(1, 9);
  });

  it('capacity report per segment: accounts, calls per year, hours', () => {
    expect(result.capacity.estimated).toBe(false);
    const segments = result.capacity.segments;
    expect(segments.map((s) => [s.segment, s.accounts, s.callsPerYear])).toEqual([['A', 2, 24], ['B', 1, 6], ['C', 2, 8]]);
    expect(segments[0]!.hours).toBeCloseTo(37, 9);
    expect(segments[1]!.hours).toBeCloseTo(4.3, 9);
    expect(segments[2]!.hours).toBeCloseTo(2, 9);
  });

  it('capacity report per role at the default 85%: demand, capacity, coverage, headcount, surplus', () => {
    const [field, inside] = result.capacity.roles;
    expect(result.capacity.targetUtilization).toBe(0.85);
    expect(field).toMatchObject({ role: 'field', reps: 2, capacityHours: 60, coverage: 1 });
    expect(field!.demandHours).toBeCloseTo(41.3, 9);
    expect(field!.utilization).toBeCloseTo(41.3 / 60, 9);
    // 41.3 h / (mean capacity 30 h x 0.85) = 1.6196 reps needed; 2 - 1.6196 = 0.3804 FTE spare.
    expect(field!.headcountNeeded).toBeCloseTo(1.6196078, 6);
    expect(field!.surplusFte).toBeCloseTo(0.3803922, 6);
    expect(inside).toMatchObject({ role: 'inside', reps: 2, capacityHours: 8, coverage: 1 });
    expect(inside!.demandHours).toBeCloseTo(2, 9);
    expect(inside!.utilization).toBeCloseTo(0.25, 9);
    // 2 h / (4 h x 0.85) = 0.5882; 2 - 0.5882 = 1.4118.
    expect(inside!.headcountNeeded).toBeCloseTo(0.5882353, 6);
    expect(inside!.surplusFte).toBeCloseTo(1.4117647, 6);
  });

  it('calls per week per rep over the default 46 working weeks', () => {
    expect(result.capacity.weeksPerYear).toBe(46);
    const reps = result.capacity.reps;
    expect(reps.map((r) => r.repId)).toEqual(['F1', 'F2', 'I1', 'I2']);
    expect(reps.map((r) => r.callsPerYear)).toEqual([18, 12, 8, 0]);
    expect(reps[0]!.callsPerWeek).toBeCloseTo(18 / 46, 9);
    expect(reps[1]!.callsPerWeek).toBeCloseTo(12 / 46, 9);
    expect(reps[2]!.callsPerWeek).toBeCloseTo(8 / 46, 9);
    expect(reps[1]!.utilization).toBeCloseTo(0.86, 9);
  });

  it('quotas split the org target by territory value', () => {
    expect(result.quotas).toEqual([
      { repId: 'F1', quota: 1_200_000, share: 0.6 },
      { repId: 'F2', quota: 600_000, share: 0.3 },
      { repId: 'I1', quota: 200_000, share: 0.1 },
      { repId: 'I2', quota: 0, share: 0 },
    ]);
  });

  it('moves against the current alignment; an unknown current rep is a move from null and a warning', () => {
    expect(result.moves.map(({ explanation: _, ...m }) => m)).toEqual([
      { accountId: 'a1', fromRepId: 'F2', toRepId: 'F1', reason: 'current-rep-ineligible' },
      { accountId: 'a4', fromRepId: null, toRepId: 'I1', reason: 'current-rep-ineligible' },
    ]);
    expect(result.moves[0]!.explanation).toBe('a1: it is locked to Fran; goes to Fran, 30 km away');
    expect(result.moves[1]!.explanation).toBe('a4: its current rep "ghost" does not exist; goes to I1, 50 km away');
    // The warning is parseProblem's (once per cause), which callers hand to solve() with the problem.
    const parsed = parseProblem(caseInput());
    expect(parsed.ok && parsed.warnings.map((w) => w.path)).toContain('accounts[3].currentRepId');
  });

  it('the estimated report (no plan) places each account at its least-workload rep', () => {
    const estimate = capacityReport(compileProblem(problem), null);
    expect(estimate.estimated).toBe(true);
    // Every account here has one eligible rep, so the estimate equals the plan's report.
    expect(estimate.roles.map((r) => r.demandHours)).toEqual(result.capacity.roles.map((r) => expect.closeTo(r.demandHours, 9)));
  });
});

describe('report: configured target utilisation and working weeks', () => {
  it('uses targetUtilization 0.75 and 40 weeks per year, without quotas when none is asked', async () => {
    const { quotas: _quotas, ...withoutQuotas } = caseInput({ targetUtilization: 0.75, weeksPerYear: 40 });
    const configured = makeProblem(withoutQuotas);
    const res = await solveChecked(configured);
    const [field, inside] = res.capacity.roles;
    // 41.3 / (30 x 0.75) = 1.8356 reps; 2 - 1.8356 = 0.1644 FTE.
    expect(field!.headcountNeeded).toBeCloseTo(41.3 / 22.5, 9);
    expect(field!.surplusFte).toBeCloseTo(2 - 41.3 / 22.5, 9);
    expect(inside!.headcountNeeded).toBeCloseTo(2 / 3, 9);
    expect(res.capacity.reps[0]!.callsPerWeek).toBeCloseTo(18 / 40, 9);
    expect(res.quotas).toBeUndefined();
  });
});

describe('territory quality', () => {
  it('ranks each role\'s territories by value per workload hour, by thirds (of two: high and low), and leaves an empty one unranked', async () => {
    const { rankTerritories } = await import('../../solver/territory-quality.ts');
    const t = (repId: string, role: string, value: number, hours: number) => ({
      repId, role, accounts: hours > 0 ? 1 : 0, accountsBySegment: {}, workload: { calls: hours, travel: 0, total: hours }, capacity: 100,
      utilization: hours / 100, workloadIndex: 1, value, valueIndex: 1, travelKm: 0, distanceKm: 0, callsPerYear: 0, centroid: null,
    });
    const ranked = rankTerritories([t('a', 'field', 600, 10), t('b', 'field', 100, 10), t('c', 'field', 300, 10), t('d', 'inside', 50, 1), t('e', 'field', 0, 0), t('f', 'inside', 10, 1)]);
    expect(ranked.map((r) => [r.repId, r.valuePerHour, r.quality])).toEqual([
      ['a', 60, 'high'], ['b', 10, 'low'], ['c', 30, 'medium'], ['d', 50, 'high'], ['e', null, null], ['f', 10, 'low'],
    ]);
  });
});
