/**
 * What a sales leader reads: per-territory metrics, balance within each role, the call-pattern
 * capacity report (demand vs capacity, headcount needed), quotas and the moves against today.
 */
import { findPair } from './assignment.ts';
import type { CompiledProblem } from './compile.ts';
import { explainMoves } from './move-reasons.ts';
import { rankTerritories } from './territory-quality.ts';
import { assignableHours } from './rep-hours.ts';
import type {
  CapacityReport,
  Move,
  Quota,
  RoleBalance,
  Spread,
  Territory,
} from './result.ts';

/** Chosen pair of each account; when there is no plan, each account's least-workload pair. */
function choosePairs(c: CompiledProblem, assignment: Int32Array | null): Int32Array {
  const { model } = c;
  return Int32Array.from({ length: model.items }, (_, i) => {
    if (assignment) return findPair(model, i, assignment[i]!);
    let best = -1;
    for (let p = model.pairStart[i]!; p < model.pairStart[i + 1]!; p++) {
      if (best < 0 || c.pairWorkload[p]! < c.pairWorkload[best]!) best = p;
    }
    return best;
  });
}

export function territories(c: CompiledProblem, assignment: Int32Array): Territory[] {
  const { problem, model } = c;
  const pairs = choosePairs(c, assignment);
  const t = problem.reps.map(() => ({ accounts: 0, bySegment: {} as Record<string, number>, calls: 0, callHours: 0, travelHours: 0, value: 0, travelKm: 0, km: 0, lat: 0, lon: 0, located: 0 }));
  for (let i = 0; i < model.items; i++) {
    const p = pairs[i]!;
    if (p < 0) continue;
    const x = t[model.pairAgent[p]!]!;
    const a = problem.accounts[i]!;
    x.accounts++;
    x.bySegment[c.segments[i]!] = (x.bySegment[c.segments[i]!] ?? 0) + 1;
    x.calls += c.pairCalls[p]!;
    x.callHours += c.pairCallHours[p]!;
    x.travelHours += c.pairTravelHours[p]!;
    x.value += a.value;
    x.travelKm += c.pairTravelKm[p]!;
    x.km += c.pairKm[p]!;
    if (a.lat !== undefined && a.lon !== undefined) {
      x.lat += a.lat;
      x.lon += a.lon;
      x.located++;
    }
  }
  const shares = roleShares(c, t.map((x) => x.callHours + x.travelHours), t.map((x) => x.value));
  return rankTerritories(problem.reps.map((rep, j) => {
    const x = t[j]!;
    const total = x.callHours + x.travelHours;
    return {
      repId: rep.id,
      ...(rep.name !== undefined ? { repName: rep.name } : {}),
      role: rep.role,
      accounts: x.accounts,
      accountsBySegment: sortKeys(x.bySegment),
      workload: { calls: x.callHours, travel: x.travelHours, total },
      capacity: rep.capacity,
      utilization: total / assignableHours(rep),
      workloadIndex: shares.workload[j]!,
      value: x.value,
      valueIndex: shares.value[j]!,
      travelKm: x.travelKm,
      distanceKm: x.km,
      callsPerYear: x.calls,
      centroid: x.located > 0 ? { lat: x.lat / x.located, lon: x.lon / x.located } : null,
    };
  }));
}

/** Each rep's quantity divided by its share of its role's total, in proportion to its hours for accounts (the bands' weights). */
function roleShares(c: CompiledProblem, workload: number[], value: number[]) {
  const reps = c.problem.reps;
  const index = (q: number[]) => reps.map((rep, j) => {
    const members = reps.flatMap((r, k) => (r.role === rep.role ? [k] : []));
    const total = members.reduce((s, k) => s + q[k]!, 0);
    const cap = members.reduce((s, k) => s + assignableHours(reps[k]!), 0);
    const share = (assignableHours(rep) / cap) * total;
    return share > 0 ? q[j]! / share : 1;
  });
  return { workload: index(workload), value: index(value) };
}

export function balance(c: CompiledProblem, terr: readonly Territory[]): RoleBalance[] {
  return c.roles.map((role) => {
    const members = terr.filter((t) => t.role === role);
    return {
      role,
      reps: members.length,
      workload: spread(members.map((t) => t.workload.total), members.map((t) => t.workloadIndex)),
      value: spread(members.map((t) => t.value), members.map((t) => t.valueIndex)),
    };
  });
}

function spread(xs: number[], index: number[]): Spread {
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
  return {
    min,
    max,
    maxMinRatio: min > 0 ? max / min : null,
    cv: mean > 0 ? sd / mean : 0,
    maxDeviationFromShare: Math.max(...index.map((x) => Math.abs(x - 1))),
  };
}

/**
 * The call-pattern capacity report. With a plan, demand is the plan's workload; without one
 * (infeasible problems) each account is placed at its least-workload eligible rep (`estimated`).
 * Demand is set against the hours for accounts (capacity less prospecting); the plan's handoffs,
 * takeovers and the introduction hours of the takeovers are counted per rep from its moves.
 */
export function capacityReport(c: CompiledProblem, assignment: Int32Array | null): CapacityReport {
  const { problem, model } = c;
  const { targetUtilization, weeksPerYear } = problem.capacityReport;
  const pairs = choosePairs(c, assignment);
  const seg = new Map<string, { accounts: number; calls: number; hours: number }>();
  const repCalls = new Float64Array(model.agents);
  const repHours = new Float64Array(model.agents);
  const transition = new Float64Array(model.agents);
  const handoffs = new Int32Array(model.agents);
  const takeovers = new Int32Array(model.agents);
  for (let i = 0; i < model.items; i++) {
    const s = seg.get(c.segments[i]!) ?? { accounts: 0, calls: 0, hours: 0 };
    s.accounts++;
    const p = pairs[i]!;
    if (p >= 0) {
      s.calls += c.pairCalls[p]!;
      s.hours += c.pairWorkload[p]!;
      repCalls[model.pairAgent[p]!]! += c.pairCalls[p]!;
      repHours[model.pairAgent[p]!]! += c.pairWorkload[p]!;
      const j = model.pairAgent[p]!;
      const cur = c.current[i]!;
      if (cur >= 0 && j !== cur) {
        handoffs[cur]!++;
        takeovers[j]!++;
        transition[j]! += c.pairTransitionHours[p]!;
      }
    }
    seg.set(c.segments[i]!, s);
  }
  const roles = c.roles.map((role) => {
    const members = problem.reps.flatMap((r, j) => (r.role === role ? [j] : []));
    const demandHours = members.reduce((s, j) => s + repHours[j]!, 0);
    const capacityHours = members.reduce((s, j) => s + problem.reps[j]!.capacity, 0);
    const forAccounts = members.reduce((s, j) => s + assignableHours(problem.reps[j]!), 0);
    const headcountNeeded = demandHours / ((forAccounts / members.length) * targetUtilization);
    return {
      role,
      reps: members.length,
      demandHours,
      capacityHours,
      prospectingHours: capacityHours - forAccounts,
      transitionHours: members.reduce((s, j) => s + transition[j]!, 0),
      utilization: demandHours / forAccounts,
      coverage: demandHours > 0 ? Math.min(1, forAccounts / demandHours) : 1,
      headcountNeeded,
      surplusFte: members.length - headcountNeeded,
    };
  });
  return {
    targetUtilization,
    weeksPerYear,
    estimated: assignment === null,
    segments: [...seg.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([segment, s]) => ({ segment, accounts: s.accounts, callsPerYear: s.calls, hours: s.hours })),
    roles,
    reps: problem.reps.map((r, j) => ({
      repId: r.id,
      callsPerYear: repCalls[j]!,
      callsPerWeek: repCalls[j]! / weeksPerYear,
      utilization: repHours[j]! / assignableHours(r),
      capacityHours: r.capacity,
      prospectingHours: r.prospectingHours ?? 0,
      transitionHours: transition[j]!,
      handoffs: handoffs[j]!,
      maxHandoffs: r.maxHandoffs ?? null,
      takeovers: takeovers[j]!,
      maxTakeovers: r.maxTakeovers ?? null,
    })),
  };
}

/** Accounts that leave the rep they have today (accounts without one are not moves), with why. */
export function moves(c: CompiledProblem, assignment: Int32Array): Move[] {
  return explainMoves(c, assignment);
}

/** The organisation's target split across territories in proportion to their value. */
export function quotas(c: CompiledProblem, terr: readonly Territory[]): Quota[] | undefined {
  const target = c.problem.quotas?.orgTarget;
  if (target === undefined) return undefined;
  const total = terr.reduce((s, t) => s + t.value, 0);
  return terr.map((t) => {
    const share = total > 0 ? t.value / total : 1 / terr.length;
    return { repId: t.repId, quota: target * share, share };
  });
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
