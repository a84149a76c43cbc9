/**
 * readTable reads the files CRMs and spreadsheets export: CSV with `,` or `;`, with or without a BOM,
 * UTF-8 or Windows-1252 (Excel's plain "CSV"), and .xlsx (typed cells, formulas as their results);
 * every row keeps the row number the user sees in the file.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTable, TableError } from '../../src/imports/table.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const latin1 = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));

describe('readTable: CSV', () => {
  it('reads a German export: BOM, semicolons, quoted decimal commas, CRLF; blank lines keep the numbering', async () => {
    const table = await readTable('accounts.csv', utf8('\ufeffAccount ID;Annual Revenue\r\nA-1;"1.234,50 €"\r\n\r\nA-2;7\r\n'));
    expect(table).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ';', headers: ['Account ID', 'Annual Revenue'] });
    expect(table.rows).toEqual([
      { row: 2, cells: ['A-1', '1.234,50 €'] },
      { row: 4, cells: ['A-2', '7'] },
    ]);
  });

  it('reads commas, a quoted comma inside a field, and missing trailing cells as null', async () => {
    const table = await readTable('reps.csv', utf8('User ID,Full Name,Title\nu1,"Huber, Anna"\nu2,Bob Lee,Field Rep\n'));
    expect(table.delimiter).toBe(',');
    expect(table.rows.map((r) => r.cells)).toEqual([['u1', 'Huber, Anna', null], ['u2', 'Bob Lee', 'Field Rep']]);
  });

  it('reads a file that is not UTF-8 as Windows-1252 and says so', async () => {
    const table = await readTable('accounts.csv', latin1('Name;Ort\nM\xfcller;K\xf6ln\n'));
    expect(table.encoding).toBe('windows-1252');
    expect(table.rows[0]!.cells).toEqual(['Müller', 'Köln']);
  });

  it('names the file and the line of a broken quote', async () => {
    await expect(readTable('bad.csv', utf8('a,b\n1,"x"y\n'))).rejects.toThrow(/bad\.csv: not a readable CSV file: .*line 2/);
  });

  it('refuses an empty file and an old .xls with a message that says what to do', async () => {
    await expect(readTable('empty.csv', utf8(''))).rejects.toBeInstanceOf(TableError);
    await expect(readTable('old.xls', Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0]))).rejects.toThrow(/save it as \.xlsx or CSV/);
  });
});

describe('readTable: xlsx', () => {
  async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
    const wb = new ExcelJS.Workbook();
    build(wb);
    return new Uint8Array(await wb.xlsx.writeBuffer());
  }

  it('reads typed cells, formula results and rich text, with sheet row numbers', async () => {
    const bytes = await workbook((wb) => {
      const ws = wb.addWorksheet('Accounts');
      ws.addRow(['Account ID', 'Annual Revenue', 'Name']);
      ws.addRow(['A-1', 12.5, { richText: [{ text: 'Müller ' }, { text: 'GmbH' }] }]);
      ws.addRow([]);
      ws.addRow(['A-2', { formula: '1+1', result: 2 }, 'Two']);
    });
    const table = await readTable('accounts.xlsx', bytes);
    expect(table).toMatchObject({ format: 'xlsx', sheet: 'Accounts', headers: ['Account ID', 'Annual Revenue', 'Name'] });
    expect(table.rows).toEqual([
      { row: 2, cells: ['A-1', 12.5, 'Müller GmbH'] },
      { row: 4, cells: ['A-2', 2, 'Two'] },
    ]);
  });

  it('reads the named sheet, and names the sheets there are when it is missing', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('Notes').addRow(['x']);
      wb.addWorksheet('Reps').addRows([['User ID'], ['u1']]);
    });
    expect((await readTable('r.xlsx', bytes, { sheet: 'Reps' })).rows).toEqual([{ row: 2, cells: ['u1'] }]);
    await expect(readTable('r.xlsx', bytes, { sheet: 'Users' })).rejects.toThrow(/no worksheet "Users" \(it has "Notes", "Reps"\)/);
  });

  it('refuses a ZIP that is not a workbook', async () => {
    await expect(readTable('x.xlsx', Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]))).rejects.toThrow(/x\.xlsx: not a readable Excel/);
  });
});
