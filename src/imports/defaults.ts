/**
 * What no CRM holds, filled in from documented defaults the user can override (docs/importing.md,
 * "Defaults"), and the one schema of the import options (the CLI's flags and the API's `options`
 * field are both parsed by `importOptionsSchema`):
 * - capacity: FTE x hoursPerWeek x weeksPerYear x sellingShare (40 x 46 x 0.6 = 1,104 h/year for a
 *   full-time rep), unless the reps file has a capacity column;
 * - role: from the job title by a title -> role mapping (inside sales, telesales, Innendienst ->
 *   `inside`), else `defaultRole` (`field`), unless the reps file has a role column;
 * - call patterns: a template from common practice (A bi-weekly visits and B monthly visits by
 *   field reps, C a monthly phone call by inside reps, or a quarterly one by field reps when there
 *   are no inside reps), unless a patterns file is given.
 */
import { z } from 'zod';
import type { CallPattern, Channel } from '../../solver/index.ts';
import { FIELDS, FILE_KINDS } from './columns.ts';
import { normalName } from './owners.ts';

export const DEFAULT_CAPACITY = { hoursPerWeek: 40, weeksPerYear: 46, sellingShare: 0.6 } as const;

/** Title words -> role, tried after the user's own entries; the first that the title contains wins. */
export const DEFAULT_ROLE_MAP: Readonly<Record<string, string>> = {
  'inside sales': 'inside',
  'inside': 'inside',
  'telesales': 'inside',
  'tele sales': 'inside',
  'telemarketing': 'inside',
  'sales development': 'inside',
  'sdr': 'inside',
  'bdr': 'inside',
  'innendienst': 'inside',
  'field sales': 'field',
  'field': 'field',
  'outside sales': 'field',
  'territory': 'field',
  'aussendienst': 'field',
  'außendienst': 'field',
};

export const DEFAULT_ROLE = 'field';

/** How often: a number of calls per year, or one of these words (weeks: `weeksPerYear`). */
export function callsPerYearOf(word: string, weeksPerYear: number): number | undefined {
  const w = normalName(word).replace(/[-_]/g, ' ');
  const table: Array<[RegExp, number]> = [
    [/^(daily|taglich|täglich)$/, weeksPerYear * 5],
    [/^(twice (a|per) week|2x (weekly|per week)|zweimal (pro|die) woche)$/, weeksPerYear * 2],
    [/^(weekly|every week|once a week|wochentlich|wöchentlich|jede woche)$/, weeksPerYear],
    [/^(bi ?weekly|fortnightly|every (two|2|other) weeks|alle (zwei|2) wochen|14 ?tagig|14 ?taegig|zweiwochentlich)$/, weeksPerYear / 2],
    [/^(twice (a|per) month|semi ?monthly|2x (monthly|per month)|zweimal (pro|im) monat)$/, 24],
    [/^(monthly|every month|once a month|monatlich|jeden monat)$/, 12],
    [/^(every (two|2|other) months|bi ?monthly|alle (zwei|2) monate|zweimonatlich)$/, 6],
    [/^(quarterly|every quarter|every (three|3) months|vierteljahrlich|quartalsweise|quartalsweise|pro quartal)$/, 4],
    [/^(twice (a|per) year|semi ?annually|half ?yearly|halbjahrlich|halbjährlich)$/, 2],
    [/^(yearly|annually|once a year|jahrlich|jährlich|einmal im jahr)$/, 1],
  ];
  for (const [re, n] of table) if (re.test(w)) return n;
  return undefined;
}

/** in person / visit / face to face / Besuch -> in_person; phone / call / Telefon -> phone; video / Teams / Zoom -> video. */
export function channelOf(word: string): Channel | undefined {
  const w = normalName(word).replace(/[-_]/g, ' ');
  if (/^(in ?person|visit|visits|face to face|f2f|on ?site|field|besuch|besuche|vor ort|personlich|persönlich|aussendienst)$/.test(w)) return 'in_person';
  if (/^(phone|telephone|call|tele|telesales|telefon|telefonisch|anruf)$/.test(w)) return 'phone';
  if (/^(video|video call|teams|zoom|online|remote|virtual|webex|videocall|videoanruf)$/.test(w)) return 'video';
  return undefined;
}

export interface TemplatePattern extends CallPattern {
  /** In words, for the report and the docs. */
  readonly why: string;
}

/**
 * The call-pattern template, for the roles the import has. `territory import --patterns-template`
 * writes it as a CSV file to edit and pass back with `--patterns`.
 */
export function callPatternTemplate(roles: ReadonlySet<string>, weeksPerYear: number = DEFAULT_CAPACITY.weeksPerYear): TemplatePattern[] {
  const out: TemplatePattern[] = [
    { segment: 'A', role: 'field', callsPerYear: weeksPerYear / 2, minutesPerCall: 60, channel: 'in_person', why: 'A: a 60-minute visit every two weeks by a field rep' },
    { segment: 'B', role: 'field', callsPerYear: 12, minutesPerCall: 45, channel: 'in_person', why: 'B: a 45-minute visit a month by a field rep' },
  ];
  if (roles.has('inside') || roles.size === 0) {
    out.push({ segment: 'C', role: 'inside', callsPerYear: 12, minutesPerCall: 20, channel: 'phone', why: 'C: a 20-minute phone call a month by an inside rep' });
  } else {
    out.push({ segment: 'C', role: 'field', callsPerYear: 4, minutesPerCall: 20, channel: 'phone', why: 'C: a 20-minute phone call a quarter by a field rep (there are no inside reps)' });
  }
  return out;
}

const mappingOf = (kind: (typeof FILE_KINDS)[number]) => {
  const fields = Object.keys(FIELDS[kind]) as [string, ...string[]];
  return z.partialRecord(z.enum(fields), z.string().min(1).max(200)).optional();
};

const positive = z.number().finite().positive();

/** The import options: the column mapping and every default's override. One schema for the CLI and the API. */
export const importOptionsSchema = z.strictObject({
  mapping: z.strictObject({
    accounts: mappingOf('accounts'),
    reps: mappingOf('reps'),
    patterns: mappingOf('patterns'),
    distances: mappingOf('distances'),
  }).optional().describe('Header of the column that holds a field, per file: { "accounts": { "value": "Annual Revenue" } }. Wins over the header names the import knows.'),
  sheets: z.strictObject({
    accounts: z.string().min(1).optional(),
    reps: z.string().min(1).optional(),
    patterns: z.string().min(1).optional(),
    distances: z.string().min(1).optional(),
  }).optional().describe('xlsx: the worksheet to read per file (default: the first).'),
  capacity: z.strictObject({
    hoursPerWeek: positive.max(168).optional(),
    weeksPerYear: positive.max(53).optional(),
    sellingShare: positive.max(1).optional(),
  }).optional().describe('Rep capacity when the reps file has no capacity column: FTE x hoursPerWeek x weeksPerYear x sellingShare. Defaults 40, 46, 0.6.'),
  roleMap: z.record(z.string().min(1).max(200), z.string().min(1).max(100)).optional().describe('Job title words -> role, tried before the built-in ones: { "Key Account": "key-account" }.'),
  defaultRole: z.string().min(1).max(100).optional().describe('Role of a rep whose title matches nothing (default field).'),
  country: z.string().min(2).max(100).optional().describe('Country of rows that name none, for geocoding by city or postal code (ISO code or name).'),
  unmatchedOwners: z.enum(['reject', 'unassigned']).optional().describe('An owner that matches no rep: reject the row (default), or import the account with no current owner.'),
  name: z.string().max(500).optional().describe('Name of the problem (default: from the file names).'),
}).describe('How to read the files and what to fill in that a CRM does not hold.');

export type ImportOptions = z.input<typeof importOptionsSchema>;

/** The options with every default filled in. */
export interface ResolvedOptions {
  readonly mapping: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly sheets: Readonly<Record<string, string | undefined>>;
  readonly hoursPerWeek: number;
  readonly weeksPerYear: number;
  readonly sellingShare: number;
  /** User entries first, then the built-in ones, as [normalised title words, role]. */
  readonly roleMap: ReadonlyArray<readonly [string, string]>;
  readonly userRoleMap: boolean;
  readonly defaultRole: string;
  readonly country: string | undefined;
  readonly unmatchedOwners: 'reject' | 'unassigned';
  readonly name: string | undefined;
}

export function resolveOptions(options: z.output<typeof importOptionsSchema>): ResolvedOptions {
  const user = Object.entries(options.roleMap ?? {});
  return {
    mapping: Object.fromEntries(Object.entries(options.mapping ?? {}).map(([k, v]) => [k, Object.fromEntries(Object.entries(v ?? {}).filter((e): e is [string, string] => e[1] !== undefined))])),
    sheets: options.sheets ?? {},
    hoursPerWeek: options.capacity?.hoursPerWeek ?? DEFAULT_CAPACITY.hoursPerWeek,
    weeksPerYear: options.capacity?.weeksPerYear ?? DEFAULT_CAPACITY.weeksPerYear,
    sellingShare: options.capacity?.sellingShare ?? DEFAULT_CAPACITY.sellingShare,
    roleMap: [...user, ...Object.entries(DEFAULT_ROLE_MAP)].map(([words, role]) => [normalTitle(words), role] as const),
    userRoleMap: user.length > 0,
    defaultRole: options.defaultRole ?? DEFAULT_ROLE,
    country: options.country,
    unmatchedOwners: options.unmatchedOwners ?? 'reject',
    name: options.name,
  };
}

/** Titles compared as words: "Sr. Inside-Sales Rep" contains "inside sales". */
export function normalTitle(title: string): string {
  return ` ${normalName(title).replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

/** The role a job title maps to, and which entry matched (undefined: no entry, use the default). */
export function roleOfTitle(title: string, options: ResolvedOptions): { role: string; entry: string } | undefined {
  const t = normalTitle(title);
  for (const [words, role] of options.roleMap) if (t.includes(words)) return { role, entry: words.trim() };
  return undefined;
}
