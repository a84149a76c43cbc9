/**
 * Reps: contracted hours and home bases.
 */
import { B_CALL_RATIO, B_MINUTE_RATIO, type Segment } from './calibrate.ts';
import type { UnitVectors } from './geo.ts';
import { placeHomes } from './placement.ts';
import type { Rng } from './prng.ts';

/** Contracted yearly hours (part-time and senior reps around a 1,700 h norm) with cumulative odds. */
const CAPACITY_STEPS = [1600, 1650, 1700, 1750, 1800] as const;
const CAPACITY_ODDS = [0.1, 0.25, 0.75, 0.9, 1] as const;

export function drawCapacities(count: number, rng: Rng): number[] {
  return Array.from({ length: count }, () => {
    const r = rng();
    return CAPACITY_STEPS[CAPACITY_ODDS.findIndex((p) => r < p)] ?? 1700;
  });
}

/**
 * Homes for the reps `reps` (global indices, with their capacities) of one role, placed on the
 * accounts that role serves (`accounts`, indices into `points`), each account weighted by its
 * relative work: A = 1 visit of 1 unit, B = B_CALL_RATIO visits of B_MINUTE_RATIO units, C = 1 call.
 * `tau` is travel hours per visit and km (0 for phone roles). Also returns each account's cell:
 * the rep whose balanced territory it falls in (-1 for accounts of other roles).
 */
export function placeRole(
  points: UnitVectors,
  segments: readonly Segment[],
  accounts: readonly number[],
  reps: readonly number[],
  capacities: readonly number[],
  tau: number,
  travelShare: number,
  fallback: { lat: number; lon: number },
): { homes: { lat: number; lon: number }[]; cell: Int32Array } {
  const cell = new Int32Array(points.x.length).fill(-1);
  // A tiny instance may have no account for this role: the reps sit in the largest city.
  if (accounts.length === 0) return { homes: reps.map(() => ({ ...fallback })), cell };
  const pick = (a: Float64Array): Float64Array => Float64Array.from(accounts, (i) => a[i] ?? 0);
  const isB = (i: number): boolean => segments[i] === 'B';
  const placed = placeHomes({
    points: { x: pick(points.x), y: pick(points.y), z: pick(points.z) },
    visits: Float64Array.from(accounts, (i) => (isB(i) ? B_CALL_RATIO : 1)),
    callWeight: Float64Array.from(accounts, (i) => (isB(i) ? B_MINUTE_RATIO : 1)),
    travelHoursPerKm: tau,
    travelShare,
    capacities: reps.map((j) => capacities[j] ?? 0),
    passes: tau > 0 ? 3 : 0,
  });
  accounts.forEach((i, p) => (cell[i] = reps[placed.cell[p] ?? 0] ?? -1));
  return { homes: placed.homes, cell };
}
