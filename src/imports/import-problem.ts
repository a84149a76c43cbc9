/**
 * A CRM export -> a problem document (docs/problem-format.md) and an import report
 * (docs/importing.md). Files are read by table.ts, columns mapped by columns.ts, numbers read by
 * numbers.ts, each file's rows by read-reps.ts, read-accounts.ts, read-patterns.ts and
 * read-distances.ts into one ImportRun (import-run.ts: errors, defaults, report), owners matched by
 * owners.ts, rows without coordinates placed by geocode.ts, and what no CRM holds filled in by
 * defaults.ts. The problem is finally checked by the solver's own
 * `parseProblem`, whose issues are traced back to the rows they came from.
 *
 * All or nothing: an import with any rejected row or file gives no problem, only the list of what
 * to fix, all of it (not just the first error).
 */
import { parseProblem, type ProblemInput } from '../../solver/index.ts';
import type { RowReader } from './cells.ts';
import { missingColumn, type FileKind } from './columns.ts';
import { importOptionsSchema, resolveOptions, type ResolvedOptions } from './defaults.ts';
import { countryCode } from './geocode.ts';
import { ImportRun, type Source } from './import-run.ts';
import { OwnerMatcher } from './owners.ts';
import { readAccounts } from './read-accounts.ts';
import { readDistances } from './read-distances.ts';
import { checkPatternCoverage, readPatterns } from './read-patterns.ts';
import { readReps } from './read-reps.ts';
import type { ImportError, ImportOutcome, ImportReport } from './report.ts';
import { readTable, TableError, type Table } from './table.ts';

export interface ImportTables {
  readonly accounts: Table;
  readonly reps: Table;
  readonly patterns?: Table;
  readonly distances?: Table;
}

export interface ImportFile {
  /** The file name, as errors name it (`accounts.csv`). */
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface ImportFiles {
  readonly accounts: ImportFile;
  readonly reps: ImportFile;
  readonly patterns?: ImportFile;
  readonly distances?: ImportFile;
}

/** Options that are not valid: each with its path (`capacity.sellingShare`). */
export type OptionsResult = { readonly ok: true; readonly options: ResolvedOptions } | { readonly ok: false; readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }> };

export function parseImportOptions(input: unknown): OptionsResult {
  const parsed = importOptionsSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const at = (path: readonly PropertyKey[]) => path.map(String).join('.') || '(root)';
    return {
      ok: false,
      issues: parsed.error.issues.flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys.map((key) => ({ path: at([...i.path, key]), message: 'unknown field' })) : [{ path: at(i.path), message: i.message }])),
    };
  }
  if (parsed.data.country !== undefined && countryCode(parsed.data.country) === undefined) {
    return { ok: false, issues: [{ path: 'country', message: `"${parsed.data.country}" is not a country the import knows (an ISO code such as DE, or the English or German name)` }] };
  }
  const options = resolveOptions(parsed.data);
  return { ok: true, options: { ...options, country: options.country === undefined ? undefined : countryCode(options.country) } };
}

/** Reads the files (CSV or xlsx) and imports them. A file that cannot be read at all is an error of that file. */
export async function importFiles(files: ImportFiles, options: ResolvedOptions): Promise<ImportOutcome<ProblemInput>> {
  const errors: ImportError[] = [];
  const tables: Partial<Record<FileKind, Table>> = {};
  for (const kind of ['accounts', 'reps', 'patterns', 'distances'] as const) {
    const file = files[kind];
    if (!file) continue;
    try {
      const sheet = options.sheets[kind];
      tables[kind] = await readTable(file.name, file.bytes, sheet === undefined ? {} : { sheet });
    } catch (err) {
      if (!(err instanceof TableError)) throw err;
      errors.push({ file: file.name, row: null, column: null, reason: err.message.startsWith(`${file.name}: `) ? err.message.slice(file.name.length + 2) : err.message });
    }
  }
  if (errors.length > 0 || !tables.accounts || !tables.reps) return { ok: false, errors, report: emptyReport() };
  return importTables(tables as ImportTables, options);
}

export function importTables(tables: ImportTables, options: ResolvedOptions): ImportOutcome<ProblemInput> {
  const run = new ImportRun(options);
  const { errors } = run;
  const accountsIn = run.mapped('accounts', tables.accounts);
  const repsIn = run.mapped('reps', tables.reps);
  const patternsIn = tables.patterns ? run.mapped('patterns', tables.patterns) : undefined;
  const distancesIn = tables.distances ? run.mapped('distances', tables.distances) : undefined;
  run.haveMatrix = distancesIn !== undefined;
  const none = { accounts: [], reps: [], patterns: [] };

  // Columns a file cannot do without: checked before any row, so the answer is one line, not one per row.
  requireColumns(accountsIn, 'accounts', ['id', 'value'], errors);
  requireLocation(accountsIn, 'accounts', run.haveMatrix, errors);
  if (!repsIn.has('id') && !repsIn.has('email') && !repsIn.has('name') && !(repsIn.has('firstName') && repsIn.has('lastName'))) errors.push(missingColumn('reps', tables.reps.source, 'id', tables.reps.headers, ' (or an e-mail or name column to use as the id)'));
  requireLocation(repsIn, 'reps', run.haveMatrix, errors);
  if (patternsIn) requireColumns(patternsIn, 'patterns', ['segment', 'role', 'callsPerYear', 'minutesPerCall'], errors);
  if (distancesIn) {
    requireColumns(distancesIn, 'distances', ['account', 'rep'], errors);
    if (!distancesIn.has('km') && !distancesIn.has('minutes')) errors.push(missingColumn('distances', tables.distances!.source, 'km', tables.distances!.headers, ' (or drive time in minutes)'));
  }
  if (tables.accounts.rows.length === 0) errors.push({ file: tables.accounts.source, row: null, column: null, reason: 'has no rows below its header' });
  if (tables.reps.rows.length === 0) errors.push({ file: tables.reps.source, row: null, column: null, reason: 'has no rows below its header' });
  if (errors.length > 0) return { ok: false, errors, report: run.report(none) };

  // Reps first: owners are matched against them.
  const { reps, sources: repSources } = readReps(run, tables.reps, repsIn);
  const matcher = new OwnerMatcher(reps.map((r) => ({ id: r.id, ...(r.name !== undefined ? { name: r.name } : {}), ...(typeof r.email === 'string' ? { email: r.email } : {}) })));
  const { accounts, sources: accountSources } = readAccounts(run, tables.accounts, accountsIn, matcher, tables.reps.source);
  const rowErrors = errors.length;
  // Call patterns: the file's, or the template for the roles the reps have.
  const { patterns, sources: patternSources } = readPatterns(run, patternsIn ? { table: tables.patterns!, reader: patternsIn } : undefined, new Set(reps.map((r) => r.role)));
  if (errors.length === rowErrors) checkPatternCoverage(run, patterns, reps, accounts, accountSources);
  const travel = distancesIn && rowErrors === 0
    ? readDistances(run, tables.distances!, distancesIn, accounts, reps, matcher, { accounts: tables.accounts.source, reps: tables.reps.source })
    : undefined;
  const counts = { accounts, reps, patterns };
  if (errors.length > 0) return { ok: false, errors, report: run.report(counts) };

  const problem: ProblemInput = {
    name: options.name ?? `Imported from ${tables.accounts.source} and ${tables.reps.source}`,
    description: `Imported by territory import from ${[tables.accounts, tables.reps, tables.patterns, tables.distances].filter((t) => t !== undefined).map((t) => t.source).join(', ')}.`,
    accounts,
    reps,
    callPatterns: patterns,
    ...(travel ? { travel } : {}),
  };
  // The solver's own checks, traced back to the rows.
  const parsed = parseProblem(problem);
  if (!parsed.ok) {
    for (const issue of parsed.issues) errors.push(issueToRow(issue.path, issue.message, { accounts: accountSources, reps: repSources, callPatterns: patternSources }));
    return { ok: false, errors, report: run.report(counts) };
  }
  run.warnings.push(...parsed.warnings.map((w) => `${w.path}: ${w.message}`));
  return { ok: true, problem, report: run.report(counts) };
}

function requireColumns<F extends string>(reader: RowReader<F>, kind: FileKind, fields: readonly F[], errors: ImportError[]): void {
  // A field whose mapping failed, or that two columns claim, has its error already.
  for (const field of fields) if (!reader.has(field) && !reader.mapping.troubled.includes(field)) errors.push(missingColumn(kind, reader.table.source, field, reader.table.headers));
}

function requireLocation(reader: RowReader<string>, kind: 'accounts' | 'reps', haveMatrix: boolean, errors: ImportError[]): void {
  const { source, headers } = reader.table;
  if (reader.has('lat') !== reader.has('lon')) {
    const missing = reader.has('lat') ? 'lon' : 'lat';
    errors.push(missingColumn(kind, source, missing, headers, ` (there is a ${missing === 'lon' ? 'latitude' : 'longitude'} column "${reader.header(missing === 'lon' ? 'lat' : 'lon')}")`));
  }
  if (haveMatrix || reader.has('lat') || reader.has('city') || reader.has('postalCode')) return;
  errors.push(missingColumn(kind, source, 'lat', headers, ' (the location: latitude and longitude, or a city or postal code to geocode, or a distances file)'));
}

/** `accounts[17].value` -> the row account 17 came from and the column of `value`. */
function issueToRow(path: string, message: string, sources: Readonly<Record<'accounts' | 'reps' | 'callPatterns', readonly Source[]>>): ImportError {
  const m = /^(accounts|reps|callPatterns)\[(\d+)\](?:\.(\w+))?/.exec(path);
  const src = m ? sources[m[1] as 'accounts' | 'reps' | 'callPatterns'][Number(m[2])] : undefined;
  if (!src) return { file: 'problem', row: null, column: null, reason: `${path}: ${message}` };
  const column = m![3] !== undefined ? src.columns[m![3]] ?? null : null;
  return { file: src.file, row: src.row === 0 ? null : src.row, column, reason: message };
}

function emptyReport(): ImportReport {
  return { files: [], accounts: 0, reps: 0, callPatterns: 0, defaults: [], owners: { matched: { id: 0, name: 0, email: 0 }, none: 0, owners: [], unmatched: [] }, geocoding: { fromCoordinates: 0, geocoded: [], notPlaced: [] }, warnings: [] };
}
