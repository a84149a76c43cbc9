/**
 * The plan on a map: every account as a point with its rep, every rep's home, and every territory as
 * a polygon (the convex hull of its accounts and the rep's home, built with @turf/turf). Accounts
 * without coordinates (problems given as a distance matrix) are left out.
 */
import { buffer, convex, featureCollection, point } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { ProblemInput, TerritoryResult } from '../../solver/index.ts';

export function toGeoJson(problem: ProblemInput, result: TerritoryResult): FeatureCollection {
  const features: Feature<Geometry>[] = [];
  const repOf = new Map(result.assignments.map((a) => [a.accountId, a]));
  const from = new Map(result.moves.map((m) => [m.accountId, m.fromRepId]));
  const pointsByRep = new Map<string, Array<[number, number]>>();
  for (const a of problem.accounts) {
    const assigned = repOf.get(a.id);
    if (!assigned || a.lat === undefined || a.lon === undefined) continue;
    features.push(point([a.lon, a.lat], {
      kind: 'account', accountId: a.id, name: a.name ?? null, repId: assigned.repId, segment: assigned.segment,
      value: a.value, moved: from.has(a.id), fromRepId: from.get(a.id) ?? null,
    }));
    const list = pointsByRep.get(assigned.repId) ?? [];
    list.push([a.lon, a.lat]);
    pointsByRep.set(assigned.repId, list);
  }
  for (const rep of problem.reps) {
    if (rep.lat === undefined || rep.lon === undefined) continue;
    features.push(point([rep.lon, rep.lat], { kind: 'rep', repId: rep.id, name: rep.name ?? null, role: rep.role }));
  }
  for (const t of result.territories) {
    const rep = problem.reps.find((r) => r.id === t.repId);
    const coords = [...(pointsByRep.get(t.repId) ?? [])];
    if (rep?.lat !== undefined && rep.lon !== undefined) coords.push([rep.lon, rep.lat]);
    if (coords.length === 0) continue;
    const shape = territoryShape(coords);
    if (!shape) continue;
    shape.properties = {
      kind: 'territory', repId: t.repId, role: t.role, accounts: t.accounts, workload: t.workload.total,
      utilization: t.utilization, value: t.value, travelKm: t.travelKm,
    };
    features.push(shape);
  }
  return featureCollection(features);
}

/** Convex hull of the points; fewer than three distinct points get a 2 km buffer instead. */
function territoryShape(coords: Array<[number, number]>): Feature<Geometry> | null {
  const hull = coords.length >= 3 ? convex(featureCollection(coords.map((c) => point(c)))) : null;
  if (hull) return hull as Feature<Geometry>;
  const around = buffer(featureCollection(coords.map((c) => point(c))), 2, { units: 'kilometers' });
  const first = around?.features[0];
  return first ? (first as Feature<Geometry>) : null;
}
