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
import type { Account, CallPattern, Problem, Rep } from './problem.ts';
import { segmentAccounts } from './segments.ts';
import { indexPatterns, pairWorkload } from './workload.ts';
import { amount, hours, list, percent } from './wording.ts';
import { dayNumber, isoDate, type Activity, type ComplianceReport, type Coverage } from './compliance-schema.ts';

/** The segment whose coverage the report leads with, and the one whose hours are the "lemonade stands". */
export const KEY_SEGMENT = 'A';
export const TAIL_SEGMENT = 'C';
export const DEFAULT_TOP = 10;
/** Examples kept per unknown reference. */
const EXAMPLES = 5;

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

const normal = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

type Match = { index: number; how: 'id' | 'name' | 'email' } | null;

/** Resolves references to indexes: exact id, id ignoring case, then unique names (and e-mails). */
function resolver<T extends { id: string; name?: string | undefined }>(items: readonly T[], email: (item: T) => string | undefined): (ref: string) => Match {
  const exact = new Map<string, number>();
  const unique = (keyOf: (item: T) => string | undefined) => {
    const map = new Map<string, number | null>();
    items.forEach((item, i) => {
      const raw = keyOf(item);
      if (raw === undefined || normal(raw) === '') return;
      const key = normal(raw);
      map.set(key, map.has(key) ? null : i);
    });
    return map;
  };
  items.forEach((item, i) => exact.set(item.id, i));
  const ids = unique((item) => item.id);
  const names = unique((item) => item.name);
  const emails = unique(email);
  const memo = new Map<string, Match>();
  return (ref) => {
    let hit = memo.get(ref);
    if (hit !== undefined) return hit;
    const key = normal(ref);
    const pick = (map: Map<string, number | null>) => map.get(key) ?? undefined;
    const byId = exact.get(ref.trim()) ?? pick(ids);
    const byName = byId === undefined ? pick(names) : undefined;
    const byEmail = byId === undefined && byName === undefined ? pick(emails) : undefined;
    hit = byId !== undefined ? { index: byId, how: 'id' } : byName !== undefined ? { index: byName, how: 'name' } : byEmail !== undefined ? { index: byEmail, how: 'email' } : null;
    memo.set(ref, hit);
    return hit;
  };
}

const repEmail = (rep: Rep): string | undefined => {
  const e = (rep as Record<string, unknown>).email;
  return typeof e === 'string' ? e : undefined;
};

/** Does a call on this channel count for the pattern? A phone or video call is no visit. */
export function countsFor(pattern: CallPattern | undefined, channel: Activity['channel']): boolean {
  return pattern?.channel !== 'in_person' || channel === 'in_person';
}

interface AccountTally {
  counted: number;
  ownerCounted: number;
  otherCounted: number;
  otherChannel: number;
  offPlan: number;
  minutes: number;
  callers: Map<number, number>;
  countingCallers: Map<number, number>;
}

interface RepTally {
  calls: number;
  own: number;
  onOthers: number;
  minutes: number;
  minutesBySegment: Map<string, number>;
  km: number;
}

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
  const resolveAccount = resolver(problem.accounts, () => undefined);
  const resolveRep = resolver(problem.reps, repEmail);
  const acc: AccountTally[] = problem.accounts.map(() => ({ counted: 0, ownerCounted: 0, otherCounted: 0, otherChannel: 0, offPlan: 0, minutes: 0, callers: new Map(), countingCallers: new Map() }));
  const rep: RepTally[] = problem.reps.map(() => ({ calls: 0, own: 0, onOthers: 0, minutes: 0, minutesBySegment: new Map(), km: 0 }));
  const unknownAccounts = new References();
  const unknownReps = new References();
  const byName = new Matches();
  const byEmail = new Matches();
  const accountsByName = new Matches();
  let counted = 0;
  let outside = 0;
  let withKm = 0;
  input.activities.forEach((a, k) => {
    const ref = a.ref ?? `activities[${k}]`;
    const am = resolveAccount(a.accountId);
    const rm = resolveRep(a.repId);
    if (!am) unknownAccounts.add(a.accountId, ref);
    if (!rm) unknownReps.add(a.repId, ref);
    if (!am || !rm) return;
    if (am.how === 'name') accountsByName.add(a.accountId, problem.accounts[am.index]!.id);
    if (rm.how === 'name') byName.add(a.repId, problem.reps[rm.index]!.id);
    if (rm.how === 'email') byEmail.add(a.repId, problem.reps[rm.index]!.id);
    const day = dayNumber(a.date)!;
    if (day < from || day > to) {
      outside++;
      return;
    }
    counted++;
    const i = am.index;
    const j = rm.index;
    const t = acc[i]!;
    const r = rep[j]!;
    const seg = segments[i]!;
    const counts = countsFor(patternOf[i], a.channel);
    t.minutes += a.minutes;
    t.callers.set(j, (t.callers.get(j) ?? 0) + 1);
    if (counts) {
      t.counted++;
      t.countingCallers.set(j, (t.countingCallers.get(j) ?? 0) + 1);
      if (j === owner[i]) t.ownerCounted++;
      else t.otherCounted++;
    } else {
      t.otherChannel++;
    }
    r.calls++;
    r.minutes += a.minutes;
    r.minutesBySegment.set(seg, (r.minutesBySegment.get(seg) ?? 0) + a.minutes);
    if (j === owner[i]) {
      if (counts) r.own++;
    } else {
      t.offPlan++;
      r.onOthers++;
    }
    if (a.km !== undefined) {
      r.km += a.km;
      withKm++;
    }
  });
  const anyKm = input.activities.some((a) => a.km !== undefined);

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

  const repName = (j: number) => problem.reps[j]!.name ?? problem.reps[j]!.id;

  // Lemonade stands: more hours on C than planned while own A accounts go short.
  const lemonadeStands = reps.flatMap((r, j) => {
    const c = r.hoursBySegment[TAIL_SEGMENT] ?? { planned: 0, actual: 0 };
    const extra = c.actual - c.planned;
    if (!(extra > 1e-9)) return [];
    const aDue = owned[j]!.filter((i) => segments[i] === KEY_SEGMENT && due[i]! >= 1);
    const short = aDue.filter((i) => acc[i]!.counted < due[i]!);
    if (short.length === 0) return [];
    const callsShort = short.reduce((s, i) => s + due[i]! - acc[i]!.counted, 0);
    const hoursShort = short.reduce((s, i) => s + ((due[i]! - acc[i]!.counted) * (patternOf[i]?.minutesPerCall ?? 0)) / 60, 0);
    const visits = short.every((i) => patternOf[i]?.channel === 'in_person') ? 'visits' : 'calls';
    return [{
      repId: r.repId,
      ...(r.repName !== undefined ? { repName: r.repName } : {}),
      plannedCHours: c.planned,
      actualCHours: c.actual,
      extraCHours: extra,
      aAccounts: aDue.length,
      underServedA: short.length,
      aCallsShort: callsShort,
      aHoursShort: hoursShort,
      message: `${repName(j)} spent ${hours(c.actual)} on ${TAIL_SEGMENT} accounts (${hours(c.planned)} planned) while ${short.length} of ${aDue.length} ${KEY_SEGMENT} accounts got fewer ${visits} than due (${amount(callsShort)} ${visits} short, ${hours(hoursShort)})`,
    }];
  }).sort((a, b) => b.extraCHours - a.extraCHours || a.repId.localeCompare(b.repId));

  // Furthest off plan.
  const top = input.top ?? DEFAULT_TOP;
  const accountOff = all
    .map((i) => ({ i, deviation: acc[i]!.counted - due[i]! }))
    .filter((x) => Math.abs(x.deviation) >= 1)
    .sort((x, y) => Math.abs(y.deviation) - Math.abs(x.deviation) || due[y.i]! - due[x.i]! || x.i - y.i)
    .slice(0, top)
    .map(({ i, deviation }) => ({ id: problem.accounts[i]!.id, deviation, message: accountSentence(problem, i, segments[i]!, owner[i]!, due[i]!, patternOf[i], acc[i]!) }));
  const repOff = reps
    .map((r, j) => ({ j, deviation: r.ownCalls - Math.round(r.plannedCalls), r }))
    .filter((x) => Math.abs(x.deviation) >= 1 || x.r.otherAccountCalls > 0)
    .sort((x, y) => Math.abs(y.deviation) - Math.abs(x.deviation) || y.r.otherAccountCalls - x.r.otherAccountCalls || x.j - y.j)
    .slice(0, top)
    .map(({ j, deviation, r }) => {
      const dueCalls = Math.round(r.plannedCalls);
      const share = r.plannedCalls > 0 ? ` (${percent(r.ownCalls / r.plannedCalls)})` : '';
      const others = r.otherAccountCalls > 0 ? `; ${amount(r.otherAccountCalls)} ${r.otherAccountCalls === 1 ? 'call' : 'calls'} on accounts the plan gives to others` : '';
      return { id: r.repId, deviation, message: `${repName(j)} made ${amount(r.ownCalls)} of ${amount(dueCalls)} planned ${dueCalls === 1 ? 'call' : 'calls'} in the territory${share}, ${hours(r.actualHours)} logged of ${hours(r.plannedHours)} planned${others}` };
    });

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
    furthestOffPlan: { top, accounts: accountOff, reps: repOff },
  };
  return { ok: true, report };
}

/** "Anna Huber made 3 of 12 planned visits to Klinikum Augsburg (A); Ben made 2 more". */
function accountSentence(problem: Problem, i: number, segment: string, j: number, due: number, pattern: CallPattern | undefined, t: AccountTally): string {
  const account: Account = problem.accounts[i]!;
  const label = `${account.name ?? account.id} (${segment})`;
  const name = (k: number) => problem.reps[k]!.name ?? problem.reps[k]!.id;
  const noun = (n: number) => (pattern?.channel === 'in_person' ? (n === 1 ? 'visit' : 'visits') : n === 1 ? 'call' : 'calls');
  const others = [...t.countingCallers].filter(([k]) => k !== j).sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([k]) => name(k));
  if (j < 0) return `${label} has no owner in the plan; ${amount(t.counted)} ${noun(t.counted)} logged${others.length > 0 ? ` by ${list(others)}` : ''}`;
  let sentence = `${name(j)} made ${amount(t.ownerCounted)} of ${amount(due)} planned ${noun(due)} to ${label}`;
  if (t.otherCounted > 0) sentence += `; ${amount(t.otherCounted)} more by ${list(others)}, who ${others.length === 1 ? 'does' : 'do'} not own it in the plan`;
  if (t.otherChannel > 0) sentence += `; ${amount(t.otherChannel)} phone or video ${t.otherChannel === 1 ? 'call does' : 'calls do'} not count as ${t.otherChannel === 1 ? 'a visit' : 'visits'}`;
  return sentence;
}

/** Unknown references with their record count and the first places they occur. */
class References {
  readonly #refs = new Map<string, { records: number; examples: string[] }>();
  records = 0;

  add(reference: string, where: string): void {
    this.records++;
    const r = this.#refs.get(reference) ?? { records: 0, examples: [] };
    r.records++;
    if (r.examples.length < EXAMPLES) r.examples.push(where);
    this.#refs.set(reference, r);
  }

  list() {
    return [...this.#refs].sort((a, b) => b[1].records - a[1].records || a[0].localeCompare(b[0])).map(([reference, r]) => ({ reference, records: r.records, examples: r.examples }));
  }
}

/** References matched other than by id. */
class Matches {
  readonly #refs = new Map<string, { id: string; records: number }>();

  add(reference: string, id: string): void {
    const m = this.#refs.get(reference) ?? { id, records: 0 };
    m.records++;
    this.#refs.set(reference, m);
  }

  list() {
    return [...this.#refs].sort((a, b) => b[1].records - a[1].records || a[0].localeCompare(b[0])).map(([reference, m]) => ({ reference, id: m.id, records: m.records }));
  }
}
