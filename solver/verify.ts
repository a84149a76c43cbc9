/**
 * Independent checker of a plan against every hard constraint of the problem, and the objective
 * recomputed from first principles. It deliberately shares no code with compile.ts, workload.ts,
 * segments.ts or travel.ts: it re-derives segments, eligibility and workloads from the formulas in
 * docs/architecture.md ("The model"), so a bug in the engine's compilation cannot hide itself here.
 */
import type { Problem } from './problem.ts';
import type { ObjectiveBreakdown } from './result.ts';

export interface Verification {
  readonly ok: boolean;
  readonly violations: readonly string[];
  readonly objective: ObjectiveBreakdown;
  /** Workload hours per rep, recomputed. */
  readonly workload: readonly number[];
}

const REL = 1e-6;
const over = (x: number, limit: number) => x > limit + REL * Math.max(1, Math.abs(limit));

export function verify(problem: Problem, assignments: ReadonlyArray<{ accountId: string; repId: string }>): Verification {
  const v: string[] = [];
  const { accounts, reps } = problem;
  const repOf = new Map<string, number>(reps.map((r, j) => [r.id, j]));
  const owner = new Array<number>(accounts.length).fill(-1);
  const accountOf = new Map<string, number>(accounts.map((a, i) => [a.id, i]));
  for (const a of assignments) {
    const i = accountOf.get(a.accountId);
    const j = repOf.get(a.repId);
    if (i === undefined) v.push(`assignment names unknown account ${a.accountId}`);
    else if (j === undefined) v.push(`account ${a.accountId} is given to unknown rep ${a.repId}`);
    else if (owner[i] !== -1) v.push(`account ${a.accountId} is assigned more than once`);
    else owner[i] = j;
  }
  accounts.forEach((a, i) => {
    if (owner[i] === -1) v.push(`account ${a.id} is not assigned`);
  });

  // Segments by the 80/20 rule: A while the value ranked above an account is below aValueShare.
  const total = accounts.reduce((s, a) => s + a.value, 0);
  const ranked = accounts.map((a, i) => ({ value: a.value, i })).sort((x, y) => y.value - x.value || x.i - y.i);
  const segment = new Array<string>(accounts.length);
  let above = 0;
  const { aValueShare, bValueShare } = problem.segmentation;
  for (const { value, i } of ranked) {
    // Strictly below the boundary, with a tolerance of 1e-9 of the total (docs/problem-format.md).
    const derived = above < aValueShare * total - 1e-9 * total ? 'A' : above < (aValueShare + bValueShare) * total - 1e-9 * total ? 'B' : 'C';
    segment[i] = accounts[i]!.segment ?? (total > 0 ? derived : 'C');
    above += value;
  }

  const pattern = (i: number, j: number) => problem.callPatterns.find((p) => p.segment === segment[i] && p.role === reps[j]!.role);
  const km = (i: number, j: number) => {
    if (problem.travel.distanceKm) return problem.travel.distanceKm[j]![i]!;
    const a = accounts[i]!;
    const r = reps[j]!;
    const rad = Math.PI / 180;
    const h = Math.sin(((a.lat! - r.lat!) * rad) / 2) ** 2 + Math.cos(a.lat! * rad) * Math.cos(r.lat! * rad) * Math.sin(((a.lon! - r.lon!) * rad) / 2) ** 2;
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
  };
  const { circuityFactor, speedKmh, routeSharing } = problem.travel;
  const workloadOf = (i: number, j: number) => {
    const fixed = accounts[i]!.workload;
    if (fixed !== undefined) return fixed;
    const p = pattern(i, j)!;
    const travel = p.channel === 'in_person' ? ((2 * km(i, j) * circuityFactor) / speedKmh) * routeSharing : 0;
    return p.callsPerYear * (p.minutesPerCall / 60 + travel);
  };
  const kmDrivenOf = (i: number, j: number) => {
    const p = pattern(i, j);
    return p && p.channel === 'in_person' ? p.callsPerYear * 2 * km(i, j) * circuityFactor * routeSharing : 0;
  };

  // Distance limits, field by field the most specific of segment > role > global, in road km
  // (km x circuityFactor); maxTravelMinutes is one-way minutes at speedKmh over the same road km.
  const limitOf = (i: number, j: number): { km: number; soft: boolean; perKm: number } | null => {
    const l = problem.limits;
    if (l === undefined) return null;
    const seg = l.bySegment?.[segment[i]!];
    const role = l.byRole?.[reps[j]!.role];
    const maxKm = seg?.maxDistanceKm ?? role?.maxDistanceKm ?? l.maxDistanceKm;
    const maxMin = seg?.maxTravelMinutes ?? role?.maxTravelMinutes ?? l.maxTravelMinutes;
    if (maxKm === undefined && maxMin === undefined) return null;
    const km = Math.min(maxKm ?? Infinity, maxMin === undefined ? Infinity : (maxMin * speedKmh) / 60);
    const mode = seg?.mode ?? role?.mode ?? l.mode ?? 'hard';
    return { km, soft: mode === 'soft', perKm: seg?.penaltyPerKm ?? role?.penaltyPerKm ?? l.penaltyPerKm ?? 100 };
  };
  const road = (i: number, j: number) => km(i, j) * circuityFactor;
  const frozenSet = new Set(problem.objective.frozenSegments);
  /** May rep j own account i at all (every hard rule about the pair, none about the plan)? */
  const eligible = (i: number, j: number): boolean => {
    const a = accounts[i]!;
    const rep = reps[j]!;
    const free = a.workload !== undefined && !problem.callPatterns.some((p) => p.segment === segment[i]);
    if (!free && !pattern(i, j)) return false;
    if (!(a.skills ?? []).every((s) => (rep.skills ?? []).includes(s))) return false;
    if (a.excludedRepIds?.includes(rep.id)) return false;
    if (a.lockedRepId !== undefined && a.lockedRepId !== rep.id) return false;
    const cur = a.currentRepId !== undefined ? repOf.get(a.currentRepId) : undefined;
    if (a.lockedRepId === undefined && cur !== undefined && frozenSet.has(segment[i]!) && cur !== j) return false;
    const lim = limitOf(i, j);
    return !(lim !== null && !lim.soft && road(i, j) > lim.km * (1 + 1e-9));
  };
  let distancePenalty = 0;
  let stretchKm = 0;
  // Value-weighted tiers below 1 of the plan's owners (strength matching), in units of the mean value.
  let tierMismatch = 0;
  const meanValue = accounts.length > 0 ? total / accounts.length : 0;

  const W = new Array<number>(reps.length).fill(0);
  const V = new Array<number>(reps.length).fill(0);
  const count = new Array<number>(reps.length).fill(0);
  // First-year introduction hours of each rep's takeovers, and its handoffs and takeovers.
  const intro = new Array<number>(reps.length).fill(0);
  const handoffs = new Array<number>(reps.length).fill(0);
  const takeovers = new Array<number>(reps.length).fill(0);
  let travel = 0;
  let disruption = 0;
  let moves = 0;
  const frozen = new Set(problem.objective.frozenSegments);
  accounts.forEach((a, i) => {
    const j = owner[i]!;
    if (j < 0) return;
    const rep = reps[j]!;
    const needsPattern = !(a.workload !== undefined && !problem.callPatterns.some((p) => p.segment === segment[i]));
    if (needsPattern && !pattern(i, j)) v.push(`account ${a.id} (segment ${segment[i]}) has no call pattern for ${rep.id}'s role ${rep.role}`);
    for (const s of a.skills ?? []) if (!(rep.skills ?? []).includes(s)) v.push(`account ${a.id} needs skill ${s}, which ${rep.id} lacks`);
    if (a.excludedRepIds?.includes(rep.id)) v.push(`account ${a.id} excludes ${rep.id}`);
    if (a.lockedRepId !== undefined && a.lockedRepId !== rep.id) v.push(`account ${a.id} is locked to ${a.lockedRepId} but given to ${rep.id}`);
    const cur = a.currentRepId !== undefined ? repOf.get(a.currentRepId) : undefined;
    if (a.lockedRepId === undefined && cur !== undefined && frozen.has(segment[i]!) && cur !== j) {
      v.push(`account ${a.id} is in frozen segment ${segment[i]} but moved from ${a.currentRepId} to ${rep.id}`);
    }
    if (!needsPattern || pattern(i, j)) {
      W[j]! += workloadOf(i, j);
      travel += problem.objective.travel === 'visits' ? kmDrivenOf(i, j) : km(i, j);
    }
    const lim = limitOf(i, j);
    if (lim !== null && road(i, j) > lim.km * (1 + 1e-9)) {
      if (lim.soft) distancePenalty += lim.perKm * (road(i, j) - lim.km);
      else v.push(`account ${a.id} is ${road(i, j).toFixed(1)} road km from ${rep.id}, beyond the limit of ${lim.km.toFixed(1)} km`);
    }
    // Stretch (in-person calls only): road km beyond twice the nearest eligible rep of the owner's role.
    let nearest = Infinity;
    reps.forEach((r, k) => {
      if (r.role === rep.role && eligible(i, k)) nearest = Math.min(nearest, road(i, k));
    });
    if (Number.isFinite(nearest) && pattern(i, j)?.channel === 'in_person') stretchKm += Math.max(0, road(i, j) - 2 * nearest);
    V[j]! += a.value;
    count[j]!++;
    if (meanValue > 0) tierMismatch += (a.value / meanValue) * ((rep.tier ?? 1) - 1);
    if (cur !== undefined && cur !== j) {
      // A takeover for j, a handoff for the current rep; one call of the pattern's length by default.
      handoffs[cur]!++;
      takeovers[j]!++;
      intro[j]! += (problem.transition.introCallMinutes ?? pattern(i, j)?.minutesPerCall ?? 0) / 60;
      moves++;
      const measure = problem.objective.disruptionMeasure;
      const cost = measure === 'accounts' ? 1 : measure === 'value' ? a.value : pattern(i, cur) || a.workload !== undefined ? workloadOf(i, cur) : minWorkload(i);
      disruption += cost;
    }
  });

  function minWorkload(i: number): number {
    let best = Infinity;
    reps.forEach((_, j) => {
      if (pattern(i, j) || accounts[i]!.workload !== undefined) best = Math.min(best, workloadOf(i, j));
    });
    return Number.isFinite(best) ? best : 0;
  }

  // Hours for accounts: capacity less prospecting; the introduction calls count when asked to.
  const forAccounts = reps.map((r) => r.capacity - (r.prospectingHours ?? 0));
  reps.forEach((r, j) => {
    const load = W[j]! + (problem.transition.countAgainstCapacity ? intro[j]! : 0);
    if (over(load, forAccounts[j]!)) v.push(`rep ${r.id} carries ${load.toFixed(2)} h, above its capacity ${forAccounts[j]} h`);
    if (r.maxAccounts !== undefined && count[j]! > r.maxAccounts) v.push(`rep ${r.id} has ${count[j]} accounts, above its maximum ${r.maxAccounts}`);
    if (r.maxHandoffs !== undefined && handoffs[j]! > r.maxHandoffs) v.push(`rep ${r.id} hands off ${handoffs[j]} accounts, above its maxHandoffs ${r.maxHandoffs}`);
    if (r.maxTakeovers !== undefined && takeovers[j]! > r.maxTakeovers) v.push(`rep ${r.id} takes over ${takeovers[j]} accounts, above its maxTakeovers ${r.maxTakeovers}`);
  });
  const maxMoves = problem.objective.maxMoves;
  if (maxMoves !== undefined && moves > maxMoves) v.push(`${moves} accounts move, above maxMoves ${maxMoves}`);

  // Bands within each role, around the capacity-proportional share of the role's total.
  let penalty = 0;
  const soft = problem.balance.mode === 'soft';
  const bandCheck = (name: string, load: number[], tol: number, typical: number) => {
    for (const role of new Set(reps.map((r) => r.role))) {
      const members = reps.map((r, j) => (r.role === role ? j : -1)).filter((j) => j >= 0);
      const roleLoad = members.reduce((s, j) => s + load[j]!, 0);
      const roleCap = members.reduce((s, j) => s + forAccounts[j]!, 0);
      for (const j of members) {
        // Shares in proportion to the hours for accounts; the bands see no introduction hours.
        const share = (forAccounts[j]! / roleCap) * roleLoad;
        const outside = Math.max(0, (1 - tol) * share - load[j]!, load[j]! - (1 + tol) * share);
        if (soft) penalty += typical > 0 ? (problem.balance.softPenalty / (0.01 * typical)) * outside : 0;
        else if (outside > REL * Math.max(1, share)) v.push(`${name} of rep ${reps[j]!.id} is ${load[j]!.toFixed(2)}, outside ±${tol} of its share ${share.toFixed(2)}`);
      }
    }
  };
  // Soft penalties are per 1% of a typical share: mean capacity (workload), mean value per rep.
  bandCheck('workload', W, problem.balance.workloadTolerance, reps.reduce((s, r) => s + r.capacity, 0) / reps.length);
  if (problem.balance.valueTolerance !== null) bandCheck('value', V, problem.balance.valueTolerance, total / reps.length);

  const { compactnessWeight, tierWeight } = problem.objective;
  const weighted = problem.objective.travelWeight * travel + problem.objective.disruptionWeight * disruption + compactnessWeight * stretchKm + tierWeight * tierMismatch;
  return {
    ok: v.length === 0,
    violations: v,
    objective: {
      travel,
      travelWeight: problem.objective.travelWeight,
      disruption,
      disruptionWeight: problem.objective.disruptionWeight,
      balancePenalty: penalty,
      distancePenalty,
      stretchKm,
      compactnessWeight,
      tierMismatch,
      tierWeight,
      total: weighted + penalty + distancePenalty,
    },
    workload: W,
  };
}
