/**
 * Territory areas that do not overlap: the Voronoi cells of the accounts (each the region nearer to
 * that account than to any other), dissolved per rep, clipped to a buffer around the rep's accounts
 * and home so the areas end near the accounts instead of at the map's edge. Cells of different
 * accounts never overlap, so neither do the areas: unlike convex hulls, which cross wherever two
 * territories interleave.
 */
import { buffer, convex, featureCollection, intersect, point, polygon, union, voronoi } from '@turf/turf';
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
    const reach = reachOf(pointsOf.get(repId) ?? [], homes.get(repId));
    const ring = reach ? convexRing(reach) : null;
    let shape: Feature<Polygon | MultiPolygon> | null;
    if (ring) {
      // A convex reach (the buffered hull of 3 or more accounts): each cell is clipped to it on its
      // own, by a half-plane per edge, then the clipped cells are dissolved. Several times faster
      // than dissolving the cells and intersecting the result with turf, and each clipped cell stays
      // inside its own cell, so areas still never overlap.
      const clipped = list.flatMap((cell) => {
        const out = clipConvex(cell.geometry.coordinates[0]!, ring);
        return out.length >= 4 ? [polygon([out])] : [];
      });
      shape = clipped.length === 0 ? null : clipped.length === 1 ? clipped[0]! : union(featureCollection(clipped));
    } else {
      const merged = list.length === 1 ? list[0]! : union(featureCollection(list));
      shape = merged && reach ? intersect(featureCollection([merged, reach])) : merged;
    }
    if (shape) areas.push({ ...shape, properties: { repId } } as Area);
  }
  return areas;
}

type Ring = Array<[number, number]>;

/** The reach's outer ring, counter-clockwise and without its closing point, when it is one convex polygon. */
function convexRing(reach: Feature<Polygon | MultiPolygon>): Ring | null {
  if (reach.geometry.type !== 'Polygon') return null;
  const ring = reach.geometry.coordinates[0]!.slice(0, -1).map(([x, y]) => [x!, y!] as [number, number]);
  if (ring.length < 3) return null;
  let twiceArea = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    twiceArea += x1 * y2 - x2 * y1;
  }
  return twiceArea < 0 ? ring.reverse() : ring;
}

/** Sutherland-Hodgman: `subject` (a closed ring) cut by the half-plane left of each edge of the convex `clip`. */
function clipConvex(subject: readonly number[][], clip: Ring): Ring {
  let out: Ring = subject.slice(0, -1).map(([x, y]) => [x!, y!]);
  for (let i = 0; i < clip.length && out.length > 0; i++) {
    const [ax, ay] = clip[i]!;
    const [bx, by] = clip[(i + 1) % clip.length]!;
    const side = (p: [number, number]) => (bx - ax) * (p[1] - ay) - (by - ay) * (p[0] - ax);
    const input = out;
    out = [];
    for (let k = 0; k < input.length; k++) {
      const p = input[k]!;
      const q = input[(k + 1) % input.length]!;
      const sp = side(p);
      const sq = side(q);
      if (sp >= 0) out.push(p);
      if ((sp >= 0) !== (sq >= 0)) {
        const t = sp / (sp - sq);
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return out.length >= 3 ? [...out, out[0]!] : [];
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
