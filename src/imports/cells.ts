/**
 * Reading one row's cells by field, with the errors an importer reports: each names the file, the
 * row and the column of the cell at fault.
 */
import type { ColumnMapping } from './columns.ts';
import { parseNumberCell, type NumberKind } from './numbers.ts';
import type { ImportError } from './report.ts';
import type { Cell, Table, TableRow } from './table.ts';

/** A cell as text: numbers as written (`12.5`), dates as ISO dates; empty is undefined. */
export function textOf(cell: Cell | undefined): string | undefined {
  if (cell === null || cell === undefined) return undefined;
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  const text = String(cell).trim();
  return text === '' ? undefined : text;
}

export class RowReader<F extends string> {
  constructor(
    readonly table: Table,
    readonly mapping: ColumnMapping<F>,
    readonly errors: ImportError[],
  ) {}

  has(field: F): boolean {
    return this.mapping.byField[field] !== undefined;
  }

  header(field: F): string | null {
    return this.mapping.byField[field]?.header ?? null;
  }

  cell(row: TableRow, field: F): Cell {
    const col = this.mapping.byField[field];
    return col === undefined ? null : row.cells[col.index] ?? null;
  }

  text(row: TableRow, field: F): string | undefined {
    return textOf(this.cell(row, field));
  }

  fail(row: TableRow, field: F | null, reason: string): void {
    this.errors.push({ file: this.table.source, row: row.row, column: field === null ? null : this.header(field), reason });
  }

  /** A number, or undefined (empty cell, or an error reported). `min`: the least value allowed. */
  number(row: TableRow, field: F, kind: NumberKind, check: { min?: number; max?: number; positive?: boolean; integer?: boolean } = {}): number | undefined {
    const cell = this.cell(row, field);
    if (textOf(cell) === undefined) return undefined;
    const parsed = parseNumberCell(cell, kind);
    if (!parsed.ok) {
      this.fail(row, field, parsed.reason);
      return undefined;
    }
    const v = parsed.value;
    const shown = textOf(cell)!;
    if (check.positive && !(v > 0)) return this.reject(row, field, `"${shown}" must be more than 0`);
    if (check.min !== undefined && v < check.min) return this.reject(row, field, `"${shown}" must be ${check.min} or more`);
    if (check.max !== undefined && v > check.max) return this.reject(row, field, `"${shown}" must be ${check.max} or less`);
    if (check.integer && !Number.isInteger(v)) return this.reject(row, field, `"${shown}" must be a whole number`);
    return v;
  }

  private reject(row: TableRow, field: F, reason: string): undefined {
    this.fail(row, field, reason);
    return undefined;
  }
}

/** "a; b, c | d" -> ["a", "b", "c", "d"]. */
export function listOf(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(/[;,|]/).map((s) => s.trim()).filter((s) => s !== '');
  return items.length > 0 ? items : undefined;
}
