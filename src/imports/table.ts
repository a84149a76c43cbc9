/**
 * Reads one spreadsheet file, CSV or Excel (.xlsx), as CRMs and spreadsheets export it, into a table
 * of header names and rows of cells. The parsers are libraries (csv-parse, exceljs); what this file
 * adds is what those exports need and the libraries leave to the caller:
 * - UTF-8 with or without BOM; a file that is not valid UTF-8 is read as Windows-1252, which is what
 *   Excel's "CSV" (not "CSV UTF-8") saves on Windows, and the table says so (`encoding`);
 * - the delimiter (`,`, `;` or tab) taken from the header line, so German exports (`;` with decimal
 *   commas) and English ones both read;
 * - every row keeps the line or sheet row it came from (`row`, 1 = the header), so an importer can
 *   name it in an error ("accounts.csv row 17, column "Annual Revenue": …").
 * Cells stay as the file typed them: text for CSV; number, text, boolean or Date for xlsx (a formula
 * gives its cached result). Turning them into numbers and ids is the importer's job.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export type Cell = string | number | boolean | Date | null;

export interface TableRow {
  /** The file's own row number: the header is row 1, the first data row 2 (CSV: its record number + 1). */
  readonly row: number;
  /** One cell per header, in header order (missing trailing cells are null). */
  readonly cells: readonly Cell[];
}

export interface Table {
  /** The file name, as errors name it. */
  readonly source: string;
  readonly headers: readonly string[];
  readonly rows: readonly TableRow[];
  readonly format: 'csv' | 'xlsx';
  /** CSV only: how the bytes were decoded. */
  readonly encoding?: 'utf-8' | 'windows-1252';
  /** CSV only: the field delimiter found in the header line. */
  readonly delimiter?: ',' | ';' | '\t';
  /** xlsx only: the worksheet read. */
  readonly sheet?: string;
}

/** A file that cannot be read as a table at all (not the errors of single rows: those are the importer's). */
export class TableError extends Error {
  constructor(readonly source: string, message: string) {
    super(`${source}: ${message}`);
    this.name = 'TableError';
  }
}

export interface ReadTableOptions {
  /** xlsx: the worksheet to read (default: the first one). */
  readonly sheet?: string;
}

/** The ZIP signature every .xlsx starts with: the format is told from the bytes, not the name. */
function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export async function readTable(source: string, bytes: Uint8Array, options: ReadTableOptions = {}): Promise<Table> {
  if (isZip(bytes)) return readXlsx(source, bytes, options);
  if (/\.xls$/i.test(source) || (bytes[0] === 0xd0 && bytes[1] === 0xcf)) {
    throw new TableError(source, 'this is an old Excel 97-2003 (.xls) file; save it as .xlsx or CSV');
  }
  return readCsv(source, bytes);
}

export function readCsv(source: string, bytes: Uint8Array): Table {
  const { text, encoding } = decode(bytes);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = delimiterOf(body);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, {
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      // Each record with the line it ends on: blank lines are skipped, so the index is not the line.
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    // csv-parse names the line ("Invalid Closing Quote: … at line 17").
    throw new TableError(source, `not a readable CSV file: ${(error as Error).message}`);
  }
  const [header, ...data] = records;
  if (!header || header.record.every((h) => h === '')) throw new TableError(source, 'the file is empty: the first line must name the columns');
  const headers = header.record.map((h) => h.trim());
  const rows = data
    .map(({ record, info }) => ({ row: info.lines, cells: headers.map((_, c) => cellOfText(record[c])) }))
    .filter((r) => r.cells.some((c) => c !== null));
  return { source, headers, rows, format: 'csv', encoding, delimiter };
}

function cellOfText(value: string | undefined): Cell {
  if (value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function decode(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-1252' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** The delimiter that splits the header line into the most fields (quoted text does not count). */
function delimiterOf(text: string): ',' | ';' | '\t' {
  const newline = text.search(/\r?\n/);
  const firstLine = (newline < 0 ? text : text.slice(0, newline)).replace(/"[^"]*"/g, '');
  const candidates = [',', ';', '\t'] as const;
  let best: ',' | ';' | '\t' = ',';
  let most = 0;
  for (const d of candidates) {
    const count = firstLine.split(d).length - 1;
    if (count > most) {
      most = count;
      best = d;
    }
  }
  return best;
}

async function readXlsx(source: string, bytes: Uint8Array, options: ReadTableOptions): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch (error) {
    throw new TableError(source, `not a readable Excel (.xlsx) file: ${(error as Error).message}`);
  }
  const sheet = options.sheet === undefined ? workbook.worksheets[0] : workbook.getWorksheet(options.sheet);
  if (!sheet) {
    const names = workbook.worksheets.map((w) => `"${w.name}"`).join(', ');
    throw new TableError(source, options.sheet === undefined ? 'the workbook has no worksheet' : `the workbook has no worksheet "${options.sheet}" (it has ${names})`);
  }
  // The header is the first row that has any cell (exports sometimes start with a blank row).
  let headerRow = 0;
  for (let r = 1; r <= sheet.rowCount; r++) {
    if (sheet.getRow(r).cellCount > 0 && rowValues(sheet.getRow(r), sheet.columnCount).some((v) => v !== null)) {
      headerRow = r;
      break;
    }
  }
  if (headerRow === 0) throw new TableError(source, `worksheet "${sheet.name}" is empty: its first row must name the columns`);
  const width = sheet.columnCount;
  const headers = rowValues(sheet.getRow(headerRow), width).map((v) => (v === null ? '' : String(v).trim()));
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
  const rows: TableRow[] = [];
  for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
    const cells = rowValues(sheet.getRow(r), headers.length);
    if (cells.some((c) => c !== null)) rows.push({ row: r, cells });
  }
  return { source, headers, rows, format: 'xlsx', sheet: sheet.name };
}

function rowValues(row: ExcelJS.Row, width: number): Cell[] {
  const cells: Cell[] = [];
  for (let c = 1; c <= width; c++) cells.push(cellOfExcel(row.getCell(c).value));
  return cells;
}

function cellOfExcel(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    if ('richText' in value) return cellOfExcel(value.richText.map((part) => part.text).join(''));
    if ('formula' in value || 'sharedFormula' in value) return cellOfExcel((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('hyperlink' in value) return cellOfExcel((value as ExcelJS.CellHyperlinkValue).text);
    if ('error' in value) return null;
  }
  return String(value);
}
