/**
 * The workload formula by hand (docs/architecture.md, "Workload and travel"):
 *   w = callsPerYear x (minutesPerCall / 60 + 2 x km x circuity / speed x routeSharing)   in person
 *   w = callsPerYear x minutesPerCall / 60                                               phone, video
 *   w = account.workload                                                                 when given
 * with km the haversine distance (earth radius 6371.0088 km) or the user's matrix.
 */
import { describe, expect, it } from 'vitest';
import type { ProblemInput } from '../../solver/problem.ts';
import { distanceKm, EARTH_RADIUS_KM, haversineKm, travelHoursPerVisit, travelKmPerVisit } from '../../solver/travel.ts';
import { verify } from '../../solver/verify.ts';
import { indexPatterns, ineligibility, pairWorkload } from '../../solver/workload.ts';
import { makeProblem, PLACES } from './support/fixtures.ts';

const { munich, nuremberg } = PLACES;
/** Munich to Nuremberg, great circle: about 151 km (150.707 km with the mean earth radius). */
const MUC_NUE_KM = 150.70738907523634;

const pattern = (channel: 'in_person' | 'phone' | 'video', callsPerYear = 12, minutesPerCall = 45) => ({ segment: 'A', role: 'field', callsPerYear, minutesPerCall, channel });

function munichRepNurembergAccount(extra: Partial<ProblemInput> = {}, account: Record<string, unknown> = {}) {
  return makeProblem({
    accounts: [{ id: 'nue', value: 1, segment: 'A', ...nuremberg, ...account }],
    reps: [{ id: 'muc', role: 'field', capacity: 1000, ...munich }],
    callPatterns: [pattern('in_person')],
    ...extra,
  });
}

describe('distances', () => {
  it('uses the mean earth radius 6371.0088 km', () => {
    expect(EARTH_RADIUS_KM).toBe(6371.0088);
    // One degree of longitude on the equator is R x pi / 180.
    expect(haversineKm(0, 0, 0, 1)).toBeCloseTo((6371.0088 * Math.PI) / 180, 9);
    expect(haversineKm(0, 0, 0, 1)).toBeCloseTo(111.19508, 4);
  });

  it('Munich to Nuremberg is about 151 km as the crow flies', () => {
    const km = haversineKm(munich.lat, munich.lon, nuremberg.lat, nuremberg.lon);
    expect(km).toBeGreaterThan(150);
    expect(km).toBeLessThan(152);
    expect(km).toBeCloseTo(MUC_NUE_KM, 6);
    // Symmetric, and zero at the same place.
    expect(haversineKm(nuremberg.lat, nuremberg.lon, munich.lat, munich.lon)).toBeCloseTo(km, 9);
    expect(haversineKm(munich.lat, munich.lon, munich.lat, munich.lon)).toBe(0);
  });

  it('antipodes are half the earth\'s circumference apart', () => {
    expect(haversineKm(0, 0, 0, 180)).toBeCloseTo(Math.PI * 6371.0088, 6);
  });

  it('a user matrix replaces haversine: distanceKm[rep][account]', () => {
    const problem = munichRepNurembergAccount({ travel: { distanceKm: [[187]] } });
    expect(distanceKm(problem, 0, 0)).toBe(187);
  });

  it('travel per visit: half a round trip at circuity 1.3 and 60 km/h by default', () => {
    const problem = munichRepNurembergAccount();
    // 2 x 30 km x 1.3 / 60 km/h x 0.5 = 0.65 h; 2 x 30 x 1.3 x 0.5 = 39 road km.
    expect(travelHoursPerVisit(problem, 30)).toBeCloseTo(0.65, 12);
    expect(travelKmPerVisit(problem, 30)).toBeCloseTo(39, 12);
  });

  it('travel per visit follows circuityFactor, speedKmh and routeSharing', () => {
    const problem = munichRepNurembergAccount({ travel: { circuityFactor: 1.5, speedKmh: 80, routeSharing: 1 } });
    // 2 x 40 x 1.5 / 80 x 1 = 1.5 h; 2 x 40 x 1.5 x 1 = 120 km.
    expect(travelHoursPerVisit(problem, 40)).toBeCloseTo(1.5, 12);
    expect(travelKmPerVisit(problem, 40)).toBeCloseTo(120, 12);
  });
});

describe('pairWorkload', () => {
  it('in person at a 30 km matrix distance: 10 x (1 h + 0.65 h) = 16.5 h', () => {
    const problem = munichRepNurembergAccount({ callPatterns: [pattern('in_person', 10, 60)], travel: { distanceKm: [[30]] } });
    const w = pairWorkload(problem, problem.callPatterns[0], 0, 0);
    expect(w.calls).toBe(10);
    expect(w.callHours).toBeCloseTo(10, 12);
    expect(w.travelHours).toBeCloseTo(6.5, 12);
    expect(w.workload).toBeCloseTo(16.5, 12);
    expect(w.km).toBe(30);
    expect(w.travelKm).toBeCloseTo(10 * 39, 12);
  });

  it('in person Munich -> Nuremberg: 12 calls of 45 min plus 12 half round trips of ~151 km', () => {
    const problem = munichRepNurembergAccount();
    const w = pairWorkload(problem, problem.callPatterns[0], 0, 0);
    const perVisit = (2 * MUC_NUE_KM * 1.3) / 60 * 0.5; // 3.2653 h
    expect(perVisit).toBeCloseTo(3.2653, 4);
    expect(w.callHours).toBeCloseTo(9, 12);
    expect(w.travelHours).toBeCloseTo(12 * perVisit, 6);
    expect(w.workload).toBeCloseTo(12 * (0.75 + perVisit), 6);
    expect(w.workload).toBeCloseTo(48.18, 2);
    expect(w.travelKm).toBeCloseTo(12 * 2 * MUC_NUE_KM * 1.3 * 0.5, 6);
  });

  it('phone and video calls cost no travel', () => {
    for (const channel of ['phone', 'video'] as const) {
      const problem = munichRepNurembergAccount({ callPatterns: [pattern(channel)] });
      const w = pairWorkload(problem, problem.callPatterns[0], 0, 0);
      expect(w.workload).toBeCloseTo(9, 12);
      expect(w.travelHours).toBe(0);
      expect(w.travelKm).toBe(0);
      // The distance is still known (it is the compactness measure of `travel: distance`).
      expect(w.km).toBeCloseTo(MUC_NUE_KM, 6);
    }
  });

  it('a fixed workload replaces the pattern hours, travel included', () => {
    const problem = munichRepNurembergAccount({}, { workload: 33 });
    const w = pairWorkload(problem, problem.callPatterns[0], 0, 0);
    expect(w.workload).toBe(33);
    expect(w.callHours).toBe(33);
    expect(w.travelHours).toBe(0);
    // The visits are still driven: the travel objective keeps counting them.
    expect(w.calls).toBe(12);
    expect(w.travelKm).toBeCloseTo(12 * 2 * MUC_NUE_KM * 1.3 * 0.5, 6);
  });

  it('a fixed workload without a pattern counts no calls', () => {
    const problem = munichRepNurembergAccount({ callPatterns: [] }, { workload: 7 });
    const w = pairWorkload(problem, undefined, 0, 0);
    expect(w).toMatchObject({ calls: 0, workload: 7, travelHours: 0, travelKm: 0 });
  });

  it('the verifier recomputes the same workload independently', () => {
    const problem = munichRepNurembergAccount();
    const check = verify(problem, [{ accountId: 'nue', repId: 'muc' }]);
    expect(check.ok).toBe(true);
    expect(check.workload[0]).toBeCloseTo(pairWorkload(problem, problem.callPatterns[0], 0, 0).workload, 9);
    expect(check.objective.travel).toBeCloseTo(12 * 2 * MUC_NUE_KM * 1.3 * 0.5, 6);
  });
});

describe('ineligibility', () => {
  const problem = makeProblem({
    accounts: [
      { id: 'a', value: 1, segment: 'A', skills: ['pharma'] },
      { id: 'b', value: 1, segment: 'A', excludedRepIds: ['r1'] },
      { id: 'c', value: 1, segment: 'Z', workload: 4 },
      { id: 'd', value: 1, segment: 'Z' },
    ],
    reps: [
      { id: 'r1', role: 'field', capacity: 100, skills: ['pharma'] },
      { id: 'r2', role: 'field', capacity: 100 },
      { id: 'r3', role: 'inside', capacity: 100, skills: ['pharma'] },
    ],
    callPatterns: [pattern('in_person')],
    travel: { distanceKm: [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]] },
  });
  const patterns = indexPatterns(problem.callPatterns);

  it('needs a call pattern for (segment, role)', () => {
    expect(ineligibility(problem, patterns, 'A', 0, 0)).toBeNull();
    expect(ineligibility(problem, patterns, 'A', 0, 2)).toBe('no call pattern for segment A and role inside');
    expect(ineligibility(problem, patterns, 'Z', 3, 0)).toBe('no call pattern for segment Z and role field');
  });

  it('needs every skill of the account', () => {
    expect(ineligibility(problem, patterns, 'A', 0, 1)).toBe('rep lacks skill pharma');
  });

  it('respects exclusions', () => {
    expect(ineligibility(problem, patterns, 'A', 1, 0)).toBe('rep is excluded');
    expect(ineligibility(problem, patterns, 'A', 1, 1)).toBeNull();
  });

  it('a fixed-workload account whose segment has no pattern may go to any role', () => {
    expect(ineligibility(problem, patterns, 'Z', 2, 0)).toBeNull();
    expect(ineligibility(problem, patterns, 'Z', 2, 2)).toBeNull();
  });
});
