/**
 * The plan export a CRM takes back, opened with csv-parse and exceljs: one row per account with the
 * plan's owner, the previous owner, moved yes/no and the reason, and the km from the new owner's home
 * (checked against a haversine written here, and against the hand-made case's matrix); columns
 * chosen and renamed by the column list; formula-looking text written as text.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Problem, ProblemInput, TerritoryResult } from '../../solver/index.ts';
import { CRM_FIELDS, crmColumnsSchema, parseCrmColumns } from '../../src/results/crm-columns.ts';
import { NEW_ACCOUNT_REASON, toCrmCsv, toCrmXlsx } from '../../src/results/crm-export.ts';
import { greatCircleKm, makeProblem, solveChecked } from '../solver/support/fixtures.ts';
import { overCapacity } from '../solver/support/over-capacity.ts';

const tinyInput = JSON.parse(readFileSync(new URL('../../data/tiny.json', import.meta.url), 'utf8')) as ProblemInput;

function csvRecords(text: string): Array<Record<string, string>> {
  return parse(text, { columns: true }) as Array<Record<string, string>>;
}

async function sheetRecords(bytes: Buffer): Promise<{ name: string; headers: string[]; rows: Array<Record<string, unknown>>; frozen: boolean; bold: boolean }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  expect(workbook.worksheets).toHaveLength(1);
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Array<Record<string, unknown>> = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const values = sheet.getRow(r).values as unknown[];
    rows.push(Object.fromEntries(headers.map((h, c) => [h, values[c + 1] ?? null])));
  }
  return { name: sheet.name, headers, rows, frozen: sheet.views[0]?.state === 'frozen', bold: sheet.getRow(1).font?.bold === true };
}

describe('the CRM plan export of the tiny example', () => {
  let problem: Problem;
  let result: TerritoryResult;
  beforeAll(async () => {
    problem = makeProblem(tinyInput);
    result = await solveChecked(problem);
  });

  it('has one row per account with the plan\'s owner, the previous owner, moved and reason', () => {
    const rows = csvRecords(toCrmCsv(problem, result));
    expect(Object.keys(rows[0]!)).toEqual(Object.values(CRM_FIELDS));
    expect(rows.map((r) => r.account_id)).toEqual(problem.accounts.map((a) => a.id));
    const owner = new Map(result.assignments.map((a) => [a.accountId, a.repId]));
    const moves = new Map(result.moves.map((m) => [m.accountId, m]));
    expect(moves.size).toBeGreaterThan(0);
    for (const row of rows) {
      const account = problem.accounts.find((a) => a.id === row.account_id)!;
      const rep = problem.reps.find((r) => r.id === owner.get(account.id))!;
      expect(row.owner_id).toBe(rep.id);
      expect(row.owner_name).toBe(rep.name);
      expect(row.account_name).toBe(account.name);
      expect(row.previous_owner_id).toBe(account.currentRepId ?? '');
      expect(row.previous_owner_name).toBe(problem.reps.find((r) => r.id === account.currentRepId)?.name ?? '');
      const move = moves.get(account.id);
      expect(row.moved).toBe(move ? 'yes' : 'no');
      expect(row.move_reason).toBe(move?.reason ?? (account.currentRepId === undefined ? NEW_ACCOUNT_REASON : ''));
      expect(row.move_explanation).toBe(move?.explanation ?? '');
      // Home-to-account km, rounded to 0.1 km.
      expect(Number(row.km_to_owner)).toBeCloseTo(greatCircleKm(rep.lat!, rep.lon!, account.lat!, account.lon!), 1);
      expect(Number(row.lat)).toBe(account.lat);
      expect(Number(row.value)).toBe(account.value);
      expect(row.segment).toBe(result.assignments.find((a) => a.accountId === account.id)!.segment);
    }
    expect(rows.find((r) => r.account_id === 'ettlingen')).toMatchObject({ previous_owner_id: '', moved: 'no', move_reason: 'new-account' });
  });

  it('writes only the listed columns, in their order, under the given headers', () => {
    const columns = crmColumnsSchema.parse('accountId:Account ID, newOwnerId:OwnerId,moved,kmToNewOwner:Distance: km');
    const text = toCrmCsv(problem, result, columns);
    expect(text.split('\n')[0]).toBe('Account ID,OwnerId,moved,Distance: km');
    const rows = csvRecords(text);
    expect(rows.map((r) => [r['Account ID'], r.OwnerId])).toEqual(result.assignments.map((a) => [a.accountId, a.repId]));
  });

  it('as .xlsx: one sheet "Plan", bold frozen header, numbers as numbers, the same rows as the CSV', async () => {
    const sheet = await sheetRecords(await toCrmXlsx(problem, result));
    expect(sheet).toMatchObject({ name: 'Plan', frozen: true, bold: true });
    expect(sheet.headers).toEqual(Object.values(CRM_FIELDS));
    const csv = csvRecords(toCrmCsv(problem, result));
    expect(sheet.rows).toHaveLength(csv.length);
    sheet.rows.forEach((row, k) => {
      expect(row.owner_id).toBe(csv[k]!.owner_id);
      expect(row.moved).toBe(csv[k]!.moved);
      expect(typeof row.km_to_owner).toBe('number');
      expect(row.km_to_owner).toBe(Number(csv[k]!.km_to_owner));
      expect(row.value).toBe(Number(csv[k]!.value));
    });
    const renamed = await sheetRecords(await toCrmXlsx(problem, result, crmColumnsSchema.parse('newOwnerId:Owner,accountId:Id')));
    expect(renamed.headers).toEqual(['Owner', 'Id']);
  });

  it('has no rows without a plan', () => {
    const none: TerritoryResult = { ...result, assignments: [], moves: [], territories: [] };
    expect(csvRecords(toCrmCsv(problem, none))).toEqual([]);
  });
});

describe('the CRM plan export of the hand-made move', () => {
  it('gives the new owner\'s km from the distance matrix and the move\'s reason', async () => {
    const problem = makeProblem(overCapacity);
    const result = await solveChecked(problem);
    const rows = csvRecords(toCrmCsv(problem, result));
    // Freiburg leaves Stuttgart (140 km) for Munich (277 km); the others stay (10 km each).
    expect(rows.map((r) => [r.account_id, r.owner_id, r.owner_name, r.previous_owner_id, r.moved, r.move_reason, r.km_to_owner])).toEqual([
      ['acc-1', 'muc', 'Munich', 'stg', 'yes', 'capacity', '277'],
      ['acc-2', 'stg', 'Stuttgart', 'stg', 'no', '', '10'],
      ['acc-3', 'aug', 'Augsburg', 'aug', 'no', '', '10'],
    ]);
    expect(rows[0]!.lat).toBe('');
  });

  it('writes a CRM name that looks like a formula as text (CSV), and keeps it a string cell (xlsx)', async () => {
    const hostile = { ...overCapacity, accounts: overCapacity.accounts.map((a, i) => (i === 1 ? { ...a, name: '=HYPERLINK("http://evil.example","x")' } : a)) };
    const problem = makeProblem(hostile);
    const result = await solveChecked(problem);
    const line = toCrmCsv(problem, result).split('\n').find((l) => l.startsWith('acc-2,'))!;
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    const sheet = await sheetRecords(await toCrmXlsx(problem, result));
    expect(sheet.rows[1]!.account_name).toBe('=HYPERLINK("http://evil.example","x")');
  });
});

describe('the column list', () => {
  it('parses fields with and without headers', () => {
    expect(parseCrmColumns('accountId:Account ID,newOwnerId')).toEqual({ ok: true, columns: [{ field: 'accountId', header: 'Account ID' }, { field: 'newOwnerId', header: 'owner_id' }] });
  });

  it.each([
    ['', 'is empty'],
    ['accountId,,moved', 'entry 2 is empty'],
    ['accountId,owner', 'unknown field "owner"; the fields are accountId, accountName'],
    ['accountId:', 'field accountId has an empty header'],
    ['accountId,accountId:Id', 'field accountId is listed twice'],
    ['accountId:Id,newOwnerId:id', 'fields accountId and newOwnerId have the same header "id"'],
    ['__proto__', 'unknown field "__proto__"'],
  ])('refuses %j: %s', (text, message) => {
    const parsed = parseCrmColumns(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toContain(message);
    expect(crmColumnsSchema.safeParse(text).success).toBe(false);
  });
});
