/**
 * The plan export a CRM takes back: one row per account with its segment, its new owner (id and
 * name), its previous owner, whether it moved and why, and the km from the new owner's home; with
 * the account's coordinates and value, so the same file can be imported again as an accounts file
 * (its owner column is then today's owner). As CSV or as a one-sheet .xlsx; the columns and their
 * headers come from crm-columns.ts.
 */
import ExcelJS from 'exceljs';
import { evaluateAlignment, type Problem, type TerritoryResult } from '../../solver/index.ts';
import { DEFAULT_CRM_COLUMNS, type CrmColumn, type CrmField } from './crm-columns.ts';
import { csvText, type CsvCell } from './csv-text.ts';
import { finishSheet } from './xlsx-style.ts';

export type CrmRow = Readonly<Record<CrmField, CsvCell>>;

/** What the reason column says for an account that had no owner today (it is placed, not moved). */
export const NEW_ACCOUNT_REASON = 'new-account';

/** One row per account of the plan (none without a plan), in the problem's order. */
export function crmRows(problem: Problem, result: TerritoryResult): CrmRow[] {
  if (result.assignments.length === 0) return [];
  const reps = new Map(problem.reps.map((r) => [r.id, r]));
  const accounts = new Map(problem.accounts.map((a) => [a.id, a]));
  const moves = new Map(result.moves.map((m) => [m.accountId, m]));
  const km = new Map(evaluateAlignment(problem, result.assignments).accounts.map((a) => [a.accountId, a.km]));
  return result.assignments.map((a): CrmRow => {
    const account = accounts.get(a.accountId);
    const move = moves.get(a.accountId);
    const previous = account?.currentRepId;
    const distance = km.get(a.accountId);
    return {
      accountId: a.accountId,
      accountName: account?.name ?? null,
      segment: a.segment,
      newOwnerId: a.repId,
      newOwnerName: reps.get(a.repId)?.name ?? null,
      previousOwnerId: previous ?? null,
      previousOwnerName: previous === undefined ? null : reps.get(previous)?.name ?? null,
      moved: move ? 'yes' : 'no',
      reason: move ? move.reason : previous === undefined ? NEW_ACCOUNT_REASON : null,
      kmToNewOwner: distance === undefined || distance === null ? null : Math.round(distance * 10) / 10,
      lat: account?.lat ?? null,
      lon: account?.lon ?? null,
      value: account?.value ?? null,
      explanation: move?.explanation ?? null,
    };
  });
}

export function toCrmCsv(problem: Problem, result: TerritoryResult, columns: readonly CrmColumn[] = DEFAULT_CRM_COLUMNS): string {
  return csvText(columns.map((c) => c.header), crmRows(problem, result).map((row) => columns.map((c) => row[c.field])));
}

/** Number formats and widths per field (the rest are text of about 14 characters). */
const FORMATS: Partial<Record<CrmField, { numFmt?: string; width: number }>> = {
  accountName: { width: 28 },
  newOwnerName: { width: 26 },
  previousOwnerName: { width: 26 },
  kmToNewOwner: { numFmt: '#,##0.0', width: 12 },
  lat: { numFmt: '0.00000', width: 11 },
  lon: { numFmt: '0.00000', width: 11 },
  value: { numFmt: '#,##0', width: 14 },
  explanation: { width: 80 },
};

export async function toCrmXlsx(problem: Problem, result: TerritoryResult, columns: readonly CrmColumn[] = DEFAULT_CRM_COLUMNS): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'territory';
  const sheet = workbook.addWorksheet('Plan');
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.field, width: Math.max(FORMATS[c.field]?.width ?? 14, c.header.length + 2), style: FORMATS[c.field]?.numFmt ? { numFmt: FORMATS[c.field]!.numFmt! } : {} }));
  for (const row of crmRows(problem, result)) sheet.addRow(columns.map((c) => row[c.field]));
  finishSheet(sheet);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
