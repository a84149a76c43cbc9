/**
 * Plan versus actual (docs/compliance.md): a plan's call pattern, hours and km against what the
 * reps logged in the CRM over a period, per account, rep and segment, with coverage of the A
 * accounts, the "lemonade stands" (hours on C accounts while A accounts go short) and the accounts
 * and reps furthest off plan. Pure: the caller parses the problem and reads the log.
 *
 * Rules:
 * - Planned figures for the period are the plan's yearly figures x days / 365 (days counted
 *   inclusively). An account's pattern is its segment's pattern for the role of its owner per plan.
 * - Due calls are round(planned calls); coverage counts accounts with at least one call due.
 * - A phone or video call does not count as a visit for an in_person pattern (it is counted apart,
 *   as otherChannelCalls); for a phone or video pattern every call counts, a visit included.
 * - Hours are call hours: the pattern's minutes (or a fixed workload) planned, the log's minutes
 *   actual. Travel is compared in km: the plan's travelKm prorated against the log's km.
 * - Records whose account or rep is unknown are not counted and are listed; reps are matched by id,
 *   then by name, then by an `email` field (ignoring case, when exactly one rep has it); accounts
 *   by id, then by name.
 */
import type { InputIssue } from './types.ts';
import type { Problem } from './problem.ts';
import { segmentAccounts } from './segments.ts';
import { indexPatterns, pairWorkload } from './workload.ts';
import { dayNumber, isoDate, type Activity, type ComplianceReport, type Coverage } from './compliance-schema.ts';

import { DEFAULT_TOP, findings, KEY_SEGMENT } from './compliance-findings.ts';
import { tallyLog } from './compliance-tally.ts';

export { DEFAULT_TOP, KEY_SEGMENT, TAIL_SEGMENT } from './compliance-findings.ts';
export { countsFor } from './compliance-tally.ts';

export interface ComplianceInput {
  readonly problem: Problem;
  /** The plan's owner of each account (a result document's assignments); null: the problem's currentRepId. */
  readonly plan: readonly { readonly accountId: string; readonly repId: string }[] | null;
  readonly activities: readonly Activity[];
  /** First and last day counted (YYYY-MM-DD, inclusive); each defaults to the log's earliest / latest date. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** How many accounts and reps "furthest off plan" lists (default 10). */
  readonly top?: number | undefined;
  /** Rows the import left out because their type is no call (echoed in the report). */
  readonly skipped?: readonly { readonly type: string; readonly rows: number }[] | undefined;
}

export type ComplianceOutcome = { readonly ok: true; readonly report: ComplianceReport } | { readonly ok: false; readonly issues: readonly InputIssue[] };

export function computeCompliance(input: ComplianceInput): ComplianceOutcome {
  const { problem } = input;
  const issues: InputIssue[] = [];
  const accountIndex = new Map(problem.accounts.map((a, i) => [a.id, i] as const));
  const repIndex = new Map(problem.reps.map((r, j) => [r.id, j] as const));

  // The plan: owner per account.
  const owner = new Int32Array(problem.accounts.length).fill(-1);
  if (input.plan === null) {
    problem.accounts.forEach((a, i) => {
      owner[i] = a.currentRepId === undefined ? -1 : (repIndex.get(a.currentRepId) ?? -1);
    });
  } else {
    const seen = new Map<number, number>();
    input.plan.forEach((a, k) => {
      const i = accountIndex.get(a.accountId);
      const j = repIndex.get(a.repId);
      if (i === undefined) issues.push({ path: `assignments[${k}].accountId`, message: `unknown account "${a.accountId}" (the plan must be of this problem)` });
      if (j === undefined) issues.push({ path: `assignments[${k}].repId`, message: `unknown rep "${a.repId}" (the plan must be of this problem)` });
      if (i === undefined || j === undefined) return;
      const before = seen.get(i);
      if (before !== undefined) issues.push({ path: `assignments[${k}].accountId`, message: `account "${a.accountId}" is assigned twice (also at assignments[${before}])` });
      seen.set(i, k);
      owner[i] = j;
    });
    if (input.plan.length === 0) issues.push({ path: 'assignments', message: 'the plan has no assignments (the solve found no plan)' });
  }

  // The period.
  const days: number[] = [];
  for (const a of input.activities) {
    const d = dayNumber(a.date);
    if (d !== null) days.push(d);
  }
  const given = (field: 'from' | 'to') => {
    const v = input[field];
    if (v === undefined) return undefined;
    const d = dayNumber(v);
    if (d === null) issues.push({ path: field, message: `"${v}" is not a date as YYYY-MM-DD` });
    return d ?? undefined;
  };
  const fromGiven = given('from');
  const toGiven = given('to');
  const logFirst = days.length > 0 ? days.reduce((m, d) => Math.min(m, d)) : undefined;
  const logLast = days.length > 0 ? days.reduce((m, d) => Math.max(m, d)) : undefined;
  const from = fromGiven ?? logFirst;
  const to = toGiven ?? logLast;
  if ((input.from === undefined || input.to === undefined) && days.length === 0 && issues.every((i) => i.path !== 'from' && i.path !== 'to')) {
    issues.push({ path: 'activities', message: 'the log has no records, so it gives no period: give from and to' });
  }
  if (from !== undefined && to !== undefined && to < from) issues.push({ path: 'to', message: `${isoDate(to)} is before the first day ${isoDate(from)}` });
  if (issues.length > 0 || from === undefined || to === undefined) return { ok: false, issues };

  const periodDays = to - from + 1;
  const f = periodDays / 365;
  const segments = segmentAccounts(problem);
  const patterns = indexPatterns(problem.callPatterns);
  const patternOf = problem.accounts.map((_, i) => (owner[i]! >= 0 ? patterns.get(segments[i]!)?.get(problem.reps[owner[i]!]!.role) : undefined));
  const planned = problem.accounts.map((_, i) => {
    const j = owner[i]!;
    if (j < 0) return { calls: 0, hours: 0, km: 0 };
    const w = pairWorkload(problem, patternOf[i], i, j);
    return { calls: w.calls * f, hours: w.callHours * f, km: w.travelKm * f };
  });
  const due = planned.map((p) => Math.round(p.calls));

  // The log.
  const { acc, rep, unknownAccounts, unknownReps, byName, byEmail, accountsByName, counted, outside, withKm, anyKm } = tallyLog(problem, input.activities, owner, segments, patternOf, from, to);

  // Per account.
  const accounts = problem.accounts.map((account, i) => {
    const t = acc[i]!;
    const j = owner[i]!;
    const o = j >= 0 ? problem.reps[j]! : undefined;
    return {
      accountId: account.id,
      ...(account.name !== undefined ? { accountName: account.name } : {}),
      segment: segments[i]!,
      ownerId: o?.id ?? null,
      ...(o?.name !== undefined ? { ownerName: o.name } : {}),
      channel: patternOf[i]?.channel ?? null,
      plannedCalls: planned[i]!.calls,
      dueCalls: due[i]!,
      actualCalls: t.counted,
      ownerCalls: t.ownerCounted,
      otherChannelCalls: t.otherChannel,
      offPlanCalls: t.offPlan,
      callers: [...t.callers].sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([k, calls]) => ({ repId: problem.reps[k]!.id, calls })),
      attainment: planned[i]!.calls > 0 ? t.counted / planned[i]!.calls : null,
      plannedHours: planned[i]!.hours,
      actualHours: t.minutes / 60,
      idealKm: planned[i]!.km,
      flagged: t.offPlan > 0,
    };
  });

  const coverageOf = (members: number[]): Coverage => {
    const dueOnes = members.filter((i) => due[i]! >= 1);
    const full = dueOnes.filter((i) => acc[i]!.counted >= due[i]!).length;
    const half = dueOnes.filter((i) => 2 * acc[i]!.counted >= due[i]!).length;
    const n = dueOnes.length;
    return { accounts: n, full, half, fullShare: n > 0 ? full / n : null, halfShare: n > 0 ? half / n : null };
  };
  const all = problem.accounts.map((_, i) => i);
  const sum = (xs: number[], value: (i: number) => number) => xs.reduce((s, i) => s + value(i), 0);
  const totalPlannedHours = sum(all, (i) => planned[i]!.hours);
  const totalActualHours = sum(all, (i) => acc[i]!.minutes) / 60;

  // Per segment.
  const segmentNames = [...new Set(segments)].sort((a, b) => a.localeCompare(b));
  const segmentRows = segmentNames.map((segment) => {
    const members = all.filter((i) => segments[i] === segment);
    const plannedHours = sum(members, (i) => planned[i]!.hours);
    const actualHours = sum(members, (i) => acc[i]!.minutes) / 60;
    return {
      segment,
      accounts: members.length,
      plannedCalls: sum(members, (i) => planned[i]!.calls),
      actualCalls: sum(members, (i) => acc[i]!.counted),
      allCalls: sum(members, (i) => acc[i]!.counted + acc[i]!.otherChannel),
      plannedHours,
      actualHours,
      plannedShare: totalPlannedHours > 0 ? plannedHours / totalPlannedHours : null,
      actualShare: totalActualHours > 0 ? actualHours / totalActualHours : null,
      coverage: coverageOf(members),
    };
  });

  // Per rep.
  const owned: number[][] = problem.reps.map(() => []);
  for (const i of all) if (owner[i]! >= 0) owned[owner[i]!]!.push(i);
  const reps = problem.reps.map((r, j) => {
    const mine = owned[j]!;
    const t = rep[j]!;
    const plannedCalls = sum(mine, (i) => planned[i]!.calls);
    const bySegment = new Map<string, { planned: number; actual: number }>();
    for (const i of mine) {
      const s = bySegment.get(segments[i]!) ?? { planned: 0, actual: 0 };
      s.planned += planned[i]!.hours;
      bySegment.set(segments[i]!, s);
    }
    for (const [seg, minutes] of t.minutesBySegment) {
      const s = bySegment.get(seg) ?? { planned: 0, actual: 0 };
      s.actual += minutes / 60;
      bySegment.set(seg, s);
    }
    return {
      repId: r.id,
      ...(r.name !== undefined ? { repName: r.name } : {}),
      role: r.role,
      accounts: mine.length,
      plannedCalls,
      actualCalls: t.calls,
      ownCalls: t.own,
      otherAccountCalls: t.onOthers,
      attainment: plannedCalls > 0 ? t.own / plannedCalls : null,
      plannedHours: sum(mine, (i) => planned[i]!.hours),
      actualHours: t.minutes / 60,
      hoursBySegment: Object.fromEntries([...bySegment].sort(([a], [b]) => a.localeCompare(b))),
      coverageA: coverageOf(mine.filter((i) => segments[i] === KEY_SEGMENT)),
      idealKm: sum(mine, (i) => planned[i]!.km),
      actualKm: anyKm ? t.km : null,
    };
  });


  const top = input.top ?? DEFAULT_TOP;
  const { lemonadeStands, furthestOffPlan } = findings({ problem, reps, owner, owned, segments, due, patternOf, acc, top });
  const totalPlannedCalls = sum(all, (i) => planned[i]!.calls);
  const totalCounted = sum(all, (i) => acc[i]!.counted);
  const report: ComplianceReport = {
    period: { from: isoDate(from), to: isoDate(to), days: periodDays, fromSource: fromGiven !== undefined ? 'given' : 'log', toSource: toGiven !== undefined ? 'given' : 'log' },
    plan: { source: input.plan === null ? 'current' : 'assignments', accounts: all.filter((i) => owner[i]! >= 0).length, unplanned: all.filter((i) => owner[i]! < 0).length },
    log: {
      records: input.activities.length,
      counted,
      outsidePeriod: outside,
      withKm,
      unknownAccounts: unknownAccounts.list(),
      unknownReps: unknownReps.list(),
      unknownAccountRecords: unknownAccounts.records,
      unknownRepRecords: unknownReps.records,
      repsMatchedByName: byName.list(),
      repsMatchedByEmail: byEmail.list(),
      accountsMatchedByName: accountsByName.list(),
      skipped: [...(input.skipped ?? [])],
    },
    totals: {
      plannedCalls: totalPlannedCalls,
      actualCalls: totalCounted,
      allCalls: sum(all, (i) => acc[i]!.counted + acc[i]!.otherChannel),
      attainment: totalPlannedCalls > 0 ? totalCounted / totalPlannedCalls : null,
      plannedHours: totalPlannedHours,
      actualHours: totalActualHours,
      idealKm: sum(all, (i) => planned[i]!.km),
      actualKm: anyKm ? rep.reduce((s, r) => s + r.km, 0) : null,
      offPlanCalls: sum(all, (i) => acc[i]!.offPlan),
      flaggedAccounts: all.filter((i) => acc[i]!.offPlan > 0).length,
    },
    coverage: coverageOf(all.filter((i) => segments[i] === KEY_SEGMENT)),
    segments: segmentRows,
    reps,
    accounts,
    lemonadeStands,
    furthestOffPlan,
  };
  return { ok: true, report };
}

