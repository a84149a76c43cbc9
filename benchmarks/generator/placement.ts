/**
 * Territories first, homes second. The accounts of a role are cut recursively (along the longer
 * side, at the point where the work on each side matches the capacity of the reps sent there) until
 * each rep has one compact cell holding its capacity share of the work; the rep lives at the
 * account of the cell from which the cell's work is nearest. The cells are a workload-balanced plan by
 * construction (the seed of the planted solution) and every rep has its share of work nearby.
 *
 * Work is weighed with travel: after a first cut on call time alone, each account also carries the
 * travel from its cell's home, and the cut is made again, so rural cells get fewer accounts.
 */
import { toLatLon, type UnitVectors } from './geo.ts';

export interface PlacementInput {
  /** The accounts this role serves. */
  readonly points: UnitVectors;
  /** Relative calls per year of each account. */
  readonly visits: Float64Array;
  /** Relative call time per visit of each account. */
  readonly callWeight: Float64Array;
  /** Travel hours per visit and km of distance (0 for phone and video roles). */
  readonly travelHoursPerKm: number;
  /** Expected share of travel in workload; sets call time against travel in the weights. */
  readonly travelShare: number;
  readonly capacities: readonly number[];
  /** Cuts on travel-weighted work after the first (0 for phone roles). */
  readonly passes: number;
}

/** Accounts tried as a rep's home: enough to find the heart of a cell, few enough for 50,000 accounts. */
const HOME_CANDIDATES = 48;

export interface Placement {
  /** Home of each rep. */
  readonly homes: { lat: number; lon: number }[];
  /** Cell (rep index) of each point. */
  readonly cell: Int32Array;
}

export function placeHomes(input: PlacementInput): Placement {
  const { points, visits, callWeight, travelHoursPerKm: tau, travelShare, capacities } = input;
  const n = points.x.length;
  const m = capacities.length;
  // A plane in km around the points' centre: accurate enough to cut territories, even for the US.
  let sx = 0;
  let sy = 0;
  let sz = 0;
  for (let i = 0; i < n; i++) {
    sx += points.x[i] ?? 0;
    sy += points.y[i] ?? 0;
    sz += points.z[i] ?? 0;
  }
  const centre = toLatLon(sx, sy, sz);
  const kmPerLon = 111.32 * Math.cos((centre.lat * Math.PI) / 180);
  const px = new Float64Array(n);
  const py = new Float64Array(n);
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = toLatLon(points.x[i] ?? 0, points.y[i] ?? 0, points.z[i] ?? 0);
    lat[i] = p.lat;
    lon[i] = p.lon;
    px[i] = (p.lon - centre.lon) * kmPerLon;
    py[i] = (p.lat - centre.lat) * 110.574;
  }
  const cell = new Int32Array(n);
  const home = new Int32Array(m); // the account each rep lives at
  const sq = (i: number, x: number, y: number): number => ((px[i] ?? 0) - x) ** 2 + ((py[i] ?? 0) - y) ** 2;
  let weight = Float64Array.from({ length: n }, (_, i) => (visits[i] ?? 0) * (callWeight[i] ?? 0));

  const cut = (idx: number[], reps: number[]): void => {
    if (reps.length === 1) {
      const j = reps[0] ?? 0;
      for (const i of idx) cell[i] = j;
      // The rep lives at the account that minimises the cell's work-weighted distance (a medoid:
      // in a cell spanning two towns, the bigger town, not a field between them). Candidates are
      // a spread sample of the cell's accounts (so denser places get more), so big cells stay cheap.
      const stride = Math.max(1, Math.ceil(idx.length / HOME_CANDIDATES));
      const near = idx.filter((_, k) => k % stride === 0);
      let best = near[0] ?? 0;
      let bestCost = Infinity;
      for (const h of near) {
        let cost = 0;
        for (const i of idx) cost += (weight[i] ?? 0) * Math.sqrt(sq(i, px[h] ?? 0, py[h] ?? 0));
        if (cost < bestCost) [best, bestCost] = [h, cost];
      }
      home[j] = best;
      return;
    }
    const half = Math.floor(reps.length / 2);
    const capacityOf = (rs: number[]): number => rs.reduce((s, j) => s + (capacities[j] ?? 0), 0);
    const share = capacityOf(reps.slice(0, half)) / capacityOf(reps);
    let x0 = Infinity;
    let x1 = -Infinity;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (const i of idx) {
      x0 = Math.min(x0, px[i] ?? 0);
      x1 = Math.max(x1, px[i] ?? 0);
      y0 = Math.min(y0, py[i] ?? 0);
      y1 = Math.max(y1, py[i] ?? 0);
    }
    const axis = x1 - x0 >= y1 - y0 ? px : py;
    const sorted = [...idx].sort((a, b) => (axis[a] ?? 0) - (axis[b] ?? 0) || a - b);
    const total = sorted.reduce((s, i) => s + (weight[i] ?? 0), 0);
    // Cut where the work before it first reaches the first half's capacity share; at least one
    // account per side while there are accounts to spare.
    let split = 0;
    let before = 0;
    while (split < sorted.length && before + (weight[sorted[split] ?? 0] ?? 0) / 2 < share * total) {
      before += weight[sorted[split] ?? 0] ?? 0;
      split++;
    }
    if (sorted.length >= 2) split = Math.min(sorted.length - 1, Math.max(1, split));
    cut(sorted.slice(0, split), reps.slice(0, half));
    cut(sorted.slice(split), reps.slice(half));
  };

  const all = Array.from({ length: n }, (_, i) => i);
  const reps = Array.from({ length: m }, (_, j) => j);
  for (let pass = 0; pass <= input.passes && n > 0; pass++) {
    cut(all, reps);
    if (pass === input.passes || tau <= 0) break;
    // Call time per unit of callWeight such that travel is `travelShare` of all work.
    const km = Float64Array.from(all, (i) => {
      const h = home[cell[i] ?? 0] ?? 0;
      return Math.hypot((px[i] ?? 0) - (px[h] ?? 0), (py[i] ?? 0) - (py[h] ?? 0));
    });
    let travel = 0;
    let calls = 0;
    for (let i = 0; i < n; i++) {
      travel += (visits[i] ?? 0) * tau * (km[i] ?? 0);
      calls += (visits[i] ?? 0) * (callWeight[i] ?? 0);
    }
    const callHours = travel > 0 && calls > 0 ? (travel * (1 - travelShare)) / (travelShare * calls) : 1;
    weight = Float64Array.from(all, (i) => (visits[i] ?? 0) * (callHours * (callWeight[i] ?? 0) + tau * (km[i] ?? 0)));
  }
  return {
    homes: Array.from(home, (i) => (n > 0 ? { lat: lat[i] ?? 0, lon: lon[i] ?? 0 } : { lat: 0, lon: 0 })),
    cell,
  };
}
