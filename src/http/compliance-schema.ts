/**
 * The body of POST /v1/compliance (docs/compliance.md): a problem, a plan (assignments, a finished
 * job of the same tenant, or none: the problem's currentRepId) and the call log as records or as
 * CSV text. Kept beside http/schemas.ts, which holds the solve and job bodies.
 */
import { z } from 'zod';
import tinyProblem from '../../data/tiny.json' with { type: 'json' };
import { documented } from '../../solver/documented.ts';
import { activitySchema, isoDateSchema, problemSchema, type ProblemInput } from '../../solver/index.ts';
import { MAX_ID_LENGTH } from './schemas.ts';

const exampleProblem = tinyProblem as ProblemInput;

const exampleActivities = [
  { accountId: 'stuttgart', repId: 'anna', date: '2026-01-12', channel: 'in_person' as const, minutes: 60, km: 4 },
  { accountId: 'karlsruhe', repId: 'ben', date: '2026-01-14', channel: 'phone' as const, minutes: 15 },
  { accountId: 'calw', repId: 'Ben (field, Karlsruhe)', date: '2026-02-03', channel: 'in_person' as const, minutes: 90, km: 62 },
  { accountId: 'boeblingen', repId: 'clara', date: '2026-03-20', channel: 'phone' as const, minutes: 20 },
];

export const compliancePlanSchema = z.strictObject({
  assignments: documented(
    z.array(z.looseObject({
      accountId: documented(z.string().min(1), 'The account.', 'stuttgart'),
      repId: documented(z.string().min(1), 'Its rep in the plan.', 'anna'),
    })),
    'The plan\'s owner of each account: a result document\'s assignments (extra fields such as segment are ignored). Needs problem.',
    [{ accountId: 'stuttgart', repId: 'anna' }],
  ).optional(),
  jobId: documented(z.string().min(1).max(MAX_ID_LENGTH), 'A finished job of this tenant: its result\'s assignments are the plan, and its problem is used when problem is not given.', '3f2c8a4e-6b1d-4f5a-9c7e-2d8b1a0e5f6c').optional(),
});

export const complianceBodySchema = z.strictObject({
  problem: documented(problemSchema, 'The problem the plan is of (accounts, reps, call patterns, travel). Required unless plan.jobId is given.', exampleProblem).optional(),
  plan: documented(compliancePlanSchema, 'The plan: { assignments } or { jobId }, one of the two. Default: the problem\'s currentRepId (today\'s alignment).', { assignments: [{ accountId: 'stuttgart', repId: 'anna' }] }).optional(),
  activities: documented(z.array(activitySchema), 'The call log as records. Give this or activitiesCsv.', exampleActivities).optional(),
  activitiesCsv: documented(z.string(), 'The call log as CSV text, as the CRM exports it (headers such as Account ID / Kunde, Assigned To / Mitarbeiter, Date / Datum, Type / Kanal, Duration / Dauer, km; see docs/compliance.md). Give this or activities.', 'Account ID,Assigned To,Date,Type,Duration\nstuttgart,anna,2026-01-12,Visit,60\n').optional(),
  dateOrder: documented(z.enum(['mdy', 'dmy']), 'activitiesCsv only: how 03/04/2026 reads, month/day/year (mdy, the default) or day/month/year (dmy).', 'mdy').optional(),
  from: documented(isoDateSchema, 'First day compared (YYYY-MM-DD). Default: the earliest date in the log.', '2026-01-01').optional(),
  to: documented(isoDateSchema, 'Last day compared, inclusive. Default: the latest date in the log.', '2026-03-31').optional(),
  top: documented(z.number().int().min(0).max(1000), 'How many accounts and reps the furthest-off-plan lists name. Default 10.', 10).optional(),
}).meta({
  description: 'A plan and the CRM\'s call log to compare it with.',
  example: { problem: exampleProblem, activities: exampleActivities, from: '2026-01-01', to: '2026-03-31' },
});

export type ComplianceBody = z.output<typeof complianceBodySchema>;
