/**
 * Distances and travel time between reps' homes and accounts (docs/architecture.md, "Workload and
 * travel").
 */
import type { Problem } from './problem.ts';

/** Mean earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km between two points given in degrees. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Distance in km from rep j's home to account i: the user's matrix `travel.distanceKm[j][i]` when
 * given, else the haversine distance. (Circuity is applied on top by the travel formulas.)
 */
export function distanceKm(problem: Problem, i: number, j: number): number {
  const matrix = problem.travel.distanceKm;
  if (matrix) return matrix[j]![i]!;
  const a = problem.accounts[i]!;
  const r = problem.reps[j]!;
  return haversineKm(r.lat!, r.lon!, a.lat!, a.lon!);
}

/** Hours of travel charged to one in-person visit: half a round trip by default (routes chain visits). */
export function travelHoursPerVisit(problem: Problem, km: number): number {
  const t = problem.travel;
  return ((2 * km * t.circuityFactor) / t.speedKmh) * t.routeSharing;
}

/** Road km charged to one in-person visit (the same share of a round trip). */
export function travelKmPerVisit(problem: Problem, km: number): number {
  const t = problem.travel;
  return 2 * km * t.circuityFactor * t.routeSharing;
}
