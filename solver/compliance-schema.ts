/**
 * Plan versus actual (docs/compliance.md): the schema of one logged call and of the compliance
 * report. Like result.ts, the zod schema is the one definition: the types are read off it and the
 * service documents POST /v1/compliance with it.
 */
import { z } from 'zod';
import { documented } from './documented.ts';
import { CHANNELS } from './problem.ts';

/** `2026-03-31`: a calendar date, no time, no zone (a call is on a day). */
export const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, or null when it is no calendar date (2026-02-30). */
export function dayNumber(date: string): number | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / 86_400_000;
}

/** The `YYYY-MM-DD` of a day number. */
export function isoDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export const isoDateSchema = z.string().regex(ISO_DATE, 'expected a date as YYYY-MM-DD').refine((s) => dayNumber(s) !== null, 'not a calendar date');

const count = z.number().int().min(0);

export const activitySchema = z.strictObject({
  accountId: documented(z.string().min(1), 'The account called on: its id (an account name that exactly one account has is matched too).', 'stuttgart'),
  repId: documented(z.string().min(1), 'Who made the call: the rep id; when no id matches, the rep\'s name or e-mail (ignoring case), when exactly one rep has it.', 'anna'),
  date: documented(isoDateSchema, 'The day of the call (YYYY-MM-DD).', '2026-02-03'),
  channel: documented(z.enum(CHANNELS), 'in_person (a visit), phone or video. A phone or video call does not count as a visit for an in_person call pattern; any call counts for a phone or video pattern.', 'in_person'),
  minutes: documented(z.number().finite().min(0), 'Minutes spent on the call, without travel.', 60),
  km: documented(z.number().finite().min(0), 'Km driven for the call, when the log records mileage.', 42).optional(),
}).describe('One logged call from the CRM\'s activity log.');

/** One logged call; `ref` says where it came from ("calls.csv row 17"), for the report's lists. */
export type Activity = z.output<typeof activitySchema> & { readonly ref?: string };

const plannedActual = z.strictObject({
  planned: z.number().describe('Planned for the period.'),
  actual: z.number().describe('As logged in the period.'),
});

const coverageSchema = z.strictObject({
  accounts: documented(count, 'Accounts of the segment with at least one call due in the period (round(planned calls) >= 1).', 4),
  full: documented(count, 'Of those, accounts that got at least their due calls (calls that count for their pattern, by any rep).', 2),
  half: documented(count, 'Of those, accounts that got at least half their due calls (full ones included).', 3),
  fullShare: documented(z.number().nullable(), 'full / accounts; null when no account was due.', 0.5),
  halfShare: documented(z.number().nullable(), 'half / accounts; null when no account was due.', 0.75),
});

const referenceSchema = z.strictObject({
  reference: z.string().describe('The value in the log.'),
  records: count.describe('Log records that carry it.'),
  examples: z.array(z.string()).describe('Where, for the first few (file row or activities[i]).'),
});

const matchedSchema = z.strictObject({
  reference: z.string().describe('The value in the log.'),
  id: z.string().describe('The id it was matched to.'),
  records: count.describe('Log records that carry it.'),
});

export const complianceAccountSchema = z.strictObject({
  accountId: z.string(),
  accountName: z.string().optional(),
  segment: z.string().describe('As given or derived by the 80/20 rule.'),
  ownerId: z.string().nullable().describe('The rep who owns it in the plan; null when the plan gives it to nobody.'),
  ownerName: z.string().optional(),
  channel: z.enum(CHANNELS).nullable().describe('The channel of the owner\'s call pattern; null without a pattern.'),
  plannedCalls: z.number().describe('callsPerYear of the owner\'s pattern x period days / 365.'),
  dueCalls: count.describe('round(plannedCalls): the whole calls due, which coverage and the sentences use.'),
  actualCalls: count.describe('Calls in the period that count for the pattern, by any rep.'),
  ownerCalls: count.describe('Of those, made by the plan\'s owner.'),
  otherChannelCalls: count.describe('Calls that do not count for the pattern (phone or video on an in_person pattern).'),
  offPlanCalls: count.describe('Calls (any channel) by reps who do not own the account in the plan.'),
  callers: z.array(z.strictObject({ repId: z.string(), calls: count })).describe('Every rep who logged calls on the account, with the number of calls (any channel), most first.'),
  attainment: z.number().nullable().describe('actualCalls / plannedCalls; null when nothing was planned.'),
  plannedHours: z.number().describe('Call hours planned for the period: calls x minutesPerCall / 60 (or the account\'s fixed workload), x days / 365; travel not included.'),
  actualHours: z.number().describe('Logged minutes / 60, any rep, any channel.'),
  idealKm: z.number().describe('Road km the plan charges to the account\'s visits in the period (the territory\'s travelKm share, prorated).'),
  flagged: z.boolean().describe('True when a rep who does not own the account per plan called on it.'),
});

export const complianceRepSchema = z.strictObject({
  repId: z.string(),
  repName: z.string().optional(),
  role: z.string(),
  accounts: count.describe('Accounts the plan gives the rep.'),
  plannedCalls: z.number().describe('Calls planned for the period over the rep\'s accounts.'),
  actualCalls: count.describe('Calls the rep logged in the period (any account, any channel).'),
  ownCalls: count.describe('Calls the rep logged on its own accounts that count for their pattern.'),
  otherAccountCalls: count.describe('Calls the rep logged on accounts the plan gives to another rep (or to nobody).'),
  attainment: z.number().nullable().describe('ownCalls / plannedCalls; null when nothing was planned.'),
  plannedHours: z.number().describe('Call hours planned for the period over the rep\'s accounts (travel not included).'),
  actualHours: z.number().describe('Logged minutes / 60 of the rep\'s calls.'),
  hoursBySegment: z.record(z.string(), plannedActual).describe('Planned hours on the rep\'s own accounts and logged hours on accounts of each segment.'),
  coverageA: coverageSchema.describe('Coverage of the rep\'s own A accounts.'),
  idealKm: z.number().describe('The plan\'s road km for the rep\'s visits (the territory\'s travelKm) x days / 365.'),
  actualKm: z.number().nullable().describe('Km logged by the rep; null when the log records no km at all.'),
});

export const complianceSegmentSchema = z.strictObject({
  segment: z.string(),
  accounts: count,
  plannedCalls: z.number(),
  actualCalls: count.describe('Calls that count for the accounts\' patterns.'),
  allCalls: count.describe('Every logged call on the segment\'s accounts.'),
  plannedHours: z.number(),
  actualHours: z.number(),
  plannedShare: z.number().nullable().describe('Share of all planned hours; null when nothing was planned.'),
  actualShare: z.number().nullable().describe('Share of all logged hours; null when nothing was logged.'),
  coverage: coverageSchema,
});

export const lemonadeStandSchema = z.strictObject({
  repId: z.string(),
  repName: z.string().optional(),
  plannedCHours: z.number().describe('Planned hours on the rep\'s own C accounts.'),
  actualCHours: z.number().describe('Logged hours on C accounts.'),
  extraCHours: z.number().describe('actualCHours - plannedCHours (> 0).'),
  aAccounts: count.describe('The rep\'s own A accounts with calls due.'),
  underServedA: count.describe('Of those, accounts that got fewer calls than due.'),
  aCallsShort: count.describe('Calls missing on those accounts.'),
  aHoursShort: z.number().describe('The hours those missing calls would have taken (calls x minutesPerCall / 60).'),
  message: z.string(),
});

const offPlanSchema = z.strictObject({
  id: z.string().describe('The account or rep id.'),
  deviation: z.number().describe('Actual minus due calls (negative: short of plan).'),
  message: z.string().describe('One sentence with names and figures.'),
});

export const complianceReportSchema = z.strictObject({
  period: z.strictObject({
    from: z.string().describe('First day counted (YYYY-MM-DD).'),
    to: z.string().describe('Last day counted, inclusive.'),
    days: count,
    fromSource: z.enum(['given', 'log']).describe('given: asked for; log: the earliest date in the log.'),
    toSource: z.enum(['given', 'log']).describe('given: asked for; log: the latest date in the log.'),
  }).describe('The period compared; planned figures are yearly figures x days / 365.'),
  plan: z.strictObject({
    source: z.enum(['assignments', 'current']).describe('assignments: the plan given (a result document); current: the problem\'s currentRepId (today\'s alignment).'),
    accounts: count.describe('Accounts the plan gives to a rep.'),
    unplanned: count.describe('Accounts the plan gives to nobody (no planned calls).'),
  }),
  log: z.strictObject({
    records: count.describe('Records in the log.'),
    counted: count.describe('Records in the period with a known account and rep: the figures below.'),
    outsidePeriod: count.describe('Records of known accounts and reps outside the period.'),
    withKm: count.describe('Counted records that carry km.'),
    unknownAccounts: z.array(referenceSchema).describe('Account references that match no account: their records are not counted.'),
    unknownReps: z.array(referenceSchema).describe('Rep references that match no rep (by id, name or e-mail): their records are not counted.'),
    unknownAccountRecords: count,
    unknownRepRecords: count,
    repsMatchedByName: z.array(matchedSchema).describe('Rep references that are no rep id but one rep\'s name (ignoring case and spacing).'),
    repsMatchedByEmail: z.array(matchedSchema).describe('Rep references that are no rep id or name but one rep\'s email field (ignoring case).'),
    accountsMatchedByName: z.array(matchedSchema).describe('Account references that are no account id but one account\'s name.'),
    skipped: z.array(z.strictObject({ type: z.string(), rows: count })).describe('Import only: rows of activity types that are no calls (e-mail, task, ...), left out.'),
  }),
  totals: z.strictObject({
    plannedCalls: z.number(),
    actualCalls: count.describe('Calls that count for their account\'s pattern.'),
    allCalls: count,
    attainment: z.number().nullable(),
    plannedHours: z.number(),
    actualHours: z.number(),
    idealKm: z.number(),
    actualKm: z.number().nullable(),
    offPlanCalls: count.describe('Calls by reps who do not own the account in the plan.'),
    flaggedAccounts: count.describe('Accounts with off-plan calls.'),
  }),
  coverage: coverageSchema.describe('Coverage of all A accounts.'),
  segments: z.array(complianceSegmentSchema),
  reps: z.array(complianceRepSchema),
  accounts: z.array(complianceAccountSchema),
  lemonadeStands: z.array(lemonadeStandSchema).describe('Reps who spent more hours on C accounts than planned while some of their A accounts got fewer calls than due, most extra C hours first.'),
  furthestOffPlan: z.strictObject({
    top: count.describe('At most this many of each.'),
    accounts: z.array(offPlanSchema).describe('Accounts whose calls are furthest from their due calls (|deviation| >= 1), furthest first.'),
    reps: z.array(offPlanSchema).describe('Reps whose calls on their own accounts are furthest from plan, furthest first.'),
  }),
}).describe('Plan versus actual: the plan\'s call pattern, hours and km against the activity log, per account, rep and segment.');

type DeepReadonly<T> = T extends readonly (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

export type ComplianceReport = DeepReadonly<z.output<typeof complianceReportSchema>>;
/** The report as a plain (mutable) document, as the route's response schema types it. */
export type ComplianceReportDocument = z.output<typeof complianceReportSchema>;
export type ComplianceAccount = DeepReadonly<z.output<typeof complianceAccountSchema>>;
export type ComplianceRep = DeepReadonly<z.output<typeof complianceRepSchema>>;
export type ComplianceSegment = DeepReadonly<z.output<typeof complianceSegmentSchema>>;
export type Coverage = DeepReadonly<z.output<typeof coverageSchema>>;
