/**
 * The call log tallied against a plan (compliance.ts): each record's account and rep resolved (by id,
 * then name, then e-mail), records outside the period or naming nobody set apart and listed, and per
 * account and per rep what was logged: calls that count for the account's pattern, calls by its owner
 * per plan and by others, minutes, km.
 */
import type { Problem, Rep, CallPattern } from './problem.ts';
import { dayNumber, type Activity } from './compliance-schema.ts';

/** Examples kept per unknown reference. */
const EXAMPLES = 5;

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

export interface AccountTally {
  counted: number;
  ownerCounted: number;
  otherCounted: number;
  otherChannel: number;
  offPlan: number;
  minutes: number;
  callers: Map<number, number>;
  countingCallers: Map<number, number>;
}

export interface RepTally {
  calls: number;
  own: number;
  onOthers: number;
  minutes: number;
  minutesBySegment: Map<string, number>;
  km: number;
}

export interface LogTally {
  readonly acc: AccountTally[];
  readonly rep: RepTally[];
  readonly unknownAccounts: References;
  readonly unknownReps: References;
  readonly byName: Matches;
  readonly byEmail: Matches;
  readonly accountsByName: Matches;
  readonly counted: number;
  readonly outside: number;
  readonly withKm: number;
  readonly anyKm: boolean;
}

/** Tallies the records dated from `from` to `to` (day numbers, inclusive) for the plan's `owner` of each account. */
export function tallyLog(problem: Problem, activities: readonly Activity[], owner: Int32Array, segments: readonly string[], patternOf: readonly (CallPattern | undefined)[], from: number, to: number): LogTally {

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
  activities.forEach((a, k) => {
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
  const anyKm = activities.some((a) => a.km !== undefined);

  return { acc, rep, unknownAccounts, unknownReps, byName, byEmail, accountsByName, counted, outside, withKm, anyKm };
}

/** Unknown references with their record count and the first places they occur. */
export class References {
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
export class Matches {
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

