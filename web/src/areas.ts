/**
 * Territory areas that do not overlap: the Voronoi cells of the accounts (each the region nearer to
 * that account than to any other), dissolved per rep, clipped to a buffer around the rep's accounts
 * and home so the areas end near the accounts instead of at the map's edge. Cells of different
 * accounts never overlap, so neither do the areas: unlike convex hulls, which cross wherever two
 * territories interleave.
 */
import { buffer, convex, featureCollection, intersect, point, union, voronoi } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';

export interface AreaPoint { readonly lon: number; readonly lat: number; readonly repId: string }
export type Area = Feature<Polygon | MultiPolygon, { repId: string }>;

/** How far an area reaches past its outermost accounts. */
const MARGIN_KM = 8;

export function territoryAreas(points: readonly AreaPoint[], homes: ReadonlyMap<string, { lon: number; lat: number }>): Area[] {
  if (points.length === 0) return [];
  // Coincident accounts (one town, two accounts) would share a cell; d3-voronoi drops the second.
  const seen = new Set<string>();
  const unique = points.filter((p) => {
    const key = `${p.lon.toFixed(6)},${p.lat.toFixed(6)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of unique) {
    w = Math.min(w, p.lon); e = Math.max(e, p.lon); s = Math.min(s, p.lat); n = Math.max(n, p.lat);
  }
  const pad = 1;
  const cells = voronoi(featureCollection(unique.map((p) => point([p.lon, p.lat], { repId: p.repId }))), { bbox: [w - pad, s - pad, e + pad, n + pad] });
  const byRep = new Map<string, Array<Feature<Polygon>>>();
  for (const cell of cells.features) {
    if (!cell) continue;
    const repId = (cell.properties as { repId: string }).repId;
    const list = byRep.get(repId) ?? [];
    list.push(cell);
    byRep.set(repId, list);
  }
  const pointsOf = new Map<string, AreaPoint[]>();
  for (const p of unique) {
    const list = pointsOf.get(p.repId) ?? [];
    list.push(p);
    pointsOf.set(p.repId, list);
  }
  const areas: Area[] = [];
  for (const [repId, list] of byRep) {
    const merged = list.length === 1 ? list[0]! : union(featureCollection(list));
    if (!merged) continue;
    const reach = reachOf(pointsOf.get(repId) ?? [], homes.get(repId));
    const clipped = reach ? intersect(featureCollection([merged, reach])) : merged;
    if (clipped) areas.push({ ...clipped, properties: { repId } } as Area);
  }
  return areas;
}

/** The buffered convex hull of the rep's accounts (and home, when it lies among them). */
function reachOf(points: readonly AreaPoint[], _home: { lon: number; lat: number } | undefined): Feature<Polygon | MultiPolygon> | null {
  const fc = featureCollection(points.map((p) => point([p.lon, p.lat])));
  const hull = points.length >= 3 ? convex(fc) : null;
  const shape = hull ?? fc;
  const out = buffer(shape as Parameters<typeof buffer>[0], MARGIN_KM, { units: 'kilometers', steps: 8 });
  if (!out) return null;
  if (out.type === 'Feature') return out as Feature<Polygon | MultiPolygon>;
  const parts = out.features as Array<Feature<Polygon | MultiPolygon>>;
  return parts.length === 1 ? parts[0]! : union(featureCollection(parts as Array<Feature<Polygon>>));
}
