/**
 * What the compliance report points at (compliance.ts): the "lemonade stands" (reps who spend more
 * hours on C accounts than planned while their A accounts go short) and the accounts and reps
 * furthest off plan, each as a sentence with names.
 */
import type { Account, CallPattern, Problem } from './problem.ts';
import type { AccountTally } from './compliance-tally.ts';
import type { ComplianceReport } from './compliance-schema.ts';
import { amount, hours, list, percent } from './wording.ts';

/** The segment whose coverage the report leads with, and the one whose hours are the "lemonade stands". */
export const KEY_SEGMENT = 'A';
export const TAIL_SEGMENT = 'C';
export const DEFAULT_TOP = 10;

export interface FindingsInput {
  readonly problem: Problem;
  readonly reps: ComplianceReport['reps'];
  readonly owner: Int32Array;
  readonly owned: readonly number[][];
  readonly segments: readonly string[];
  readonly due: readonly number[];
  readonly patternOf: readonly (CallPattern | undefined)[];
  readonly acc: readonly AccountTally[];
  readonly top: number;
}

export function findings(input: FindingsInput): Pick<ComplianceReport, 'lemonadeStands' | 'furthestOffPlan'> {
  const { problem, reps, owner, owned, segments, due, patternOf, acc, top } = input;
  const all = problem.accounts.map((_, i) => i);
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

  return { lemonadeStands, furthestOffPlan: { top, accounts: accountOff, reps: repOff } };
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

