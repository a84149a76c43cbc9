/**
 * The plan's outliers and compactness (docs/result-format.md, "compactness"): per account its
 * stretch (km to its owner over km to its nearest eligible rep of the owner's role, each at least
 * 1 km; accounts called on in person only), per territory its farthest accounts and nearest share, for every account with stretch
 * above 2 what keeps it from that nearest rep (found by trying the one move on the plan against the
 * model's hard constraints and objective), and the overlap of same-role territories' convex hulls.
 */
import { evaluateObjective } from './assignment.ts';
import { checkAssignment } from './check-assignment.ts';
import { pinOf, type CompiledProblem } from './compile.ts';
import type { Compactness, FarAccount, HullOverlap, Outlier, TerritoryCompactness } from './result.ts';
import { distanceKm } from './travel.ts';
import { indexPatterns, ineligibilityWords, ineligibilityOf } from './workload.ts';

/** Stretch above this makes an outlier. */
export const OUTLIER_STRETCH = 2;
const FARTHEST = 3;
const LISTED = 50;
/** Hull overlaps below this share of the smaller hull are slivers, not counted. */
const OVERLAP_SHARE = 0.001;

/** Km below this count as this much in a stretch (a rep living at the account would divide by 0). */
const MIN_KM = 1;
export const stretchOf = (km: number, nearestKm: number) => Math.max(km, MIN_KM) / Math.max(nearestKm, MIN_KM);

export function compactness(c: CompiledProblem, assignment: Int32Array): Compactness {
  const { problem, model, roleOfRep } = c;
  const n = model.items;
  const ownerKm = new Float64Array(n);
  const nearestRep = new Int32Array(n);
  const nearestKm = new Float64Array(n);
  const stretch = new Float64Array(n);
  const patterns = indexPatterns(problem.callPatterns);
  // Only accounts called on in person have a geography: phone and video calls drive no km.
  const inPerson = Uint8Array.from(problem.accounts, (_, i) => (patterns.get(c.segments[i]!)?.get(problem.reps[assignment[i]!]!.role)?.channel === 'in_person' ? 1 : 0));
  for (let i = 0; i < n; i++) {
    const j = assignment[i]!;
    let best = -1;
    let own = NaN;
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) {
      const k = model.pairAgent[p]!;
      if (k === j) own = c.pairKm[p]!;
      if (roleOfRep[k] !== roleOfRep[j]) continue;
      // Ties go to the owner, then to the first rep.
      if (best < 0 || c.pairKm[p]! < nearestKm[i]! - 1e-9 || (k === j && c.pairKm[p]! <= nearestKm[i]! + 1e-9)) {
        best = k;
        nearestKm[i] = c.pairKm[p]!;
      }
    }
    ownerKm[i] = own;
    nearestRep[i] = best;
    stretch[i] = best === j ? 1 : stretchOf(own, nearestKm[i]!);
  }

  const far = (i: number): FarAccount => {
    const a = problem.accounts[i]!;
    const k = nearestRep[i]!;
    const rep = problem.reps[k]!;
    return {
      accountId: a.id,
      ...(a.name !== undefined ? { accountName: a.name } : {}),
      km: ownerKm[i]!,
      nearestRepId: rep.id,
      ...(rep.name !== undefined ? { nearestRepName: rep.name } : {}),
      nearestKm: nearestKm[i]!,
      kmNearer: ownerKm[i]! - nearestKm[i]!,
      stretch: stretch[i]!,
    };
  };

  const byRep = problem.reps.map(() => [] as number[]);
  for (let i = 0; i < n; i++) if (inPerson[i]) byRep[assignment[i]!]!.push(i);
  const territories: TerritoryCompactness[] = problem.reps.map((rep, j) => {
    const mine = byRep[j]!;
    const farthest = [...mine].sort((x, y) => ownerKm[y]! - ownerKm[x]! || x - y).slice(0, FARTHEST);
    return {
      repId: rep.id,
      accounts: mine.length,
      nearestShare: mine.length > 0 ? mine.filter((i) => nearestRep[i] === j).length / mine.length : null,
      maxStretch: mine.length > 0 ? mine.reduce((m, i) => Math.max(m, stretch[i]!), 1) : null,
      farthest: farthest.map(far),
    };
  });

  const located = [...Array(n).keys()].filter((i) => inPerson[i]);
  const over = located.filter((i) => stretch[i]! > OUTLIER_STRETCH).sort((x, y) => stretch[y]! - stretch[x]! || x - y);
  const before = over.length > 0 ? evaluateObjective(model, assignment) : 0;
  const outliers: Outlier[] = over.slice(0, LISTED).map((i) => ({ ...far(i), repId: problem.reps[assignment[i]!]!.id, ...whyNotNearest(c, assignment, before, i, nearestRep[i]!, nearestKm[i]!) }));

  const hulls = hullOverlaps(c, byRep);
  const atNearest = located.filter((i) => nearestRep[i] === assignment[i]).length;
  return {
    accounts: located.length,
    nearestShare: located.length > 0 ? atNearest / located.length : 1,
    stretchAbove2: over.length,
    maxStretch: located.reduce((m, i) => Math.max(m, stretch[i]!), 1),
    outliers,
    hulls: hulls.pairs,
    overlappingHulls: hulls.overlaps.length,
    hullOverlaps: hulls.overlaps.slice(0, LISTED),
    territories,
  };
}

const name = (c: CompiledProblem, j: number) => c.problem.reps[j]!.name ?? c.problem.reps[j]!.id;

/**
 * What keeps account i from its nearest eligible rep k: the plan with that one move is checked
 * against the model's hard constraints (the families it breaks), else its objective is compared.
 */
function whyNotNearest(c: CompiledProblem, assignment: Int32Array, before: number, i: number, k: number, kKm: number): Pick<Outlier, 'reason' | 'explanation'> {
  const { problem, model } = c;
  const a = problem.accounts[i]!;
  const owner = assignment[i]!;
  const moved = Int32Array.from(assignment);
  moved[i] = k;
  const check = checkAssignment(model, moved);
  const families = [...new Set(check.violations.map((v) => v.slice(0, v.indexOf(':'))))];
  const head = `${a.name !== undefined ? `${a.name} (${a.id})` : a.id} is ${Math.round(kmOf(c, i, owner))} km from ${name(c, owner)}${nearerIneligible(c, i, owner, kKm)}; ${name(c, k)}, ${Math.round(kKm)} km away,`;
  if (families.length > 0) {
    const reason = (families.includes('capacity') ? 'capacity' : families[0]) as Outlier['reason'];
    return { reason, explanation: `${head} may not take it in this plan: the move alone would break ${families.join(', ')}` };
  }
  const delta = check.objective - before;
  if (Math.abs(delta) <= 1e-9 * Math.max(1, Math.abs(before))) return { reason: 'objective', explanation: `${head} may take it, and the move alone leaves the objective unchanged (a tie)` };
  if (delta > 0) return { reason: 'objective', explanation: `${head} may take it, but the move alone costs ${delta.toFixed(1)} more in the objective (travel, balance or disruption)` };
  return { reason: 'search', explanation: `${head} may take it and the move alone saves ${(-delta).toFixed(1)} in the objective: the solve stopped before finding it` };
}

function kmOf(c: CompiledProblem, i: number, j: number): number {
  return distanceKm(c.problem, i, j);
}

/** ": only Anna, Ben of the 5 field reps may own it; the nearer Carla: rep lacks skill key-account", or "". */
function nearerIneligible(c: CompiledProblem, i: number, owner: number, kKm: number): string {
  const { problem, model, roleOfRep } = c;
  const role = roleOfRep[owner]!;
  const eligible = new Set<number>();
  for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) if (roleOfRep[model.pairAgent[p]!] === role) eligible.add(model.pairAgent[p]!);
  const members = problem.reps.flatMap((_, j) => (roleOfRep[j] === role ? [j] : []));
  const nearer = members.filter((j) => !eligible.has(j) && kmOf(c, i, j) < kKm);
  if (nearer.length === 0) return '';
  const patterns = indexPatterns(problem.callPatterns);
  const pin = pinOf(problem, c.segments, c.current, i);
  const why = (j: number) => {
    if (pin === 'locked') return `the account is locked to ${problem.accounts[i]!.lockedRepId}`;
    if (pin === 'frozen') return `segment ${c.segments[i]} is frozen`;
    const w = ineligibilityOf(problem, patterns, c.segments[i]!, i, j);
    return w ? ineligibilityWords(w) : 'not eligible';
  };
  const groups = new Map<string, string[]>();
  for (const j of nearer) groups.set(why(j), [...(groups.get(why(j)) ?? []), name(c, j)]);
  const only = [...eligible].map((j) => name(c, j));
  const onlyText = only.length <= 3 ? `only ${only.join(', ')} of the ${members.length} ${problem.reps[owner]!.role} reps may own it` : `${only.length} of the ${members.length} ${problem.reps[owner]!.role} reps may own it`;
  return `: ${onlyText} (nearer ${[...groups].map(([w, reps]) => `${reps.join(', ')}: ${w}`).join('; ')})`;
}

/** Same-role pairs of territory hulls, and those that overlap, on an equirectangular projection in km. */
function hullOverlaps(c: CompiledProblem, byRep: readonly number[][]): { pairs: number; overlaps: HullOverlap[] } {
  const { problem } = c;
  const located = problem.accounts.filter((a) => a.lat !== undefined && a.lon !== undefined);
  if (located.length === 0) return { pairs: 0, overlaps: [] };
  const lat0 = (located.reduce((s, a) => s + a.lat!, 0) / located.length) * (Math.PI / 180);
  const hulls = byRep.map((accounts) => {
    const pts = accounts.flatMap((i) => {
      const a = problem.accounts[i]!;
      return a.lat !== undefined && a.lon !== undefined ? [[a.lon * 111.32 * Math.cos(lat0), a.lat * 110.574] as Point] : [];
    });
    const hull = convexHull(pts);
    return hull.length >= 3 && area(hull) > 1e-9 ? hull : null;
  });
  let pairs = 0;
  const overlaps: HullOverlap[] = [];
  for (let j = 0; j < hulls.length; j++) {
    for (let k = j + 1; k < hulls.length; k++) {
      const hj = hulls[j];
      const hk = hulls[k];
      if (!hj || !hk || problem.reps[j]!.role !== problem.reps[k]!.role) continue;
      pairs++;
      const share = area(clip(hj, hk)) / Math.min(area(hj), area(hk));
      if (share > OVERLAP_SHARE) overlaps.push({ repIds: [problem.reps[j]!.id, problem.reps[k]!.id], share: Math.min(1, share) });
    }
  }
  overlaps.sort((x, y) => y.share - x.share);
  return { pairs, overlaps };
}

export type Point = readonly [number, number];

const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Convex hull, counter-clockwise, without collinear points (Andrew's monotone chain). */
export function convexHull(points: readonly Point[]): Point[] {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const half = (list: Point[]) => {
    const out: Point[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(pts), ...half([...pts].reverse())];
}

/** Area of a simple polygon (shoelace), >= 0. */
export function area(poly: readonly Point[]): number {
  let s = 0;
  for (let k = 0; k < poly.length; k++) {
    const a = poly[k]!;
    const b = poly[(k + 1) % poly.length]!;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return Math.abs(s) / 2;
}

/** Intersection of two convex polygons, the clip counter-clockwise (Sutherland-Hodgman). */
export function clip(subject: readonly Point[], clipper: readonly Point[]): Point[] {
  let out: Point[] = [...subject];
  for (let e = 0; e < clipper.length && out.length > 0; e++) {
    const a = clipper[e]!;
    const b = clipper[(e + 1) % clipper.length]!;
    const input = out;
    out = [];
    for (let k = 0; k < input.length; k++) {
      const p = input[k]!;
      const q = input[(k + 1) % input.length]!;
      const pIn = cross(a, b, p) >= 0;
      const qIn = cross(a, b, q) >= 0;
      if (pIn) out.push(p);
      if (pIn !== qIn) {
        const t = cross(a, b, p) / (cross(a, b, p) - cross(a, b, q));
        out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return out;
}
