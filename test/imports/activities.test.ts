/**
 * The call-activity log import: English and German headers, dates as xlsx cells, ISO, dd.mm.yyyy and
 * mm/dd/yyyy (dd/mm/yyyy on request), durations in minutes, seconds or h:mm, activity types that are
 * no calls left out and counted, and every rejected cell named with file, row, column and reason.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { activitiesFromTable, formatImportIssue, readActivities, type ActivityImport } from '../../src/imports/activities.ts';
import type { Table } from '../../src/imports/table.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

function ok(result: ActivityImport) {
  if (!result.ok) throw new Error(result.issues.map(formatImportIssue).join('\n'));
  return result;
}

function issues(result: ActivityImport): string[] {
  if (result.ok) throw new Error('expected the log to be refused');
  return result.issues.map(formatImportIssue);
}

describe('readActivities', () => {
  it('reads a Salesforce-style export: English headers, US dates, seconds, an e-mail left out', async () => {
    const csv = 'Account ID,Assigned To,Activity Date,Type,Call Duration in Seconds,Mileage,Subject\n'
      + 'a1,u1,03/04/2026,Call,90,,Follow-up\n'
      + 'a2,u2,12/31/2026 10:30 AM,Meeting,3600,42.5,Review\n'
      + 'a3,u1,03/05/2026,Email,0,,Newsletter\n';
    const log = ok(await readActivities('calls.csv', utf8(csv)));
    expect(log.activities).toEqual([
      { accountId: 'a1', repId: 'u1', date: '2026-03-04', channel: 'phone', minutes: 1.5, ref: 'calls.csv row 2' },
      { accountId: 'a2', repId: 'u2', date: '2026-12-31', channel: 'in_person', minutes: 60, km: 42.5, ref: 'calls.csv row 3' },
    ]);
    expect(log.skipped).toEqual([{ type: 'Email', rows: 1 }]);
    expect(log.columns).toEqual({ account: 'Account ID', rep: 'Assigned To', date: 'Activity Date', channel: 'Type', minutes: 'Call Duration in Seconds', km: 'Mileage' });
    expect(log.ignoredColumns).toEqual(['Subject']);
  });

  it('reads a German export: semicolons, dd.mm.yyyy, decimal commas, h:mm durations, German types', async () => {
    const csv = '\ufeffKundennummer;Mitarbeiter;Datum;Kanal;Dauer;Kilometer\r\n'
      + 'K-1;Anna Huber;31.03.2026;Kundenbesuch;1:30;12,5\r\n'
      + 'K-2;Anna Huber;1.4.2026 08:15;Telefonat;20 min;\r\n'
      + 'K-3;anna@example.com;2026-04-02;Teams;45,5;0\r\n';
    const log = ok(await readActivities('anrufe.csv', utf8(csv)));
    expect(log.activities.map((a) => [a.accountId, a.repId, a.date, a.channel, a.minutes, a.km])).toEqual([
      ['K-1', 'Anna Huber', '2026-03-31', 'in_person', 90, 12.5],
      ['K-2', 'Anna Huber', '2026-04-01', 'phone', 20, undefined],
      ['K-3', 'anna@example.com', '2026-04-02', 'video', 45.5, 0],
    ]);
  });

  it('reads day/month/year slashes when asked', async () => {
    const csv = 'Account,Rep,Date,Channel,Minutes\na1,r1,03/04/2026,visit,30\na1,r1,13/04/2026,visit,30\n';
    const log = ok(await readActivities('uk.csv', utf8(csv), { dateOrder: 'dmy' }));
    expect(log.activities.map((a) => a.date)).toEqual(['2026-04-03', '2026-04-13']);
  });

  it('reads an .xlsx log: date cells, serial dates, number cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Calls');
    ws.addRow(['AccountId', 'Owner', 'Date', 'Activity Type', 'Minutes', 'km']);
    ws.addRow(['a1', 'r1', new Date(Date.UTC(2026, 0, 15)), 'Visit', 45, 12]);
    ws.addRow(['a2', 'r1', 46037, 'Phone', 10, null]);
    const log = ok(await readActivities('calls.xlsx', new Uint8Array(await wb.xlsx.writeBuffer())));
    expect(log.activities.map((a) => [a.date, a.channel, a.minutes, a.km])).toEqual([
      ['2026-01-15', 'in_person', 45, 12],
      ['2026-01-15', 'phone', 10, undefined],
    ]);
    expect(log.activities[0]!.ref).toBe('calls.xlsx row 2');
  });

  it('prefers the id column when the export also has a name column for the same field', async () => {
    const csv = 'Account Name,Account ID,Owner,Date,Type,Duration\nKlinikum,a1,r1,2026-01-02,Visit,30\n';
    const log = ok(await readActivities('calls.csv', utf8(csv)));
    expect(log.activities[0]!.accountId).toBe('a1');
    expect(log.ignoredColumns).toEqual(['Account Name']);
  });
});

describe('readActivities: what to fix', () => {
  it('a missing column is named, with the headers looked for and the columns not understood', async () => {
    const csv = 'Client,Owner,Date,Type,Duration\nx,r1,2026-01-01,call,5\n';
    const found = issues(await readActivities('calls.csv', utf8(csv)));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^calls\.csv, row 1: no column for the account \(looked for "Account ID", "AccountId", .*"Kunde", "Kundennummer".*\); columns not understood: "Client"$/);
  });

  it('lists every rejected cell of every row: bad dates, negative minutes, unknown types, empty cells', async () => {
    const csv = 'Account,Owner,Date,Type,Duration,km\n'
      + 'a1,r1,2026-02-30,visit,30,\n'
      + 'a1,r1,2026-01-02,visit,-5,-1\n'
      + 'a1,,13/01/2026,fax,thirty,\n'
      + 'a1,r1,2026-01-03,visit,30,3\n'
      + 'a1,r1,soon,visit,30,\n';
    expect(issues(await readActivities('calls.csv', utf8(csv)))).toEqual([
      'calls.csv, row 2, column "Date": "2026-02-30" is not a calendar date',
      'calls.csv, row 3, column "Duration": -5 is negative: minutes must be 0 or more',
      'calls.csv, row 3, column "km": -1 is negative: km must be 0 or more',
      expect.stringMatching(/^calls\.csv, row 4, column "Type": "fax" is no activity type this import knows: visits \("visit", "meeting", "Besuch", "Termin", …\)/),
      'calls.csv, row 4, column "Owner": empty: give the rep',
      'calls.csv, row 4, column "Date": "13/01/2026" is not a calendar date (read as month/day/year); if the file writes day/month/year, read it with --date-order dmy (API: "dateOrder": "dmy")',
      'calls.csv, row 4, column "Duration": "thirty" is not a number of minutes',
      'calls.csv, row 6, column "Date": "soon" is not a date (write dates as 2026-03-31, 31.03.2026 or 03/31/2026)',
    ]);
  });

  it('two columns of the same name, and a file that is no table', async () => {
    const table: Table = { source: 'calls.csv', format: 'csv', headers: ['Account', 'Rep', 'Date', 'Type', 'Minutes', 'minutes'], rows: [] };
    expect(issues(activitiesFromTable(table))).toEqual(['calls.csv, row 1, column "minutes": two columns are called "Minutes": remove or rename one']);
    expect(issues(await readActivities('old.xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0])))).toEqual(['old.xls: this is an old Excel 97-2003 (.xls) file; save it as .xlsx or CSV']);
  });
});
