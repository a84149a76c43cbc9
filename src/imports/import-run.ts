/**
 * What one import collects while it reads its files: the options, every error (all of them, not just
 * the first), the defaults it applied, warnings, where rows were placed, how owners were matched, and
 * the report of each file. The readers of each file (read-reps.ts, read-accounts.ts, read-patterns.ts,
 * read-distances.ts) add to it; `report()` turns it into the import report.
 */
import type { CallPattern, ProblemInput } from '../../solver/index.ts';
import { RowReader } from './cells.ts';
import { mapColumns, type ColumnMapping, type FieldOf, type FileKind } from './columns.ts';
import type { ResolvedOptions } from './defaults.ts';
import { geocode } from './geocode.ts';
import type { DefaultApplied, FileReport, GeocodedRow, ImportError, ImportReport, OwnerHow, OwnerReport } from './report.ts';
import type { Table, TableRow } from './table.ts';

export type Account = ProblemInput['accounts'][number];
export type Rep = ProblemInput['reps'][number];

/** Where an item of the problem came from: its file, row and, per problem field, the header. */
export interface Source {
  readonly file: string;
  readonly row: number;
  /** Field (of the problem) -> the header it came from. */
  readonly columns: Readonly<Record<string, string | null>>;
}

type PlaceFields = 'lat' | 'lon' | 'city' | 'postalCode' | 'country';

export class ImportRun {
  readonly errors: ImportError[] = [];
  readonly defaults: DefaultApplied[] = [];
  readonly warnings: string[] = [];
  readonly geocoded: GeocodedRow[] = [];
  readonly notPlaced: Array<{ file: string; row: number; id: string; reason: string }> = [];
  fromCoordinates = 0;
  readonly fileReports: FileReport[] = [];
  readonly owners = { matched: { id: 0, name: 0, email: 0 } as Record<OwnerHow, number>, none: 0, byValue: new Map<string, { repId: string; how: OwnerHow; accounts: number }>(), unmatched: new Map<string, { accounts: number; rows: number[]; reason: string }>() };
  travelReport: ImportReport['travel'];
  /** Whether a distances file gives the travel (then rows need no location). */
  haveMatrix = false;

  constructor(readonly options: ResolvedOptions) {}

  /** The file's columns mapped to fields (errors and the file's report kept here); a reader of its rows. */
  mapped<K extends FileKind>(kind: K, table: Table): RowReader<FieldOf<K>> {
    const { mapping, errors: mapErrors } = mapColumns(kind, table.source, table.headers, this.options.mapping[kind]);
    this.errors.push(...mapErrors);
    this.fileReports.push({
      kind, file: table.source, format: table.format, rows: table.rows.length,
      ...(table.encoding ? { encoding: table.encoding } : {}), ...(table.delimiter ? { delimiter: table.delimiter === '\t' ? 'tab' : table.delimiter } : {}), ...(table.sheet ? { sheet: table.sheet } : {}),
      columns: mapping.columns.map((c) => ({ header: c.header, field: c.field, how: c.how })),
      ignored: mapping.ignored,
    });
    return new RowReader<FieldOf<K>>(table, mapping as ColumnMapping<FieldOf<K>>, this.errors);
  }

  /** A row's location: its latitude/longitude, else geocoded offline from its city or postal code. */
  place(reader: RowReader<string>, row: TableRow, id: string): { lat?: number; lon?: number } {
    const r = reader as unknown as RowReader<PlaceFields>;
    const lat = r.number(row, 'lat', 'decimal', { min: -90, max: 90 });
    const lon = r.number(row, 'lon', 'decimal', { min: -180, max: 180 });
    const latText = r.text(row, 'lat');
    const lonText = r.text(row, 'lon');
    if (latText !== undefined || lonText !== undefined) {
      if (lat !== undefined && lon !== undefined) {
        this.fromCoordinates++;
        return { lat, lon };
      }
      if (latText === undefined) r.fail(row, r.has('lat') ? 'lat' : null, 'has a longitude but no latitude');
      if (lonText === undefined) r.fail(row, r.has('lon') ? 'lon' : null, 'has a latitude but no longitude');
      return {};
    }
    const city = r.text(row, 'city');
    const postalCode = r.text(row, 'postalCode');
    const country = r.text(row, 'country');
    if (city === undefined && postalCode === undefined) {
      if (this.haveMatrix) return {};
      const reason = 'cannot be placed: no latitude/longitude, city or postal code';
      r.fail(row, null, reason);
      this.notPlaced.push({ file: r.table.source, row: row.row, id, reason });
      return {};
    }
    const found = geocode({ ...(city ? { city } : {}), ...(postalCode ? { postalCode } : {}), ...(country ? { country } : {}), ...(this.options.country ? { defaultCountry: this.options.country } : {}) });
    if (!found.ok) {
      if (this.haveMatrix) return {};
      const column = city !== undefined ? 'city' : 'postalCode';
      r.fail(row, column, `cannot be placed: ${found.reason}`);
      this.notPlaced.push({ file: r.table.source, row: row.row, id, reason: found.reason });
      return {};
    }
    this.geocoded.push({ file: r.table.source, row: row.row, id, how: found.how, query: found.query, place: found.place, lat: found.lat, lon: found.lon, ...(found.note ? { note: found.note } : {}) });
    return { lat: round(found.lat, 5), lon: round(found.lon, 5) };
  }

  report(counts: { accounts: readonly Account[]; reps: readonly Rep[]; patterns: readonly CallPattern[] }): ImportReport {
    const ownerReport: OwnerReport = {
      matched: this.owners.matched,
      none: this.owners.none,
      owners: [...this.owners.byValue].map(([value, o]) => ({ value, ...o })),
      unmatched: [...this.owners.unmatched].map(([value, u]) => ({ value, ...u })),
    };
    return {
      files: this.fileReports,
      accounts: counts.accounts.length,
      reps: counts.reps.length,
      callPatterns: counts.patterns.length,
      defaults: this.defaults,
      owners: ownerReport,
      geocoding: { fromCoordinates: this.fromCoordinates, geocoded: this.geocoded, notPlaced: this.notPlaced },
      ...(this.travelReport ? { travel: this.travelReport } : {}),
      warnings: this.warnings,
    };
  }
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function fmt(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
