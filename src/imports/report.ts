/**
 * The import report: what an import read, how it understood it and what it filled in, so that a
 * user can check every guess (docs/importing.md, "The import report"). An import either produces a
 * problem with this report, or no problem and `errors`: every rejected row and file, each naming the
 * file, the row (the file's own row number, the header is row 1) and the column.
 */
import type { FileKind } from './columns.ts';

/** One thing to fix: `accounts.csv row 17, column "Annual Revenue": "12,5 Mio" is not a number`. */
export interface ImportError {
  readonly file: string;
  /** The file's row number (header = 1); null for what concerns the whole file. */
  readonly row: number | null;
  /** The column's header as the file writes it; null when no one column is at fault. */
  readonly column: string | null;
  readonly reason: string;
}

export interface FileReport {
  readonly kind: FileKind;
  readonly file: string;
  readonly format: 'csv' | 'xlsx';
  readonly rows: number;
  readonly encoding?: string;
  readonly delimiter?: string;
  readonly sheet?: string;
  /** Header -> field, and whether by its name (`auto`) or the mapping. */
  readonly columns: ReadonlyArray<{ readonly header: string; readonly field: string; readonly how: 'auto' | 'mapping' }>;
  /** Headers no field reads. */
  readonly ignored: readonly string[];
}

/** A default the import applied because no column held the value. */
export interface DefaultApplied {
  /** `capacity`, `role`, `callPatterns`, `value`, `channel`, … */
  readonly what: string;
  /** What was filled in, in words: `40 h/week x 46 weeks x 0.6 selling share = 1,104 h/year`. */
  readonly detail: string;
  /** How many rows got it (reps, accounts or patterns). */
  readonly rows: number;
  /** The option that overrides it (`--selling-share`, `options.capacity.sellingShare`). */
  readonly override: string;
}

export type OwnerHow = 'id' | 'name' | 'email';

export interface OwnerReport {
  /** Accounts whose owner was matched, by how. */
  readonly matched: Readonly<Record<OwnerHow, number>>;
  /** Accounts with no owner (new accounts). */
  readonly none: number;
  /** Each distinct owner value and the rep it matched. */
  readonly owners: ReadonlyArray<{ readonly value: string; readonly repId: string; readonly how: OwnerHow; readonly accounts: number }>;
  /** Owner values that match no rep (rejected rows, or accounts counted as new with `unmatchedOwners: "unassigned"`). */
  readonly unmatched: ReadonlyArray<{ readonly value: string; readonly accounts: number; readonly rows: readonly number[]; readonly reason: string }>;
}

export type PlacedHow = 'postal code' | 'city';

export interface GeocodedRow {
  readonly file: string;
  readonly row: number;
  readonly id: string;
  readonly how: PlacedHow;
  /** What was looked up: `10001, US` or `Würzburg, DE`. */
  readonly query: string;
  /** The place found: `New York, NY, US` or `Würzburg, DE (pop. 127,880)`. */
  readonly place: string;
  readonly lat: number;
  readonly lon: number;
  /** Set when the name was not unique: `largest of 3 places named "Neustadt" in DE`. */
  readonly note?: string;
}

export interface ImportReport {
  readonly files: readonly FileReport[];
  readonly accounts: number;
  readonly reps: number;
  readonly callPatterns: number;
  readonly defaults: readonly DefaultApplied[];
  readonly owners: OwnerReport;
  readonly geocoding: {
    /** Rows placed by their own latitude/longitude. */
    readonly fromCoordinates: number;
    readonly geocoded: readonly GeocodedRow[];
    /** Rows that could not be placed (rejected). */
    readonly notPlaced: ReadonlyArray<{ readonly file: string; readonly row: number; readonly id: string; readonly reason: string }>;
  };
  /** The travel matrix from a distances file, when one was given. */
  readonly travel?: { readonly file: string; readonly unit: 'km' | 'minutes'; readonly pairs: number; readonly detail: string };
  /** Things worth a look that did not stop the import (the problem's validation warnings included). */
  readonly warnings: readonly string[];
}

export type ImportOutcome<P> =
  | { readonly ok: true; readonly problem: P; readonly report: ImportReport }
  | { readonly ok: false; readonly errors: readonly ImportError[]; readonly report: ImportReport };

/** `accounts.csv row 17, column "Annual Revenue": …` */
export function formatImportError(e: ImportError): string {
  const where = [e.file, e.row === null ? null : `row ${e.row}`, e.column === null ? null : `column "${e.column}"`].filter((x) => x !== null).join(', ');
  return `${where}: ${e.reason}`;
}
