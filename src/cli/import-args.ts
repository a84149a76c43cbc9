/**
 * The import flags of `territory import` and `territory solve --accounts …`, turned into the files
 * to read and the options object that `importOptionsSchema` parses (the same schema as the API's
 * `options` field, so both take the same things):
 *   --accounts <file> --reps <file> [--patterns <file>] [--distances <file>]
 *   --map <file>.<field>="<header>" (repeatable; `--map value="Annual Revenue"` when only one file has the field)
 *   --sheet [<file>=]<worksheet>    --options <options.json>
 *   --hours-per-week <h> --weeks-per-year <n> --selling-share <0..1>
 *   --role-map "<title words>=<role>" (repeatable)  --default-role <role>
 *   --country <ISO code or name>  --unmatched-owners reject|unassigned  --name <problem name>
 * Flags win over the --options file.
 */
import { readFile } from 'node:fs/promises';
import { FIELDS, FILE_KINDS, type FileKind } from '../imports/columns.ts';
import type { ImportFiles } from '../imports/import-problem.ts';
import type { ImportOptions } from '../imports/defaults.ts';

export const IMPORT_USAGE = `  --accounts <file> --reps <file>   the CRM exports (CSV or .xlsx) of accounts and reps (users)
  [--patterns <file>]               call patterns (segment, role, calls per year or weekly/monthly/…, minutes, channel)
  [--distances <file>]              road km or drive minutes per (account, rep), one row each
  [--map <file>.<field>="<header>"] the column of a field, e.g. --map accounts.value="Umsatz 2024" (repeatable)
  [--sheet [<file>=]<worksheet>]    xlsx: the worksheet to read (default: the first)
  [--hours-per-week 40] [--weeks-per-year 46] [--selling-share 0.6]   rep capacity = FTE x these
  [--role-map "<title words>=<role>"] [--default-role field]           role from the job title
  [--country <code or name>]        country of rows that name none (geocoding)
  [--unmatched-owners reject|unassigned]   an owner that matches no rep: reject (default) or new account
  [--options <options.json>]        the same options as a JSON file (the API's "options" field)`;

/** parseArgs option definitions of the import flags, spread into a command's own. */
export const IMPORT_FLAGS = {
  accounts: { type: 'string' },
  reps: { type: 'string' },
  patterns: { type: 'string' },
  distances: { type: 'string' },
  map: { type: 'string', multiple: true },
  sheet: { type: 'string', multiple: true },
  options: { type: 'string' },
  'hours-per-week': { type: 'string' },
  'weeks-per-year': { type: 'string' },
  'selling-share': { type: 'string' },
  'role-map': { type: 'string', multiple: true },
  'default-role': { type: 'string' },
  country: { type: 'string' },
  'unmatched-owners': { type: 'string' },
  name: { type: 'string' },
} as const;

export type ImportFlagValues = { [K in keyof typeof IMPORT_FLAGS]?: (typeof IMPORT_FLAGS)[K] extends { multiple: true } ? string[] : string };

/** A mistake in the flags: the message goes to stderr with exit code 2. */
export class ImportUsageError extends Error {}

/** `accounts.value=Annual Revenue` or `value=Annual Revenue` -> [kind, field, header]. */
export function parseMapFlag(flag: string): [FileKind, string, string] {
  const eq = flag.indexOf('=');
  if (eq <= 0) throw new ImportUsageError(`--map ${flag}: expected <file>.<field>="<header>", e.g. --map accounts.value="Annual Revenue"`);
  const target = flag.slice(0, eq).trim();
  const header = unquote(flag.slice(eq + 1).trim());
  if (header === '') throw new ImportUsageError(`--map ${flag}: the header is empty`);
  const dot = target.indexOf('.');
  if (dot > 0) {
    const kind = target.slice(0, dot);
    const field = target.slice(dot + 1);
    if (!(FILE_KINDS as readonly string[]).includes(kind)) throw new ImportUsageError(`--map ${flag}: "${kind}" is not a file (accounts, reps, patterns, distances)`);
    if (!(field in FIELDS[kind as FileKind])) throw new ImportUsageError(`--map ${flag}: "${field}" is not a field of the ${kind} file (fields: ${Object.keys(FIELDS[kind as FileKind]).join(', ')})`);
    return [kind as FileKind, field, header];
  }
  const kinds = FILE_KINDS.filter((k) => target in FIELDS[k]);
  if (kinds.length === 0) throw new ImportUsageError(`--map ${flag}: "${target}" is not a field of any file; the account fields are ${Object.keys(FIELDS.accounts).join(', ')}`);
  if (kinds.length > 1) throw new ImportUsageError(`--map ${flag}: "${target}" is a field of ${kinds.join(' and ')}; say which, e.g. --map ${kinds[0]}.${target}="${header}"`);
  return [kinds[0]!, target, header];
}

function unquote(text: string): string {
  return /^".*"$|^'.*'$/.test(text) ? text.slice(1, -1) : text;
}

function numberFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text.replace(',', '.'));
  if (text.trim() === '' || !Number.isFinite(n)) throw new ImportUsageError(`--${name}: expected a number, got "${text}"`);
  return n;
}

/** The options object (not yet parsed by the schema): the --options file, then the flags over it. */
export async function importOptionsFromFlags(values: ImportFlagValues): Promise<ImportOptions> {
  let base: Record<string, unknown> = {};
  if (values.options !== undefined) {
    const text = await readText(values.options);
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('expected a JSON object');
      base = parsed as Record<string, unknown>;
    } catch (err) {
      throw new ImportUsageError(`--options ${values.options}: not a JSON object of import options (${(err as Error).message})`);
    }
  }
  const mapping: Record<string, Record<string, string>> = structuredClone((base.mapping as Record<string, Record<string, string>> | undefined) ?? {});
  for (const flag of values.map ?? []) {
    const [kind, field, header] = parseMapFlag(flag);
    (mapping[kind] ??= {})[field] = header;
  }
  const sheets: Record<string, string> = { ...((base.sheets as Record<string, string> | undefined) ?? {}) };
  for (const flag of values.sheet ?? []) {
    const eq = flag.indexOf('=');
    const kind = eq > 0 ? flag.slice(0, eq) : undefined;
    if (kind !== undefined && (FILE_KINDS as readonly string[]).includes(kind)) sheets[kind] = unquote(flag.slice(eq + 1));
    else for (const k of FILE_KINDS) sheets[k] = unquote(flag);
  }
  const roleMap: Record<string, string> = { ...((base.roleMap as Record<string, string> | undefined) ?? {}) };
  for (const flag of values['role-map'] ?? []) {
    const eq = flag.lastIndexOf('=');
    if (eq <= 0 || eq === flag.length - 1) throw new ImportUsageError(`--role-map ${flag}: expected "<title words>=<role>", e.g. --role-map "Inside Sales=inside"`);
    roleMap[unquote(flag.slice(0, eq).trim())] = flag.slice(eq + 1).trim();
  }
  const capacity = { ...((base.capacity as Record<string, unknown> | undefined) ?? {}) };
  const hours = numberFlag('hours-per-week', values['hours-per-week']);
  const weeks = numberFlag('weeks-per-year', values['weeks-per-year']);
  const share = numberFlag('selling-share', values['selling-share']);
  if (hours !== undefined) capacity.hoursPerWeek = hours;
  if (weeks !== undefined) capacity.weeksPerYear = weeks;
  if (share !== undefined) capacity.sellingShare = share;
  const out: Record<string, unknown> = { ...base };
  if (Object.keys(mapping).length > 0) out.mapping = mapping;
  if (Object.keys(sheets).length > 0) out.sheets = sheets;
  if (Object.keys(roleMap).length > 0) out.roleMap = roleMap;
  if (Object.keys(capacity).length > 0) out.capacity = capacity;
  if (values['default-role'] !== undefined) out.defaultRole = values['default-role'];
  if (values.country !== undefined) out.country = values.country;
  if (values['unmatched-owners'] !== undefined) out.unmatchedOwners = values['unmatched-owners'];
  if (values.name !== undefined) out.name = values.name;
  return out as ImportOptions;
}

/** The files named by the flags, read; --accounts and --reps are required. */
export async function importFilesFromFlags(values: ImportFlagValues): Promise<ImportFiles> {
  if (values.accounts === undefined || values.reps === undefined) throw new ImportUsageError('an import needs --accounts <file> and --reps <file>');
  const read = async (path: string) => ({ name: baseName(path), bytes: await readBytes(path) });
  return {
    accounts: await read(values.accounts),
    reps: await read(values.reps),
    ...(values.patterns !== undefined ? { patterns: await read(values.patterns) } : {}),
    ...(values.distances !== undefined ? { distances: await read(values.distances) } : {}),
  };
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ImportUsageError(code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read (${code ?? (err as Error).message})`);
  }
}

async function readText(path: string): Promise<string> {
  return new TextDecoder().decode(await readBytes(path));
}
