/**
 * A CRM export -> a problem document (docs/problem-format.md) and an import report
 * (docs/importing.md). Files are read by table.ts, columns mapped by columns.ts, numbers read by
 * numbers.ts, owners matched by owners.ts, rows without coordinates placed by geocode.ts, and what
 * no CRM holds filled in by defaults.ts. The problem is finally checked by the solver's own
 * `parseProblem`, whose issues are traced back to the rows they came from.
 *
 * All or nothing: an import with any rejected row or file gives no problem, only the list of what
 * to fix, all of it (not just the first error).
 */
import { parseProblem, type CallPattern, type ProblemInput } from '../../solver/index.ts';
import { listOf, RowReader } from './cells.ts';
import { mapColumns, missingColumn, type ColumnMapping, type FieldOf, type FileKind } from './columns.ts';
import { callPatternTemplate, callsPerYearOf, channelOf, importOptionsSchema, resolveOptions, roleOfTitle, type ResolvedOptions } from './defaults.ts';
import { countryCode, geocode } from './geocode.ts';
import { OwnerMatcher } from './owners.ts';
import type { DefaultApplied, FileReport, GeocodedRow, ImportError, ImportOutcome, ImportReport, OwnerHow, OwnerReport } from './report.ts';
import { readTable, TableError, type Table, type TableRow } from './table.ts';

type Account = ProblemInput['accounts'][number];
type Rep = ProblemInput['reps'][number];

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

interface Source {
  readonly file: string;
  readonly row: number;
  /** Field (of the problem) -> the header it came from. */
  readonly columns: Readonly<Record<string, string | null>>;
}

export function importTables(tables: ImportTables, options: ResolvedOptions): ImportOutcome<ProblemInput> {
  const errors: ImportError[] = [];
  const defaults: DefaultApplied[] = [];
  const warnings: string[] = [];
  const geocoded: GeocodedRow[] = [];
  const notPlaced: Array<{ file: string; row: number; id: string; reason: string }> = [];
  let fromCoordinates = 0;
  const fileReports: FileReport[] = [];
  const reps: Rep[] = [];
  const accounts: Account[] = [];
  const patterns: CallPattern[] = [];
  let travelReport: ImportReport['travel'];
  const owners = { matched: { id: 0, name: 0, email: 0 } as Record<OwnerHow, number>, none: 0, byValue: new Map<string, { repId: string; how: OwnerHow; accounts: number }>(), unmatched: new Map<string, { accounts: number; rows: number[]; reason: string }>() };

  const mapped = <K extends FileKind>(kind: K, table: Table) => {
    const { mapping, errors: mapErrors } = mapColumns(kind, table.source, table.headers, options.mapping[kind]);
    errors.push(...mapErrors);
    fileReports.push({
      kind, file: table.source, format: table.format, rows: table.rows.length,
      ...(table.encoding ? { encoding: table.encoding } : {}), ...(table.delimiter ? { delimiter: table.delimiter === '\t' ? 'tab' : table.delimiter } : {}), ...(table.sheet ? { sheet: table.sheet } : {}),
      columns: mapping.columns.map((c) => ({ header: c.header, field: c.field, how: c.how })),
      ignored: mapping.ignored,
    });
    return new RowReader<FieldOf<K>>(table, mapping as ColumnMapping<FieldOf<K>>, errors);
  };

  const accountsIn = mapped('accounts', tables.accounts);
  const repsIn = mapped('reps', tables.reps);
  const patternsIn = tables.patterns ? mapped('patterns', tables.patterns) : undefined;
  const distancesIn = tables.distances ? mapped('distances', tables.distances) : undefined;
  const haveMatrix = distancesIn !== undefined;

  // Columns a file cannot do without: checked before any row, so the answer is one line, not one per row.
  requireColumns(accountsIn, 'accounts', ['id', 'value'], errors);
  requireLocation(accountsIn, 'accounts', haveMatrix, errors);
  if (!repsIn.has('id') && !repsIn.has('email') && !repsIn.has('name') && !(repsIn.has('firstName') && repsIn.has('lastName'))) errors.push(missingColumn('reps', tables.reps.source, 'id', tables.reps.headers, ' (or an e-mail or name column to use as the id)'));
  requireLocation(repsIn, 'reps', haveMatrix, errors);
  if (patternsIn) requireColumns(patternsIn, 'patterns', ['segment', 'role', 'callsPerYear', 'minutesPerCall'], errors);
  if (distancesIn) {
    requireColumns(distancesIn, 'distances', ['account', 'rep'], errors);
    if (!distancesIn.has('km') && !distancesIn.has('minutes')) errors.push(missingColumn('distances', tables.distances!.source, 'km', tables.distances!.headers, ' (or drive time in minutes)'));
  }
  if (tables.accounts.rows.length === 0) errors.push({ file: tables.accounts.source, row: null, column: null, reason: 'has no rows below its header' });
  if (tables.reps.rows.length === 0) errors.push({ file: tables.reps.source, row: null, column: null, reason: 'has no rows below its header' });
  if (errors.length > 0) {
    return { ok: false, errors, report: report() };
  }

  const place = (reader: RowReader<'lat' | 'lon' | 'city' | 'postalCode' | 'country'>, row: TableRow, id: string): { lat?: number; lon?: number } => {
    const lat = reader.number(row, 'lat', 'decimal', { min: -90, max: 90 });
    const lon = reader.number(row, 'lon', 'decimal', { min: -180, max: 180 });
    const latText = reader.text(row, 'lat');
    const lonText = reader.text(row, 'lon');
    if (latText !== undefined || lonText !== undefined) {
      if (lat !== undefined && lon !== undefined) {
        fromCoordinates++;
        return { lat, lon };
      }
      if (latText === undefined) reader.fail(row, reader.has('lat') ? 'lat' : null, 'has a longitude but no latitude');
      if (lonText === undefined) reader.fail(row, reader.has('lon') ? 'lon' : null, 'has a latitude but no longitude');
      return {};
    }
    const city = reader.text(row, 'city');
    const postalCode = reader.text(row, 'postalCode');
    const country = reader.text(row, 'country');
    if (city === undefined && postalCode === undefined) {
      if (haveMatrix) return {};
      const reason = 'cannot be placed: no latitude/longitude, city or postal code';
      reader.fail(row, null, reason);
      notPlaced.push({ file: reader.table.source, row: row.row, id, reason });
      return {};
    }
    const found = geocode({ ...(city ? { city } : {}), ...(postalCode ? { postalCode } : {}), ...(country ? { country } : {}), ...(options.country ? { defaultCountry: options.country } : {}) });
    if (!found.ok) {
      if (haveMatrix) return {};
      const column = city !== undefined ? 'city' : 'postalCode';
      reader.fail(row, column, `cannot be placed: ${found.reason}`);
      notPlaced.push({ file: reader.table.source, row: row.row, id, reason: found.reason });
      return {};
    }
    geocoded.push({ file: reader.table.source, row: row.row, id, how: found.how, query: found.query, place: found.place, lat: found.lat, lon: found.lon, ...(found.note ? { note: found.note } : {}) });
    return { lat: round(found.lat, 5), lon: round(found.lon, 5) };
  };

  // Reps first: owners are matched against them.
  const repSources: Source[] = [];
  const repIds = new Map<string, number>();
  const repDefaults = { idFrom: new Map<string, number>(), role: new Map<string, number>(), capacity: 0, fteCapacity: 0 };
  const capacityFte = options.hoursPerWeek * options.weeksPerYear * options.sellingShare;
  for (const row of tables.reps.rows) {
    const before = errors.length;
    const name = repsIn.text(row, 'name') ?? ([repsIn.text(row, 'firstName'), repsIn.text(row, 'lastName')].filter(Boolean).join(' ') || undefined);
    const email = repsIn.text(row, 'email');
    let id = repsIn.text(row, 'id');
    if (id === undefined && !repsIn.has('id')) {
      const from = email !== undefined ? 'e-mail' : 'name';
      id = email ?? name;
      if (id !== undefined) repDefaults.idFrom.set(from, (repDefaults.idFrom.get(from) ?? 0) + 1);
    }
    if (id === undefined) {
      repsIn.fail(row, repsIn.has('id') ? 'id' : null, 'has no rep id');
      continue;
    }
    const first = repIds.get(id);
    if (first !== undefined) {
      repsIn.fail(row, repsIn.has('id') ? 'id' : 'email', `duplicate rep id "${id}" (also row ${first})`);
      continue;
    }
    repIds.set(id, row.row);
    const location = place(repsIn as unknown as RowReader<'lat' | 'lon' | 'city' | 'postalCode' | 'country'>, row, id);

    let role = repsIn.text(row, 'role')?.toLowerCase();
    if (role === undefined) {
      const title = repsIn.text(row, 'title');
      const byTitle = title === undefined ? undefined : roleOfTitle(title, options);
      role = byTitle?.role ?? options.defaultRole;
      const key = byTitle ? `title contains "${byTitle.entry}" -> ${role}` : `${title === undefined ? 'no title' : 'title matches no entry'} -> ${role} (default role)`;
      repDefaults.role.set(key, (repDefaults.role.get(key) ?? 0) + 1);
    }
    let capacity = repsIn.number(row, 'capacity', 'amount', { positive: true });
    if (capacity === undefined && repsIn.text(row, 'capacity') === undefined) {
      let fte = repsIn.number(row, 'fte', 'decimal', { positive: true });
      if (fte !== undefined && fte > 1.5) {
        repsIn.fail(row, 'fte', `FTE "${repsIn.text(row, 'fte')}" is above 1.5: write a fraction of full time (0.8) or a percentage (80%)`);
        fte = undefined;
      } else if (fte === undefined && repsIn.text(row, 'fte') === undefined) {
        repDefaults.capacity++;
      } else if (fte !== undefined) {
        repDefaults.fteCapacity++;
      }
      if (fte !== undefined || repsIn.text(row, 'fte') === undefined) capacity = round((fte ?? 1) * capacityFte, 1);
    }
    const skills = listOf(repsIn.text(row, 'skills'));
    const maxAccounts = repsIn.number(row, 'maxAccounts', 'amount', { min: 0, integer: true });
    if (capacity === undefined || errors.length > before) continue;
    reps.push({
      id,
      ...(name !== undefined ? { name } : {}),
      ...location,
      role,
      capacity,
      ...(skills ? { skills } : {}),
      ...(maxAccounts !== undefined ? { maxAccounts } : {}),
      ...(email !== undefined ? { email } : {}),
    });
    repSources.push({ file: tables.reps.source, row: row.row, columns: { id: repsIn.header('id'), name: repsIn.header('name'), lat: repsIn.header('lat'), lon: repsIn.header('lon'), role: repsIn.header('role') ?? repsIn.header('title'), capacity: repsIn.header('capacity') ?? repsIn.header('fte'), skills: repsIn.header('skills'), maxAccounts: repsIn.header('maxAccounts') } });
  }
  for (const [from, n] of repDefaults.idFrom) defaults.push({ what: 'rep id', detail: `no id column: the ${from} is the rep id`, rows: n, override: `--map reps.id="<header>"` });
  if (repDefaults.capacity > 0) defaults.push({ what: 'capacity', detail: `${options.hoursPerWeek} h/week x ${options.weeksPerYear} weeks x ${options.sellingShare} selling share = ${fmt(capacityFte)} h/year (1 FTE)`, rows: repDefaults.capacity, override: '--hours-per-week, --weeks-per-year, --selling-share (options.capacity), or a capacity or FTE column' });
  if (repDefaults.fteCapacity > 0) defaults.push({ what: 'capacity', detail: `FTE x ${options.hoursPerWeek} h/week x ${options.weeksPerYear} weeks x ${options.sellingShare} selling share (${fmt(capacityFte)} h/year per FTE)`, rows: repDefaults.fteCapacity, override: '--hours-per-week, --weeks-per-year, --selling-share (options.capacity), or a capacity column' });
  for (const [key, n] of repDefaults.role) defaults.push({ what: 'role', detail: `from the title: ${key}`, rows: n, override: '--role-map "<title words>=<role>", --default-role (options.roleMap, options.defaultRole), or a role column' });

  const matcher = new OwnerMatcher(reps.map((r) => ({ id: r.id, ...(r.name !== undefined ? { name: r.name } : {}), ...(typeof r.email === 'string' ? { email: r.email } : {}) })));

  const accountSources: Source[] = [];
  const accountIds = new Map<string, number>();
  let emptyValues = 0;
  for (const row of tables.accounts.rows) {
    const id = accountsIn.text(row, 'id');
    if (id === undefined) {
      accountsIn.fail(row, 'id', 'has no account id');
      continue;
    }
    const first = accountIds.get(id);
    if (first !== undefined) {
      accountsIn.fail(row, 'id', `duplicate account id "${id}" (also row ${first})`);
      continue;
    }
    accountIds.set(id, row.row);
    const before = errors.length;
    let value = accountsIn.number(row, 'value', 'amount', { min: 0 });
    if (value === undefined && accountsIn.text(row, 'value') === undefined) {
      value = 0;
      emptyValues++;
    }
    const location = place(accountsIn as unknown as RowReader<'lat' | 'lon' | 'city' | 'postalCode' | 'country'>, row, id);
    const ownerText = accountsIn.text(row, 'owner');
    let currentRepId: string | undefined;
    if (ownerText === undefined) {
      owners.none++;
    } else {
      const m = matcher.match(ownerText);
      if (m.ok) {
        currentRepId = m.repId;
        owners.matched[m.how]++;
        const seen = owners.byValue.get(ownerText);
        owners.byValue.set(ownerText, { repId: m.repId, how: m.how, accounts: (seen?.accounts ?? 0) + 1 });
      } else {
        const seen = owners.unmatched.get(ownerText);
        owners.unmatched.set(ownerText, { accounts: (seen?.accounts ?? 0) + 1, rows: [...(seen?.rows ?? []), row.row], reason: m.reason });
        if (options.unmatchedOwners === 'reject') accountsIn.fail(row, 'owner', `owner ${m.reason} in ${tables.reps.source}; add the rep, fix the owner, or import with --unmatched-owners unassigned to treat the account as new`);
      }
    }
    const lockedText = accountsIn.text(row, 'lockedRep');
    let lockedRepId: string | undefined;
    if (lockedText !== undefined) {
      const m = matcher.match(lockedText);
      if (m.ok) lockedRepId = m.repId;
      else accountsIn.fail(row, 'lockedRep', `locked rep ${m.reason} in ${tables.reps.source}`);
    }
    const workload = accountsIn.number(row, 'workload', 'amount', { min: 0 });
    const segment = accountsIn.text(row, 'segment');
    const skills = listOf(accountsIn.text(row, 'skills'));
    const name = accountsIn.text(row, 'name');
    if (errors.length > before || value === undefined) continue;
    accounts.push({
      id,
      ...(name !== undefined ? { name } : {}),
      ...location,
      value,
      ...(segment !== undefined ? { segment } : {}),
      ...(skills ? { skills } : {}),
      ...(currentRepId !== undefined ? { currentRepId } : {}),
      ...(lockedRepId !== undefined ? { lockedRepId } : {}),
      ...(workload !== undefined ? { workload } : {}),
    });
    accountSources.push({ file: tables.accounts.source, row: row.row, columns: { id: accountsIn.header('id'), name: accountsIn.header('name'), lat: accountsIn.header('lat') ?? accountsIn.header('city'), lon: accountsIn.header('lon') ?? accountsIn.header('city'), value: accountsIn.header('value'), segment: accountsIn.header('segment'), skills: accountsIn.header('skills'), currentRepId: accountsIn.header('owner'), lockedRepId: accountsIn.header('lockedRep'), workload: accountsIn.header('workload') } });
  }
  if (emptyValues > 0) defaults.push({ what: 'value', detail: `empty "${accountsIn.header('value')}": value 0 (a new account or prospect)`, rows: emptyValues, override: 'fill in the column' });
  if (options.unmatchedOwners === 'unassigned' && owners.unmatched.size > 0) {
    const n = [...owners.unmatched.values()].reduce((s, u) => s + u.accounts, 0);
    warnings.push(`${n} account(s) name an owner that matches no rep (${[...owners.unmatched.keys()].slice(0, 3).map((v) => `"${v}"`).join(', ')}): imported with no current owner (--unmatched-owners unassigned)`);
  }

  const rowErrors = errors.length;
  // Call patterns: the file's, or the template for the roles the reps have.
  const roles = new Set(reps.map((r) => r.role));
  const patternSources: Source[] = [];
  if (patternsIn) {
    const seen = new Map<string, number>();
    let defaultChannel = 0;
    for (const row of tables.patterns!.rows) {
      const before = errors.length;
      const segment = patternsIn.text(row, 'segment');
      const role = patternsIn.text(row, 'role')?.toLowerCase();
      if (segment === undefined) patternsIn.fail(row, 'segment', 'has no segment');
      if (role === undefined) patternsIn.fail(row, 'role', 'has no role');
      const callsText = patternsIn.text(row, 'callsPerYear');
      let callsPerYear: number | undefined;
      if (callsText === undefined) patternsIn.fail(row, 'callsPerYear', 'has no calls per year');
      else {
        callsPerYear = callsPerYearOf(callsText, options.weeksPerYear);
        if (callsPerYear === undefined) callsPerYear = /^[\d\s.,]+$/.test(callsText) ? patternsIn.number(row, 'callsPerYear', 'decimal', { min: 0 }) : undefined;
        if (callsPerYear === undefined && errors.length === before) patternsIn.fail(row, 'callsPerYear', `"${callsText}" is not a number of calls per year or a frequency (weekly, bi-weekly, monthly, quarterly, yearly, …)`);
      }
      const minutesText = patternsIn.text(row, 'minutesPerCall');
      const minutesPerCall = patternsIn.number(row, 'minutesPerCall', 'decimal', { min: 0 });
      if (minutesText === undefined) patternsIn.fail(row, 'minutesPerCall', 'has no minutes per call');
      const channelText = patternsIn.text(row, 'channel');
      let channel = channelText === undefined ? undefined : channelOf(channelText);
      if (channelText !== undefined && channel === undefined) patternsIn.fail(row, 'channel', `"${channelText}" is not a channel (in person, phone or video)`);
      if (channelText === undefined) {
        channel = role === 'field' ? 'in_person' : 'phone';
        defaultChannel++;
      }
      if (segment !== undefined && role !== undefined) {
        const key = `${segment}\u0000${role}`;
        const dup = seen.get(key);
        if (dup !== undefined) patternsIn.fail(row, 'segment', `a second pattern for segment ${segment} and role ${role} (also row ${dup})`);
        seen.set(key, row.row);
      }
      if (errors.length > before) continue;
      patterns.push({ segment: segment!, role: role!, callsPerYear: round(callsPerYear!, 4), minutesPerCall: minutesPerCall!, channel: channel! });
      patternSources.push({ file: tables.patterns!.source, row: row.row, columns: { segment: patternsIn.header('segment'), role: patternsIn.header('role'), callsPerYear: patternsIn.header('callsPerYear'), minutesPerCall: patternsIn.header('minutesPerCall'), channel: patternsIn.header('channel') } });
    }
    if (defaultChannel > 0) defaults.push({ what: 'channel', detail: 'no channel: in person for role field, phone for other roles', rows: defaultChannel, override: 'a channel column in the patterns file' });
  } else {
    const template = callPatternTemplate(roles, options.weeksPerYear);
    for (const p of template) {
      const { why: _why, ...pattern } = p;
      patterns.push(pattern);
      patternSources.push({ file: 'call-pattern template', row: 0, columns: {} });
    }
    defaults.push({ what: 'callPatterns', detail: `no patterns file: the template (${template.map((p) => `${p.segment}/${p.role} ${fmt(p.callsPerYear)} x ${p.minutesPerCall} min ${p.channel}`).join('; ')})`, rows: template.length, override: '--patterns <file> (territory import --patterns-template writes the template to edit)' });
  }
  if (errors.length === rowErrors) {
    const patternRoles = new Set(patterns.map((p) => p.role));
    for (const role of roles) {
      if (!patternRoles.has(role)) warnings.push(`role "${role}" (${reps.filter((r) => r.role === role).length} rep(s)) has no call pattern: its reps can own no account (add patterns for it, or map their titles to another role)`);
    }
    const segments = new Set(patterns.map((p) => p.segment));
    accounts.forEach((a, i) => {
      if (a.segment !== undefined && !segments.has(a.segment) && a.workload === undefined) {
        const src = accountSources[i]!;
        errors.push({ file: src.file, row: src.row, column: src.columns.segment ?? null, reason: `segment "${a.segment}" has no call pattern (the patterns cover ${[...segments].join(', ')})` });
      }
    });
  }

  // The travel matrix from a long table (account, rep, km or minutes).
  let travel: ProblemInput['travel'] | undefined;
  if (distancesIn && rowErrors === 0) {
    const unit = distancesIn.has('km') ? 'km' : 'minutes';
    if (distancesIn.has('km') && distancesIn.has('minutes')) warnings.push(`${tables.distances!.source}: both km ("${distancesIn.header('km')}") and minutes ("${distancesIn.header('minutes')}"); km is used`);
    const accountIndex = new Map(accounts.map((a, i) => [a.id, i]));
    const repIndex = new Map(reps.map((r, j) => [r.id, j]));
    const matrix: Array<Array<number | undefined>> = reps.map(() => accounts.map(() => undefined));
    const seenAt = new Map<string, number>();
    for (const row of tables.distances!.rows) {
      const accountId = distancesIn.text(row, 'account');
      const repRef = distancesIn.text(row, 'rep');
      const amount = distancesIn.number(row, unit, 'decimal', { min: 0 });
      if (accountId === undefined) { distancesIn.fail(row, 'account', 'has no account id'); continue; }
      if (repRef === undefined) { distancesIn.fail(row, 'rep', 'has no rep id'); continue; }
      const i = accountIndex.get(accountId);
      const rep = repIndex.has(repRef) ? { ok: true as const, repId: repRef } : matcher.match(repRef);
      if (i === undefined) { distancesIn.fail(row, 'account', `"${accountId}" is not an account id of ${tables.accounts.source}`); continue; }
      if (!rep.ok) { distancesIn.fail(row, 'rep', `rep ${rep.reason} in ${tables.reps.source}`); continue; }
      if (amount === undefined) {
        if (distancesIn.text(row, unit) === undefined) distancesIn.fail(row, unit, `has no ${unit}`);
        continue;
      }
      const j = repIndex.get(rep.repId)!;
      const key = `${j}:${i}`;
      if (seenAt.has(key)) { distancesIn.fail(row, 'account', `a second distance for account "${accountId}" and rep "${rep.repId}" (also row ${seenAt.get(key)})`); continue; }
      seenAt.set(key, row.row);
      // Drive time becomes km at the problem's speed of 60 km/h (1 km a minute), so travel hours are the drive time.
      matrix[j]![i] = amount;
    }
    const missing: string[] = [];
    let missingCount = 0;
    matrix.forEach((row, j) => row.forEach((v, i) => {
      if (v !== undefined) return;
      missingCount++;
      if (missing.length < 5) missing.push(`(${reps[j]!.id}, ${accounts[i]!.id})`);
    }));
    if (missingCount > 0) {
      errors.push({ file: tables.distances!.source, row: null, column: null, reason: `no ${unit} for ${missingCount} of ${reps.length * accounts.length} (rep, account) pairs, e.g. ${missing.join(', ')}: the table must give every rep's distance to every account` });
    } else {
      travel = { distanceKm: matrix as number[][], circuityFactor: 1, speedKmh: 60 };
      travelReport = {
        file: tables.distances!.source, unit, pairs: reps.length * accounts.length,
        detail: unit === 'km' ? 'road km: travel.distanceKm, circuityFactor 1' : 'drive minutes: travel.distanceKm = minutes at 60 km/h (speedKmh 60, circuityFactor 1), so travel hours are the drive time',
      };
    }
  }

  if (errors.length > 0) return { ok: false, errors, report: report() };

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
    return { ok: false, errors, report: report() };
  }
  warnings.push(...parsed.warnings.map((w) => `${w.path}: ${w.message}`));
  return { ok: true, problem, report: report() };

  function report(): ImportReport {
    const ownerReport: OwnerReport = {
      matched: owners.matched,
      none: owners.none,
      owners: [...owners.byValue].map(([value, o]) => ({ value, ...o })),
      unmatched: [...owners.unmatched].map(([value, u]) => ({ value, ...u })),
    };
    return {
      files: fileReports,
      accounts: accounts.length,
      reps: reps.length,
      callPatterns: patterns.length,
      defaults,
      owners: ownerReport,
      geocoding: { fromCoordinates, geocoded, notPlaced },
      ...(travelReport ? { travel: travelReport } : {}),
      warnings,
    };
  }
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

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function fmt(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

