/**
 * The CRM's call-activity log (CSV or .xlsx) as the records plan versus actual compares
 * (solver/compliance.ts; the format is docs/compliance.md). Headers are matched by a small table of
 * English and German names (ignoring case, spaces and punctuation); cells are checked one by one and
 * every rejected cell is named with file, row, column and reason: a log with any rejected row gives
 * no records, only the list of what to fix.
 *
 * (The account and rep importers have a general column mapper of their own; this one is
 * self-contained on purpose until the two are unified.)
 */
import type { Activity, Channel } from '../../solver/index.ts';
import { dayNumber, isoDate } from '../../solver/index.ts';
import { readTable, TableError, type Cell, type Table } from './table.ts';

export type Field = 'account' | 'rep' | 'date' | 'channel' | 'minutes' | 'km';

/** What each field is called in exports, normalised by `headerKey`. Seconds and hours are converted. */
const HEADERS: Record<Field, readonly string[]> = {
  account: ['Account ID', 'AccountId', 'Account', 'Account Number', 'Account Name', 'Customer ID', 'Customer', 'Customer Number', 'Kunde', 'Kundennummer', 'Kundennr', 'Kunden-ID', 'Kundenname'],
  rep: ['Assigned To', 'Assigned', 'Owner', 'Owner ID', 'Activity Owner', 'User ID', 'User', 'Rep', 'Rep ID', 'Sales Rep', 'Mitarbeiter', 'Mitarbeiter-ID', 'Bearbeiter', 'Vertriebsmitarbeiter', 'Zuständig'],
  date: ['Date', 'Activity Date', 'Call Date', 'Visit Date', 'Start Date', 'Datum', 'Aktivitätsdatum', 'Besuchsdatum', 'Anrufdatum'],
  channel: ['Type', 'Activity Type', 'Call Type', 'Channel', 'Kanal', 'Typ', 'Art', 'Aktivitätstyp', 'Kontaktart'],
  minutes: ['Duration', 'Minutes', 'Duration (min)', 'Duration in Minutes', 'Duration Minutes', 'Call Duration', 'Dauer', 'Dauer (min)', 'Dauer in Minuten', 'Minuten'],
  km: ['km', 'Mileage', 'Kilometer', 'Kilometers', 'Kilometres', 'Distance', 'Distance (km)', 'Distance km', 'Strecke', 'Fahrstrecke', 'Gefahrene km'],
};
/** Duration columns in other units: their values are turned into minutes. */
const DURATION_UNITS: ReadonlyArray<{ headers: readonly string[]; perMinute: number; unit: string }> = [
  { headers: ['Duration (s)', 'Duration in Seconds', 'Duration Seconds', 'Call Duration in Seconds', 'CallDurationInSeconds', 'Seconds', 'Sekunden', 'Dauer (s)', 'Dauer in Sekunden'], perMinute: 60, unit: 'seconds' },
  { headers: ['Duration (h)', 'Duration in Hours', 'Duration Hours', 'Hours', 'Stunden', 'Dauer (h)', 'Dauer in Stunden'], perMinute: 1 / 60, unit: 'hours' },
];

/** Activity types, normalised by `headerKey`; types that are no call are left out and counted. */
const CHANNEL_WORDS: Record<Channel | 'none', readonly string[]> = {
  in_person: ['visit', 'meeting', 'Besuch', 'Termin', 'in_person', 'in person', 'visits', 'event', 'face to face', 'f2f', 'on site', 'onsite', 'field visit', 'customer visit', 'Kundenbesuch', 'vor Ort', 'persönlich'],
  phone: ['call', 'phone', 'Anruf', 'Telefon', 'phone call', 'telephone', 'tel', 'outbound call', 'inbound call', 'Telefonat', 'telefonisch'],
  video: ['video', 'Teams', 'Zoom', 'Videokonferenz', 'video call', 'video meeting', 'MS Teams', 'Webex', 'web meeting', 'online meeting', 'virtual meeting', 'virtual', 'Videoanruf', 'Onlinetermin'],
  none: ['email', 'task', 'note', 'Aufgabe', 'e-mail', 'mail', 'letter', 'Brief', 'to do', 'Notiz', 'SMS', 'text', 'chat', 'other', 'sonstiges', 'sonstige'],
};

/** "Activity Date" and "activity_date" and "AKTIVITÄTSDATUM" are the same header. */
export function headerKey(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/ß/g, 'ss').replace(/[^a-z0-9]/g, '');
}

/** Each header name with its field and rank: when two columns name one field, the lower rank (listed first) is read. */
const FIELD_OF = new Map<string, { field: Field; perMinute: number; unit: string; rank: number }>();
for (const [field, names] of Object.entries(HEADERS) as [Field, readonly string[]][]) {
  for (const name of names) FIELD_OF.set(headerKey(name), { field, perMinute: 1, unit: 'minutes', rank: FIELD_OF.size });
}
for (const { headers, perMinute, unit } of DURATION_UNITS) for (const name of headers) FIELD_OF.set(headerKey(name), { field: 'minutes', perMinute, unit, rank: FIELD_OF.size });

const CHANNEL_OF = new Map<string, Channel | 'none'>();
for (const [channel, words] of Object.entries(CHANNEL_WORDS) as [Channel | 'none', readonly string[]][]) {
  for (const word of words) CHANNEL_OF.set(headerKey(word), channel);
}

const REQUIRED: readonly Field[] = ['account', 'rep', 'date', 'channel', 'minutes'];
const WHAT: Record<Field, string> = { account: 'the account', rep: 'the rep', date: 'the date', channel: 'the activity type', minutes: 'the duration', km: 'the km' };

export interface ActivityImportOptions {
  /** How `03/04/2026` reads: month/day/year (default) or day/month/year. */
  readonly dateOrder?: 'mdy' | 'dmy';
  /** xlsx: the worksheet (default: the first). */
  readonly sheet?: string;
}

/** One thing to fix: the file, its row (1 = the header; null for the whole file), the column and why. */
export interface ImportIssue {
  readonly source: string;
  readonly row: number | null;
  readonly column: string | null;
  readonly message: string;
}

export type ActivityImport =
  | {
    readonly ok: true;
    readonly activities: Activity[];
    /** Rows of types that are no call, by type as written. */
    readonly skipped: { type: string; rows: number }[];
    /** The header read for each field. */
    readonly columns: Partial<Record<Field, string>>;
    /** Headers that are none of the fields (kept out). */
    readonly ignoredColumns: string[];
  }
  | { readonly ok: false; readonly issues: ImportIssue[] };

/** `calls.csv row 17, column "Datum": …`. */
export function formatImportIssue(issue: ImportIssue): string {
  const where = [issue.source, issue.row === null ? null : `row ${issue.row}`, issue.column === null ? null : `column "${issue.column}"`].filter((x) => x !== null).join(', ');
  return `${where}: ${issue.message}`;
}

export async function readActivities(source: string, bytes: Uint8Array, options: ActivityImportOptions = {}): Promise<ActivityImport> {
  let table: Table;
  try {
    table = await readTable(source, bytes, options.sheet === undefined ? {} : { sheet: options.sheet });
  } catch (error) {
    if (error instanceof TableError) return { ok: false, issues: [{ source, row: null, column: null, message: error.message.slice(source.length + 2) }] };
    throw error;
  }
  return activitiesFromTable(table, options);
}

export function activitiesFromTable(table: Table, options: ActivityImportOptions = {}): ActivityImport {
  const { source } = table;
  const issues: ImportIssue[] = [];
  const columns: Partial<Record<Field, number>> = {};
  const scale: Partial<Record<Field, { perMinute: number; unit: string; rank: number }>> = {};
  const ignoredColumns: string[] = [];
  const seen = new Map<string, string>();
  table.headers.forEach((header, c) => {
    const key = headerKey(header);
    const hit = FIELD_OF.get(key);
    if (!hit) {
      if (header !== '') ignoredColumns.push(header);
      return;
    }
    const twin = seen.get(key);
    if (twin !== undefined) {
      issues.push({ source, row: 1, column: header, message: `two columns are called "${twin}": remove or rename one` });
      return;
    }
    seen.set(key, header);
    const before = columns[hit.field];
    if (before !== undefined && scale[hit.field]!.rank < hit.rank) {
      ignoredColumns.push(header);
      return;
    }
    if (before !== undefined) ignoredColumns.push(table.headers[before]!);
    columns[hit.field] = c;
    scale[hit.field] = hit;
  });
  for (const field of REQUIRED) {
    if (columns[field] !== undefined) continue;
    const names = HEADERS[field].map((h) => `"${h}"`).join(', ');
    const unknown = ignoredColumns.length > 0 ? `; columns not understood: ${ignoredColumns.map((h) => `"${h}"`).join(', ')}` : '';
    issues.push({ source, row: 1, column: null, message: `no column for ${WHAT[field]} (looked for ${names})${unknown}` });
  }
  if (issues.length > 0) return { ok: false, issues };

  const activities: Activity[] = [];
  const skipped = new Map<string, number>();
  const header = (field: Field) => table.headers[columns[field]!]!;
  for (const { row, cells } of table.rows) {
    const cell = (field: Field): Cell => (columns[field] === undefined ? null : (cells[columns[field]!] ?? null));
    const reject = (field: Field, message: string) => issues.push({ source, row, column: header(field), message });
    const text = (field: Field): string | undefined => {
      const v = cell(field);
      if (v === null) {
        reject(field, `empty: give ${WHAT[field]}`);
        return undefined;
      }
      return v instanceof Date ? v.toISOString() : String(v).trim();
    };
    const type = text('channel');
    const channel = type === undefined ? undefined : CHANNEL_OF.get(headerKey(type));
    if (type !== undefined && channel === undefined) {
      reject('channel', `"${type}" is no activity type this import knows: visits (${words('in_person')}), phone calls (${words('phone')}), video calls (${words('video')}); left out as no call: ${words('none')}`);
    }
    if (channel === 'none') {
      skipped.set(type!, (skipped.get(type!) ?? 0) + 1);
      continue;
    }
    const accountId = text('account');
    const repId = text('rep');
    const date = dateOf(cell('date'), table.format, options.dateOrder ?? 'mdy', (message) => reject('date', message));
    const minutes = numberOf(cell('minutes'), 'minutes', (message) => reject('minutes', message), true);
    const km = columns.km === undefined ? undefined : numberOf(cell('km'), 'km', (message) => reject('km', message), false);
    if (accountId === undefined || repId === undefined || date === undefined || minutes === undefined || minutes === null || channel === undefined || km === null) continue;
    const perMinute = scale.minutes!.perMinute;
    activities.push({ accountId, repId, date, channel, minutes: minutes / perMinute, ...(km !== undefined ? { km } : {}), ref: `${source} row ${row}` });
  }
  if (issues.length > 0) return { ok: false, issues };
  const named = Object.fromEntries(Object.entries(columns).map(([field, c]) => [field, table.headers[c]!])) as Partial<Record<Field, string>>;
  return { ok: true, activities, skipped: [...skipped].map(([t, rows]) => ({ type: t, rows })), columns: named, ignoredColumns };
}

function words(channel: Channel | 'none'): string {
  return CHANNEL_WORDS[channel].slice(0, 4).map((w) => `"${w}"`).join(', ') + ', …';
}

/**
 * A number of minutes or km: a number cell, or text with a decimal point or comma (`45`, `45,5`,
 * `1.234,5`), an optional unit (`45 min`, `12 km`); minutes also as h:mm (`1:30`). Negative numbers
 * are rejected. Returns the number; undefined when empty (rejected if required) or when a required
 * cell is rejected; null when an optional cell is rejected.
 */
function numberOf(value: Cell, what: 'minutes' | 'km', reject: (message: string) => void, required: boolean): number | undefined | null {
  if (value === null) {
    if (required) reject(`empty: give the ${what === 'minutes' ? 'duration in minutes' : 'km'}`);
    return undefined;
  }
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string') {
    const t = value.trim().replace(/\s*(min|mins|minutes|minuten|km)\.?$/i, '');
    const hm = /^(\d+):([0-5]\d)$/.exec(t);
    if (hm && what === 'minutes') n = Number(hm[1]) * 60 + Number(hm[2]);
    else if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/.test(t)) n = Number(t.replace(/\./g, '').replace(',', '.'));
    else if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) n = Number(t.replace(/,/g, ''));
    else if (/^-?\d+([.,]\d+)?$/.test(t)) n = Number(t.replace(',', '.'));
  }
  if (n === undefined || !Number.isFinite(n)) {
    reject(`"${String(value instanceof Date ? value.toISOString() : value)}" is not a number of ${what}`);
    return required ? undefined : null;
  }
  if (n < 0) {
    reject(`${n} is negative: ${what} must be 0 or more`);
    return required ? undefined : null;
  }
  return n;
}

/** Excel's day 0 (the 1900 date system, with its 1900 leap-year bug folded in). */
const EXCEL_EPOCH_DAY = Date.UTC(1899, 11, 30) / 86_400_000;

/**
 * The day of a date cell: an xlsx date, an xlsx serial number, or text as `2026-03-31` (ISO, a time
 * after it ignored), `31.03.2026` (German) or `03/31/2026` (month first; day first with dateOrder
 * dmy). Returns YYYY-MM-DD, or undefined after rejecting the cell.
 */
function dateOf(value: Cell, format: Table['format'], order: 'mdy' | 'dmy', reject: (message: string) => void): string | undefined {
  if (value === null) {
    reject('empty: give the date');
    return undefined;
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      reject('not a date');
      return undefined;
    }
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'number') {
    if (format === 'xlsx' && value >= 1 && value < 2_958_466) return isoDate(EXCEL_EPOCH_DAY + Math.floor(value));
    reject(`${value} is not a date (write dates as 2026-03-31 or 31.03.2026)`);
    return undefined;
  }
  const t = String(value).trim();
  const time = String.raw`(?:[T ,]+\d{1,2}:\d{2}.*)?`;
  const iso = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${time}$`).exec(t);
  const german = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${time}$`).exec(t);
  const slash = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${time}$`).exec(t);
  const ymd = (y: string, m: string, d: string) => {
    const s = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
    return dayNumber(s) === null ? undefined : s;
  };
  if (iso) {
    const s = ymd(iso[1]!, iso[2]!, iso[3]!);
    if (s === undefined) reject(`"${t}" is not a calendar date`);
    return s;
  }
  if (german) {
    const s = ymd(german[3]!, german[2]!, german[1]!);
    if (s === undefined) reject(`"${t}" is not a calendar date (read as day.month.year)`);
    return s;
  }
  if (slash) {
    const [a, b, y] = [slash[1]!, slash[2]!, slash[3]!];
    const s = order === 'mdy' ? ymd(y, a, b) : ymd(y, b, a);
    if (s !== undefined) return s;
    const other = order === 'mdy' ? ymd(y, b, a) : ymd(y, a, b);
    const read = order === 'mdy' ? 'month/day/year' : 'day/month/year';
    const hint = other === undefined ? '' : order === 'mdy'
      ? '; if the file writes day/month/year, read it with --date-order dmy (API: "dateOrder": "dmy")'
      : '; if the file writes month/day/year, read it with --date-order mdy (API: "dateOrder": "mdy")';
    reject(`"${t}" is not a calendar date (read as ${read})${hint}`);
    return undefined;
  }
  reject(`"${t}" is not a date (write dates as 2026-03-31, 31.03.2026 or 03/31/2026)`);
  return undefined;
}
