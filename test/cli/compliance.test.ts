/**
 * `territory compliance` through the real bin/territory.js: a plan from `territory solve --out`, a
 * CRM call log as CSV and as .xlsx, the readable report, --json, and the exit code 2 with every
 * rejected row of a bad log listed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { territory } from './support/territory.ts';
import type { ComplianceReport, TerritoryResult } from '../../solver/index.ts';

const tiny = fileURLToPath(new URL('../../data/tiny.json', import.meta.url));



let dir: string;
const file = (name: string) => join(dir, name);

/** A German CRM export: semicolons, dd.mm.yyyy, decimal commas, an e-mail row left out, a name for a rep id. */
const GERMAN_LOG = [
  'Kunde;Mitarbeiter;Datum;Kanal;Dauer;Kilometer;Betreff',
  'stuttgart;anna;05.01.2026;Besuch;60;12,5;Jahresgespräch',
  'stuttgart;Anna (field, Stuttgart);19.01.2026;Besuch;45;12;',
  'karlsruhe;ben;07.01.2026;Anruf;10;;',
  'calw;ben;10.02.2026;Besuch;90;55;',
  'nowhere;anna;12.02.2026;Besuch;30;10;',
  'pforzheim;anna;13.02.2026;E-Mail;0;;',
].join('\r\n');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'territory-compliance-'));
  await writeFile(file('calls.csv'), GERMAN_LOG);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('territory compliance', () => {
  it('compares a solved plan (territory solve --out) with a CSV log and prints a readable report', async () => {
    const solved = await territory('solve', tiny, '--out', file('result.json'), '--json');
    expect(solved.code).toBe(0);
    const result = JSON.parse(await readFile(file('result.json'), 'utf8')) as TerritoryResult;
    const run = await territory('compliance', '--problem', tiny, '--plan', file('result.json'), '--activities', file('calls.csv'), '--from', '2026-01-01', '--to', '2026-03-31');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Plan versus actual: 2026-01-01 to 2026-03-31 (90 days); planned = yearly x 90 / 365');
    expect(run.stdout).toContain('Plan: the plan\'s assignments, 12 accounts');
    expect(run.stdout).toContain('Log: 5 records, 4 counted, 0 outside the period, 3 with km');
    expect(run.stdout).toContain('- Reps matched by name, not id: 1 record ("Anna (field, Stuttgart)" is anna)');
    expect(run.stdout).toContain('"nowhere": 1 (');
    expect(run.stdout).toContain('Left out as no calls: E-Mail 1');
    for (const heading of ['Segments', 'Reps (own', 'Lemonade stands', 'Accounts furthest off plan (top 10)', 'Reps furthest off plan (top 10)']) expect(run.stdout).toContain(heading);
    // 24 visits a year over 90 days: 6 due at Stuttgart, which got 2, both by Anna.
    const stuttgartOwner = result.assignments.find((a) => a.accountId === 'stuttgart')!.repId;
    if (stuttgartOwner === 'anna') expect(run.stdout).toContain('Anna (field, Stuttgart) made 2 of 6 planned visits to Stuttgart (A)');
    for (const line of run.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(120);
  });

  it('--plan alone takes a problem whose currentRepId is the plan; --json prints the report', async () => {
    const run = await territory('compliance', '--plan', tiny, '--activities', file('calls.csv'), '--json', '--top', '3');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ComplianceReport;
    // The period is the span of the log: 2026-01-05 to 2026-02-12 (the e-mail row is left out).
    expect(report.period).toEqual({ from: '2026-01-05', to: '2026-02-12', days: 39, fromSource: 'log', toSource: 'log' });
    expect(report.plan).toEqual({ source: 'current', accounts: 11, unplanned: 1 });
    expect(report.log.skipped).toEqual([{ type: 'E-Mail', rows: 1 }]);
    expect(report.furthestOffPlan.top).toBe(3);
    expect(report.furthestOffPlan.accounts).toHaveLength(3);
    const stuttgart = report.accounts.find((a) => a.accountId === 'stuttgart')!;
    expect([stuttgart.ownerId, stuttgart.actualCalls, stuttgart.ownerCalls]).toEqual(['anna', 2, 2]);
    expect(stuttgart.actualHours).toBeCloseTo(105 / 60, 9);
    // Calw is Clara's today: Ben's visit counts for its phone pattern and is flagged as off plan.
    const calw = report.accounts.find((a) => a.accountId === 'calw')!;
    expect([calw.ownerId, calw.actualCalls, calw.offPlanCalls, calw.flagged]).toEqual(['clara', 1, 1, true]);
    expect(report.reps.find((r) => r.repId === 'anna')!.actualKm).toBeCloseTo(24.5, 9);
  });

  it('reads an .xlsx log with date cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Activities');
    ws.addRow(['Account ID', 'Assigned To', 'Activity Date', 'Type', 'Duration (min)']);
    ws.addRow(['stuttgart', 'anna', new Date(Date.UTC(2026, 2, 2)), 'Meeting', 60]);
    ws.addRow(['karlsruhe', 'ben', new Date(Date.UTC(2026, 2, 31)), 'Call', 15]);
    await writeFile(file('calls.xlsx'), new Uint8Array(await wb.xlsx.writeBuffer()));
    const run = await territory('compliance', '--plan', tiny, '--activities', file('calls.xlsx'), '--json');
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as ComplianceReport;
    expect([report.period.from, report.period.to, report.log.counted]).toEqual(['2026-03-02', '2026-03-31', 2]);
  });

  it('exits 2 and lists every rejected row of a bad log, with file, row, column and reason', async () => {
    await writeFile(file('bad.csv'), 'Account,Owner,Date,Type,Duration\nstuttgart,anna,13/04/2026,Visit,-5\n,anna,2026-02-30,Fax,x\nkarlsruhe,ben,2026-01-02,Call,5\n');
    const run = await territory('compliance', '--plan', tiny, '--activities', file('bad.csv'));
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('6 things to fix, no report until they are fixed');
    expect(run.stderr).toContain(`${file('bad.csv')}, row 2, column "Date": "13/04/2026" is not a calendar date (read as month/day/year); if the file writes day/month/year, read it with --date-order dmy`);
    expect(run.stderr).toContain('row 2, column "Duration": -5 is negative');
    expect(run.stderr).toContain('row 3, column "Type": "Fax" is no activity type');
    expect(run.stderr).toContain('row 3, column "Account": empty');
    expect(run.stderr).toContain('row 3, column "Date": "2026-02-30" is not a calendar date');
    expect(run.stderr).toContain('row 3, column "Duration": "x" is not a number of minutes');
  });

  it('exits 2 on a result document without --problem, and on a log without an account column', async () => {
    await writeFile(file('plan.json'), JSON.stringify({ assignments: [{ accountId: 'stuttgart', repId: 'anna' }] }));
    const noProblem = await territory('compliance', '--plan', file('plan.json'), '--activities', file('calls.csv'));
    expect(noProblem.code).toBe(2);
    expect(noProblem.stderr).toContain('is not a problem, so the accounts and reps come from the problem: give it with --problem');
    await writeFile(file('client.csv'), 'Client,Owner,Date,Type,Duration\nx,anna,2026-01-01,call,5\n');
    const noColumn = await territory('compliance', '--plan', tiny, '--activities', file('client.csv'));
    expect(noColumn.code).toBe(2);
    expect(noColumn.stderr).toMatch(/row 1: no column for the account \(looked for "Account ID", .*\); columns not understood: "Client"/);
  });
});
