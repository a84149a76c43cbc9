/**
 * POST /v1/compliance on the real app: the log as records and as CSV give the same report, a
 * finished job of the tenant is a plan (another tenant's is 404), the OpenAPI example works as
 * shown, and bad input is a 400 problem+json naming the field, or every rejected row of the CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComplianceReport, TerritoryResult } from '../../solver/index.ts';
import { buildTestApp, readFixture, waitForEnd, type JobView, type ProblemBody, type TestApp } from './support/app.ts';
import { openApiDocument, requestExample } from './support/openapi.ts';

const A = 'td_compliance_a_0123456789abcdefghijklmnop';
const B = 'td_compliance_b_0123456789abcdefghijklmnop';
const tiny = readFixture('tiny.json');

/** Today's alignment of tiny.json as a plan, but with Pforzheim given to Ben. */
const plan = tiny.accounts.flatMap((a) => (a.currentRepId ? [{ accountId: a.id, repId: a.id === 'pforzheim' ? 'ben' : a.currentRepId }] : []));

const records = [
  { accountId: 'stuttgart', repId: 'anna', date: '2026-01-05', channel: 'in_person', minutes: 60, km: 4 },
  { accountId: 'stuttgart', repId: 'anna', date: '2026-01-19', channel: 'phone', minutes: 15 },
  { accountId: 'pforzheim', repId: 'anna', date: '2026-02-02', channel: 'in_person', minutes: 45, km: 70 },
  { accountId: 'calw', repId: 'clara', date: '2026-03-02', channel: 'phone', minutes: 20 },
  { accountId: 'nowhere', repId: 'clara', date: '2026-03-03', channel: 'phone', minutes: 20 },
] as const;

/** The same log as a CRM exports it. */
const csv = [
  'Kunde;Mitarbeiter;Datum;Kanal;Dauer;Kilometer;Betreff',
  'stuttgart;anna;05.01.2026;Besuch;60;4;',
  'stuttgart;anna;19.01.2026;Anruf;15;;',
  'pforzheim;Anna (field, Stuttgart);02.02.2026;Besuch;45;70;',
  'calw;clara;02.03.2026;Telefon;20;;',
  'nowhere;clara;03.03.2026;Telefon;20;;',
  'leonberg;clara;04.03.2026;E-Mail;0;;Newsletter',
].join('\n');

describe('POST /v1/compliance', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({ API_KEYS: `a:${A},b:${B}` });
  });

  afterAll(async () => {
    await t?.close();
  });

  const post = (payload: unknown, key = A) => t.app.inject({ method: 'POST', url: '/v1/compliance', headers: { authorization: `Bearer ${key}` }, payload: payload as object });

  it('compares a plan with the log given as records: 200 with the report', async () => {
    const res = await post({ problem: tiny, plan: { assignments: plan }, activities: records, from: '2026-01-01', to: '2026-03-31' });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<ComplianceReport>();
    expect(report.period).toEqual({ from: '2026-01-01', to: '2026-03-31', days: 90, fromSource: 'given', toSource: 'given' });
    expect(report.plan).toEqual({ source: 'assignments', accounts: 11, unplanned: 1 });
    expect([report.log.records, report.log.counted, report.log.unknownAccountRecords]).toEqual([5, 4, 1]);
    // Stuttgart (A, Anna): 24 visits a year x 90 / 365; one visit, and a phone call that is no visit.
    const stuttgart = report.accounts.find((a) => a.accountId === 'stuttgart')!;
    expect(stuttgart.plannedCalls).toBeCloseTo((24 * 90) / 365, 9);
    expect([stuttgart.dueCalls, stuttgart.actualCalls, stuttgart.otherChannelCalls]).toEqual([6, 1, 1]);
    // Pforzheim is Ben's in this plan: Anna's visit counts for the account and is flagged off plan.
    const pforzheim = report.accounts.find((a) => a.accountId === 'pforzheim')!;
    expect([pforzheim.ownerId, pforzheim.actualCalls, pforzheim.ownerCalls, pforzheim.offPlanCalls, pforzheim.flagged]).toEqual(['ben', 1, 0, 1, true]);
    const anna = report.reps.find((r) => r.repId === 'anna')!;
    expect([anna.actualCalls, anna.ownCalls, anna.otherAccountCalls, anna.actualKm]).toEqual([3, 1, 1, 74]);
    expect(report.furthestOffPlan.accounts.some((a) => a.message === 'Ben (field, Karlsruhe) made 0 of 6 planned visits to Pforzheim (A); 1 more by Anna (field, Stuttgart), who does not own it in the plan')).toBe(true);
  });

  it('reads the log as CSV text (German headers, a rep by name, an e-mail left out) to the same figures', async () => {
    const fromRecords = (await post({ problem: tiny, plan: { assignments: plan }, activities: records, from: '2026-01-01', to: '2026-03-31' })).json<ComplianceReport>();
    const res = await post({ problem: tiny, plan: { assignments: plan }, activitiesCsv: csv, from: '2026-01-01', to: '2026-03-31' });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<ComplianceReport>();
    expect(report.accounts).toEqual(fromRecords.accounts);
    expect(report.reps).toEqual(fromRecords.reps);
    expect(report.totals).toEqual(fromRecords.totals);
    expect(report.log.repsMatchedByName).toEqual([{ reference: 'Anna (field, Stuttgart)', id: 'anna', records: 1 }]);
    expect(report.log.skipped).toEqual([{ type: 'E-Mail', rows: 1 }]);
    expect(report.log.unknownAccounts).toEqual([{ reference: 'nowhere', records: 1, examples: ['activitiesCsv row 6'] }]);
  });

  it('takes a finished job of the tenant as the plan, its problem included; another tenant\'s job is 404', async () => {
    const submitted = await t.app.inject({ method: 'POST', url: '/v1/jobs', headers: { authorization: `Bearer ${A}` }, payload: { problem: tiny } });
    expect(submitted.statusCode).toBe(202);
    const job = await waitForEnd(t.app, submitted.json<JobView>().id, 30_000, { authorization: `Bearer ${A}` });
    expect(job.status).toBe('succeeded');
    const result = (await t.app.inject({ url: `/v1/jobs/${job.id}/result`, headers: { authorization: `Bearer ${A}` } })).json<TerritoryResult>();
    const res = await post({ plan: { jobId: job.id }, activities: records });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json<ComplianceReport>();
    expect(report.plan.source).toBe('assignments');
    expect(report.period).toMatchObject({ from: '2026-01-05', to: '2026-03-03', fromSource: 'log', toSource: 'log' });
    expect(Object.fromEntries(report.accounts.map((a) => [a.accountId, a.ownerId]))).toEqual(Object.fromEntries(result.assignments.map((a) => [a.accountId, a.repId])));
    const other = await post({ plan: { jobId: job.id }, activities: records }, B);
    expect(other.statusCode).toBe(404);
    expect(other.json<ProblemBody>().code).toBe('TD_ERR_JOB_NOT_FOUND');
  });

  it('answers the OpenAPI example body with 200', async () => {
    const doc = await openApiDocument(t.app);
    const example = requestExample(doc, '/v1/compliance', 'post');
    expect(example).toBeTypeOf('object');
    const res = await post(example);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<ComplianceReport>().plan.source).toBe('current');
  });

  it('400 TD_ERR_ACTIVITY_LOG_INVALID lists every rejected row of the CSV', async () => {
    const bad = 'Account ID,Owner,Date,Type,Duration\nstuttgart,anna,31.02.2026,Visit,30\nstuttgart,anna,2026-01-02,Fax,-5\n';
    const res = await post({ problem: tiny, activitiesCsv: bad });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json<ProblemBody>();
    expect(body.code).toBe('TD_ERR_ACTIVITY_LOG_INVALID');
    expect(body.errors!.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'activitiesCsv: row 2, column "Date": "31.02.2026" is not a calendar date (read as day.month.year)',
      expect.stringMatching(/^activitiesCsv: row 3, column "Type": "Fax" is no activity type/),
      'activitiesCsv: row 3, column "Duration": -5 is negative: minutes must be 0 or more',
    ]);
    expect(body.detail).toMatch(/^The activity log has 3 things to fix/);
    const noColumn = (await post({ problem: tiny, activitiesCsv: 'Client,Owner,Date,Type,Duration\nx,anna,2026-01-01,call,5\n' })).json<ProblemBody>();
    expect(noColumn.errors![0]!.message).toMatch(/^row 1: no column for the account .*columns not understood: "Client"$/);
  });

  it('400 TD_ERR_VALIDATION names the field: records, the plan, the problem, the log, the period', async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [{ problem: tiny, activities: [{ ...records[0], minutes: -1 }] }, 'activities[0].minutes', /0/],
      [{ problem: tiny, activities: [{ ...records[0], date: '05.01.2026' }] }, 'activities[0].date', /YYYY-MM-DD/],
      [{ problem: tiny, plan: { assignments: [{ accountId: 'zz', repId: 'anna' }] }, activities: records }, 'plan.assignments[0].accountId', /unknown account "zz"/],
      [{ plan: { assignments: plan }, activities: records }, 'problem', /required with plan.assignments/],
      [{ problem: tiny, plan: { assignments: plan, jobId: 'j' }, activities: records }, 'plan', /not both/],
      [{ problem: tiny }, 'activities', /required/],
      [{ problem: tiny, activities: records, activitiesCsv: csv }, 'activitiesCsv', /not both/],
      [{ problem: tiny, activities: records, from: '2026-03-01', to: '2026-02-01' }, 'to', /before the first day/],
      [{ problem: { ...tiny, accounts: [{ ...tiny.accounts[0]!, lockedRepId: 'nobody' }] }, activities: records }, 'problem.accounts[0].lockedRepId', /unknown rep/],
    ];
    for (const [payload, path, message] of cases) {
      const res = await post(payload);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      const body = res.json<ProblemBody>();
      expect(body.code).toBe('TD_ERR_VALIDATION');
      const hit = body.errors?.find((e) => e.path === path);
      expect(hit, `${path} in ${JSON.stringify(body.errors)}`).toBeDefined();
      expect(hit!.message).toMatch(message);
    }
    const unknownJob = await post({ plan: { jobId: 'no-such-job' }, activities: records });
    expect([unknownJob.statusCode, unknownJob.json<ProblemBody>().code]).toEqual([404, 'TD_ERR_JOB_NOT_FOUND']);
  });
});
