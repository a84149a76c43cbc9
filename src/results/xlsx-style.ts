/**
 * How the exports' worksheets look when a sales leader opens them: bold headers, the header row
 * frozen and filterable, and the number formats the workbook shares (hours and km without decimals,
 * utilisation as a percentage).
 */
import type ExcelJS from 'exceljs';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const NUMBER_FORMATS = {
  hours: '#,##0',
  km: '#,##0',
  percent: '0%',
  value: '#,##0',
  count: '0',
  decimal: '#,##0.00',
} as const;

/**
 * Bold header row (row 1), frozen; a filter over the header and the `filterRows` rows below it
 * (default: every row; 0: no filter).
 */
export function finishSheet(sheet: ExcelJS.Worksheet, filterRows = sheet.rowCount - 1): void {
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  const width = sheet.columnCount;
  if (width > 0 && filterRows > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + filterRows, column: width } };
}
