/**
 * Geometry for the generator. Distances follow docs/architecture.md, "Workload and travel"
 * (haversine, earth radius 6371.0088 km) so that the generator's calibration sees the same km as the
 * engine.
 */

export const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle km between two points (haversine). */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Points as unit vectors: the nearest point by great-circle distance is the one with the largest dot product. */
export interface UnitVectors {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly z: Float64Array;
}

export function toUnitVectors(lat: ArrayLike<number>, lon: ArrayLike<number>): UnitVectors {
  const n = lat.length;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const phi = (lat[i] ?? 0) * RAD;
    const lambda = (lon[i] ?? 0) * RAD;
    x[i] = Math.cos(phi) * Math.cos(lambda);
    y[i] = Math.cos(phi) * Math.sin(lambda);
    z[i] = Math.sin(phi);
  }
  return { x, y, z };
}

/** Latitude and longitude of a unit vector (normalised first, so a weighted sum of vectors works). */
export function toLatLon(x: number, y: number, z: number): { lat: number; lon: number } {
  const norm = Math.hypot(x, y, z) || 1;
  return { lat: Math.asin(z / norm) / RAD, lon: Math.atan2(y, x) / RAD };
}

/** The point `eastKm` east and `northKm` north of (lat, lon): a flat offset, accurate at city scale. */
export function offsetKm(lat: number, lon: number, eastKm: number, northKm: number): { lat: number; lon: number } {
  return { lat: lat + northKm / 110.574, lon: lon + eastKm / (111.32 * Math.cos(lat * RAD)) };
}

/** Coordinates are published to 5 decimals (about 1 m): compact JSON, and calibration uses exactly these. */
export function round5(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}

/**
 * For each point, the indices of its `k` nearest candidates (nearest first) among `candidates`,
 * skipping those `allowed` rejects. Brute force over the candidates: 50,000 x 500 is 25 M dot
 * products, well under a second, and exact, which a grid on a sphere is not without care.
 */
export function nearestCandidates(
  points: UnitVectors,
  sites: UnitVectors,
  candidates: readonly number[],
  k: number,
  allowed: (point: number, site: number) => boolean = () => true,
): number[][] {
  const out: number[][] = [];
  const n = points.x.length;
  const best = new Int32Array(k);
  const bestDot = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    best.fill(-1);
    bestDot.fill(-Infinity);
    const px = points.x[i] ?? 0;
    const py = points.y[i] ?? 0;
    const pz = points.z[i] ?? 0;
    for (const j of candidates) {
      const dot = px * (sites.x[j] ?? 0) + py * (sites.y[j] ?? 0) + pz * (sites.z[j] ?? 0);
      if (dot <= (bestDot[k - 1] ?? Infinity) || !allowed(i, j)) continue;
      // Insertion into the short sorted list; ties keep the lower index first (determinism).
      let slot = k - 1;
      while (slot > 0 && dot > (bestDot[slot - 1] ?? -Infinity)) {
        bestDot[slot] = bestDot[slot - 1] ?? -Infinity;
        best[slot] = best[slot - 1] ?? -1;
        slot--;
      }
      bestDot[slot] = dot;
      best[slot] = j;
    }
    const row: number[] = [];
    for (const j of best) if (j >= 0) row.push(j);
    out.push(row);
  }
  return out;
}
