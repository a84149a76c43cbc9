/**
 * The one CSV writer of the exports (csv-stringify): a header line, then the rows. Cells that a
 * spreadsheet would run as a formula (text starting with =, +, -, @, tab or CR; a CRM name such as
 * '=HYPERLINK(...)') are written as text with a leading apostrophe; numbers are left alone, so a
 * negative longitude stays a number.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | null;

export function csvText(headers: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return stringify(rows.map((r) => [...r]), { header: true, escape_formulas: true, columns: [...headers] });
}
