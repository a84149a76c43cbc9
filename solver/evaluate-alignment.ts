/**
 * The territory metrics of any alignment: today's (the accounts' `currentRepId`), a plan's, or one a
 * user drew by hand. The same figures the result's `territories[]` gives for the solver's plan
 * (accounts by segment, workload hours, utilisation, workload and value index, value, travel km,
 * home-to-account km, calls, centroid), computed with the same formulas (workload.ts), plus one row
 * per account. Nothing is checked or optimised: an owner that may not own the account (no call
 * pattern for its role, a missing skill, an exclusion, a lock elsewhere) still counts, and is listed
 * in `ineligible`. Accounts without an owner are left out of every territory and listed in
 * `unassigned`.
 */
import { rankTerritories } from './territory-quality.ts';
import type { Problem } from './problem.ts';
import { assignableHours } from './rep-hours.ts';
import type { Territory } from './result.ts';
import { segmentAccounts } from './segments.ts';
import { indexPatterns, ineligibilityOf, pairWorkload } from './workload.ts';

/** One owner of one account. */
export interface Ownership {
  readonly accountId: string;
  readonly repId: string;
}

/** One account under the alignment (in the order of the problem's accounts). */
export interface AccountFacts {
  readonly accountId: string;
  readonly segment: string;
  /** Its owner, or null when the alignment gives it none (or names no rep of the problem). */
  readonly repId: string | null;
  /** Workload hours per year with this owner (0 without an owner, or when the owner's role has no call pattern for the segment and the account has no fixed workload). */
  readonly workload: number;
  /** Home-to-account km from the owner (the distance matrix when given); null without an owner. */
  readonly km: number | null;
  /** Road km driven per year for its in-person calls. */
  readonly travelKm: number;
}

export interface AlignmentEvaluation {
  /** One per rep, in the problem's order, in the shape of the result's `territories[]`. */
  readonly territories: Territory[];
  readonly accounts: AccountFacts[];
  /** Accounts with no owner in the alignment (e.g. new accounts today). */
  readonly unassigned: string[];
  /** Owners that may not own their account, with why (in words). */
  readonly ineligible: Array<{ readonly accountId: string; readonly repId: string; readonly why: string }>;
  /** Entries that name an account or a rep the problem does not have, or an account a second time: not counted. */
  readonly ignored: Array<Ownership & { readonly why: string }>;
}

/** Today's alignment: each account's `currentRepId`, when it names a rep of the problem. */
export function currentAlignment(problem: Problem): Ownership[] {
  const reps = new Set(problem.reps.map((r) => r.id));
  return problem.accounts.flatMap((a) => (a.currentRepId !== undefined && reps.has(a.currentRepId) ? [{ accountId: a.id, repId: a.currentRepId }] : []));
}

export function evaluateAlignment(problem: Problem, alignment: readonly Ownership[]): AlignmentEvaluation {
  const { accounts, reps } = problem;
  const accountIndex = new Map(accounts.map((a, i) => [a.id, i] as const));
  const repIndex = new Map(reps.map((r, j) => [r.id, j] as const));
  const owner = new Int32Array(accounts.length).fill(-1);
  const ignored: AlignmentEvaluation['ignored'] = [];
  for (const entry of alignment) {
    const i = accountIndex.get(entry.accountId);
    const j = repIndex.get(entry.repId);
    if (i === undefined) ignored.push({ ...entry, why: 'no such account' });
    else if (j === undefined) ignored.push({ ...entry, why: 'no such rep' });
    else if (owner[i] !== -1) ignored.push({ ...entry, why: 'the account already has an owner in this alignment' });
    else owner[i] = j;
  }

  const segments = segmentAccounts(problem);
  const patterns = indexPatterns(problem.callPatterns);
  const t = reps.map(() => ({ accounts: 0, bySegment: {} as Record<string, number>, calls: 0, callHours: 0, travelHours: 0, value: 0, travelKm: 0, km: 0, lat: 0, lon: 0, located: 0 }));
  const facts: AccountFacts[] = [];
  const unassigned: string[] = [];
  const ineligible: AlignmentEvaluation['ineligible'] = [];
  accounts.forEach((a, i) => {
    const j = owner[i]!;
    const segment = segments[i]!;
    if (j < 0) {
      unassigned.push(a.id);
      facts.push({ accountId: a.id, segment, repId: null, workload: 0, km: null, travelKm: 0 });
      return;
    }
    const rep = reps[j]!;
    const why = a.lockedRepId !== undefined && a.lockedRepId !== rep.id ? { kind: 'locked' as const } : ineligibilityOf(problem, patterns, segment, i, j);
    if (why !== null) ineligible.push({ accountId: a.id, repId: rep.id, why: ineligibleWords(why, a.lockedRepId, segment, rep.role) });
    const w = pairWorkload(problem, patterns.get(segment)?.get(rep.role), i, j);
    const x = t[j]!;
    x.accounts++;
    x.bySegment[segment] = (x.bySegment[segment] ?? 0) + 1;
    x.calls += w.calls;
    x.callHours += w.callHours;
    x.travelHours += w.travelHours;
    x.value += a.value;
    x.travelKm += w.travelKm;
    x.km += w.km;
    if (a.lat !== undefined && a.lon !== undefined) {
      x.lat += a.lat;
      x.lon += a.lon;
      x.located++;
    }
    facts.push({ accountId: a.id, segment, repId: rep.id, workload: w.workload, km: w.km, travelKm: w.travelKm });
  });

  const workload = t.map((x) => x.callHours + x.travelHours);
  const workloadIndex = shareIndex(problem, workload);
  const valueIndex = shareIndex(problem, t.map((x) => x.value));
  const territories = rankTerritories(reps.map((rep, j) => {
    const x = t[j]!;
    return {
      repId: rep.id,
      ...(rep.name !== undefined ? { repName: rep.name } : {}),
      role: rep.role,
      accounts: x.accounts,
      accountsBySegment: Object.fromEntries(Object.entries(x.bySegment).sort(([p], [q]) => p.localeCompare(q))),
      workload: { calls: x.callHours, travel: x.travelHours, total: workload[j]! },
      capacity: rep.capacity,
      utilization: workload[j]! / assignableHours(rep),
      workloadIndex: workloadIndex[j]!,
      value: x.value,
      valueIndex: valueIndex[j]!,
      travelKm: x.travelKm,
      distanceKm: x.km,
      callsPerYear: x.calls,
      centroid: x.located > 0 ? { lat: x.lat / x.located, lon: x.lon / x.located } : null,
    };
  }));
  return { territories, accounts: facts, unassigned, ineligible, ignored };
}

/** Each rep's quantity over its capacity-proportional share of its role's total (1 when the share is 0). */
function shareIndex(problem: Problem, load: readonly number[]): number[] {
  const roleLoad = new Map<string, number>();
  const roleCapacity = new Map<string, number>();
  problem.reps.forEach((r, j) => {
    roleLoad.set(r.role, (roleLoad.get(r.role) ?? 0) + load[j]!);
    roleCapacity.set(r.role, (roleCapacity.get(r.role) ?? 0) + assignableHours(r));
  });
  return problem.reps.map((r, j) => {
    const share = (assignableHours(r) / roleCapacity.get(r.role)!) * roleLoad.get(r.role)!;
    return share > 0 ? load[j]! / share : 1;
  });
}

function ineligibleWords(why: NonNullable<ReturnType<typeof ineligibilityOf>> | { kind: 'locked' }, lockedRepId: string | undefined, segment: string, role: string): string {
  switch (why.kind) {
    case 'locked':
      return `the account is locked to ${lockedRepId}`;
    case 'pattern':
      return `role ${role} has no call pattern for segment ${segment}`;
    case 'skill':
      return `the rep lacks ${why.missing.join(', ')}`;
    case 'excluded':
      return 'the account excludes the rep';
    case 'distance':
      return `the rep is ${Math.round(why.km)} km away, beyond the distance limit of ${why.words}`;
  }
}
