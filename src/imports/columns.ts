/**
 * Which column of a file holds which field. Each field has the header names CRMs and spreadsheets
 * give it (Salesforce, HubSpot, Dynamics 365, plain English and German); a header matches when it
 * equals one of them after normalisation (case, accents, punctuation and spacing ignored). An
 * explicit mapping (`--map accounts.value="Annual Revenue"`, or `mapping` in the API's options)
 * wins over the names. Two headers that both look like one field are an error that names both and
 * says how to choose; so is a mapping that names a header the file does not have.
 *
 * docs/importing.md lists these names; test/imports/columns.test.ts checks the list there is this one.
 */
import type { ImportError } from './report.ts';

export const FILE_KINDS = ['accounts', 'reps', 'patterns', 'distances'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface FieldSpec {
  /** What the field is, for messages and the docs. */
  readonly label: string;
  /** Header names recognised, as a user would write them. */
  readonly headers: readonly string[];
  /**
   * When several columns match, the one whose header comes first in this list wins instead of an
   * error: exports often carry one thing twice, most exactly first (Salesforce's "Account Owner ID"
   * beside "Account Owner", our own plan export's owner_id beside owner_name). The others are
   * ignored, and the report lists them so.
   */
  readonly prefer?: readonly string[];
}

const ACCOUNT_FIELDS = {
  id: { label: 'account id', headers: ['Account ID', 'AccountId', 'Id', 'ID', 'Record ID', 'Company ID', 'accountid', 'Account Number', 'Customer ID', 'Customer Number', 'Kundennummer', 'Kunden-Nr', 'Kundennr', 'Kunden-ID', 'Konto-ID', 'Debitorennummer'] },
  name: { label: 'account name', headers: ['Account Name', 'Name', 'Company Name', 'Company', 'Customer', 'Customer Name', 'Firmenname', 'Firma', 'Kunde', 'Kundenname', 'Unternehmen', 'Unternehmensname'] },
  lat: { label: 'latitude', headers: ['Latitude', 'Lat', 'Billing Latitude', 'Shipping Latitude', 'BillingLatitude', 'address1_latitude', 'Breitengrad', 'Breite', 'Geo Latitude'] },
  lon: { label: 'longitude', headers: ['Longitude', 'Lon', 'Lng', 'Long', 'Billing Longitude', 'Shipping Longitude', 'BillingLongitude', 'address1_longitude', 'Längengrad', 'Länge', 'Geo Longitude'] },
  value: { label: 'annual revenue or potential', headers: ['Annual Revenue', 'AnnualRevenue', 'Revenue', 'Value', 'Potential', 'Sales', 'Annual Sales', 'revenue', 'Umsatz', 'Jahresumsatz', 'Potenzial', 'Potential (EUR)', 'Wert'] },
  segment: { label: 'segment', headers: ['Segment', 'Tier', 'ABC', 'ABC Class', 'ABC Segment', 'Account Tier', 'Customer Segment', 'Kundensegment', 'ABC-Klasse', 'Kundenklasse', 'Klasse'] },
  owner: { label: 'current owner (rep id, name or e-mail)', prefer: ['Owner ID', 'OwnerId', 'Account Owner ID', 'ownerid', 'Rep ID', 'Owner Email', 'Account Owner Email'], headers: ['Account Owner', 'Owner', 'Owner Name', 'Owner ID', 'OwnerId', 'Account Owner ID', 'Owner Email', 'Account Owner Email', 'Company owner', 'HubSpot Owner', 'Contact owner', 'ownerid', 'Sales Rep', 'Rep', 'Rep ID', 'Betreuer', 'Kundenbetreuer', 'Verantwortlicher', 'Vertriebsmitarbeiter', 'Außendienstmitarbeiter', 'Zuständig'] },
  city: { label: 'city', headers: ['City', 'Billing City', 'Shipping City', 'BillingCity', 'address1_city', 'Town', 'Ort', 'Stadt', 'Gemeinde'] },
  postalCode: { label: 'postal code', headers: ['Postal Code', 'Postcode', 'Zip', 'ZIP Code', 'Zip Code', 'Billing Zip/Postal Code', 'Billing Postal Code', 'Shipping Zip/Postal Code', 'BillingPostalCode', 'address1_postalcode', 'PLZ', 'Postleitzahl'] },
  country: { label: 'country (ISO code or name)', headers: ['Country', 'Billing Country', 'Shipping Country', 'BillingCountry', 'Country/Region', 'Country Code', 'address1_country', 'Land', 'Ländercode'] },
  skills: { label: 'skills the owner needs', headers: ['Skills', 'Required Skills', 'Skill', 'Fähigkeiten'] },
  lockedRep: { label: 'rep the account is locked to', headers: ['Locked Rep', 'Locked Rep ID', 'Locked To', 'Fixed Rep', 'Gesperrt für'] },
  workload: { label: 'fixed workload in hours per year', headers: ['Workload', 'Workload Hours', 'Hours per Year', 'Arbeitsaufwand', 'Aufwand (h)'] },
} as const satisfies Record<string, FieldSpec>;

const REP_FIELDS = {
  id: { label: 'rep id', headers: ['User ID', 'UserId', 'Id', 'ID', 'Owner ID', 'systemuserid', 'Employee ID', 'Employee Number', 'Rep ID', 'Mitarbeiter-ID', 'Mitarbeiternummer', 'Personalnummer', 'Benutzer-ID'] },
  name: { label: 'rep name', headers: ['Full Name', 'Name', 'User Name', 'Owner Name', 'Rep Name', 'fullname', 'Display Name', 'Mitarbeiter', 'Vollständiger Name'] },
  firstName: { label: 'first name', headers: ['First Name', 'FirstName', 'Given Name', 'firstname', 'Vorname'] },
  lastName: { label: 'last name', headers: ['Last Name', 'LastName', 'Surname', 'Family Name', 'lastname', 'Nachname'] },
  email: { label: 'e-mail', headers: ['Email', 'E-Mail', 'Email Address', 'E-Mail Address', 'Primary Email', 'internalemailaddress', 'E-Mail-Adresse', 'Mail'] },
  lat: { label: 'home latitude', headers: ['Home Latitude', 'Latitude', 'Lat', 'address1_latitude', 'Breitengrad', 'Breite'] },
  lon: { label: 'home longitude', headers: ['Home Longitude', 'Longitude', 'Lon', 'Lng', 'Long', 'address1_longitude', 'Längengrad', 'Länge'] },
  city: { label: 'home city', headers: ['Home City', 'City', 'address1_city', 'Town', 'Base', 'Ort', 'Stadt', 'Wohnort', 'Standort'] },
  postalCode: { label: 'home postal code', headers: ['Home Postal Code', 'Postal Code', 'Zip', 'ZIP Code', 'Zip Code', 'Postcode', 'address1_postalcode', 'PLZ', 'Postleitzahl'] },
  country: { label: 'home country', headers: ['Home Country', 'Country', 'Country/Region', 'Country Code', 'address1_country', 'Land'] },
  title: { label: 'job title', headers: ['Title', 'Titel', 'Job Title', 'JobTitle', 'jobtitle', 'Position', 'Funktion', 'Stellenbezeichnung', 'Berufsbezeichnung'] },
  role: { label: 'role (field, inside, ...)', headers: ['Role', 'Sales Role', 'Territory Role', 'Rolle', 'Vertriebsrolle'] },
  capacity: { label: 'capacity in hours per year', headers: ['Capacity', 'Capacity Hours', 'Capacity (h/year)', 'Hours per Year', 'Annual Hours', 'Kapazität', 'Kapazität (h)', 'Stunden pro Jahr'] },
  fte: { label: 'FTE (1 = full time)', headers: ['FTE', 'Full Time Equivalent', 'FTE %', 'Vollzeitäquivalent', 'VZÄ', 'Arbeitszeitanteil'] },
  skills: { label: 'skills', headers: ['Skills', 'Skill', 'Fähigkeiten'] },
  maxAccounts: { label: 'most accounts', headers: ['Max Accounts', 'Maximum Accounts', 'Account Limit', 'Max. Kunden'] },
} as const satisfies Record<string, FieldSpec>;

const PATTERN_FIELDS = {
  segment: { label: 'segment', headers: ['Segment', 'Tier', 'ABC', 'Klasse', 'Kundensegment'] },
  role: { label: 'role', headers: ['Role', 'Rep Role', 'Sales Role', 'Rolle'] },
  callsPerYear: { label: 'calls per year (a number or weekly, monthly, ...)', headers: ['Calls per Year', 'Calls/Year', 'Calls', 'Visits per Year', 'Frequency', 'Call Frequency', 'Besuche pro Jahr', 'Anrufe pro Jahr', 'Frequenz', 'Häufigkeit'] },
  minutesPerCall: { label: 'minutes per call', headers: ['Minutes per Call', 'Minutes', 'Duration', 'Call Duration', 'Duration (min)', 'Minuten', 'Dauer', 'Dauer (min)'] },
  channel: { label: 'channel (in person, phone, video)', headers: ['Channel', 'Call Type', 'Type', 'Kanal', 'Art'] },
} as const satisfies Record<string, FieldSpec>;

const DISTANCE_FIELDS = {
  account: { label: 'account id', headers: ['Account ID', 'Account', 'AccountId', 'Customer ID', 'To', 'Kundennummer', 'Kunde'] },
  rep: { label: 'rep id', headers: ['Rep ID', 'Rep', 'User ID', 'UserId', 'Owner ID', 'From', 'Mitarbeiter', 'Mitarbeiter-ID'] },
  km: { label: 'road distance in km', headers: ['km', 'Distance', 'Distance (km)', 'Distance km', 'Road km', 'Entfernung', 'Entfernung (km)', 'Strecke'] },
  minutes: { label: 'drive time in minutes', headers: ['Minutes', 'Drive Time', 'Drive Time (min)', 'Duration', 'Travel Time', 'Fahrzeit', 'Fahrzeit (min)'] },
} as const satisfies Record<string, FieldSpec>;

export const FIELDS = { accounts: ACCOUNT_FIELDS, reps: REP_FIELDS, patterns: PATTERN_FIELDS, distances: DISTANCE_FIELDS } as const;

export type AccountField = keyof typeof ACCOUNT_FIELDS;
export type RepField = keyof typeof REP_FIELDS;
export type PatternField = keyof typeof PATTERN_FIELDS;
export type DistanceField = keyof typeof DISTANCE_FIELDS;
export type FieldOf<K extends FileKind> = keyof (typeof FIELDS)[K] & string;

/** "Billing Zip/Postal Code" and "billing_zip_postal_code" are the same header; so are "Längengrad" and "laengengrad". */
export function normalHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss')
    .normalize('NFD').replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9%]+/g, '');
}

/** One column the import reads: its header, index and the field it holds. */
export interface MappedColumn {
  readonly header: string;
  readonly index: number;
  readonly field: string;
  /** `auto`: by its header name; `mapping`: named in the mapping. */
  readonly how: 'auto' | 'mapping';
}

export interface ColumnMapping<F extends string = string> {
  readonly byField: Partial<Record<F, MappedColumn>>;
  readonly columns: readonly MappedColumn[];
  /** Headers no field reads (kept out of the problem; listed in the report). */
  readonly ignored: readonly string[];
  /** Fields with a mapping error (a header the file lacks, two columns claiming it): not reported missing too. */
  readonly troubled: readonly string[];
}

/**
 * Maps a file's headers to fields: the explicit mapping first (its header must exist), then the
 * header names. Errors: a mapped header the file lacks, two headers for one field, one header for
 * two fields by name (only when both are unmapped; the mapping settles it).
 */
export function mapColumns<K extends FileKind>(kind: K, source: string, headers: readonly string[], explicit: Readonly<Record<string, string>> = {}): { mapping: ColumnMapping<FieldOf<K>>; errors: ImportError[] } {
  const fields = FIELDS[kind] as Record<string, FieldSpec>;
  const errors: ImportError[] = [];
  const byField: Record<string, MappedColumn> = {};
  const taken = new Set<number>();
  const troubled: string[] = [];
  const normalHeaders = headers.map(normalHeader);

  for (const [field, header] of Object.entries(explicit)) {
    if (!(field in fields)) {
      errors.push({ file: source, row: null, column: null, reason: `the mapping names "${field}", which is not a field of the ${kind} file (fields: ${Object.keys(fields).join(', ')})` });
      continue;
    }
    let index = headers.indexOf(header);
    if (index < 0) index = normalHeaders.indexOf(normalHeader(header));
    if (index < 0) {
      troubled.push(field);
      errors.push({ file: source, row: null, column: header, reason: `the mapping ${kind}.${field}="${header}" names a column the file does not have (it has ${quoteList(headers)})` });
      continue;
    }
    byField[field] = { header: headers[index]!, index, field, how: 'mapping' };
    taken.add(index);
  }

  for (const [field, spec] of Object.entries(fields)) {
    if (byField[field] || field in explicit) continue;
    const names = new Set(spec.headers.map(normalHeader));
    const matches = headers.map((h, i) => i).filter((i) => !taken.has(i) && normalHeaders[i] !== '' && names.has(normalHeaders[i]!));
    const preferred = matches.length > 1 ? mostPreferred(spec, matches.map((i) => normalHeaders[i]!)) : -1;
    if (preferred >= 0) {
      byField[field] = { header: headers[matches[preferred]!]!, index: matches[preferred]!, field, how: 'auto' };
      continue;
    }
    if (matches.length > 1) {
      troubled.push(field);
      const which = matches.map((i) => `"${headers[i]}"`).join(' and ');
      errors.push({
        file: source, row: null, column: headers[matches[0]!]!,
        reason: `columns ${which} could both be the ${spec.label} (${field}); say which with --map ${kind}.${field}="${headers[matches[0]!]}" (or "mapping": { "${kind}": { "${field}": "…" } } in the API)`,
      });
      continue;
    }
    if (matches.length === 1) byField[field] = { header: headers[matches[0]!]!, index: matches[0]!, field, how: 'auto' };
  }

  // A header matched by name for two fields ("Id" is no such case, but a mapping-free "Minutes" in a
  // patterns file is only minutesPerCall): fields are read by their own columns, so a column read twice
  // means two fields share a name list entry. Refuse it rather than guess.
  const readers = new Map<number, string[]>();
  for (const col of Object.values(byField)) readers.set(col.index, [...(readers.get(col.index) ?? []), col.field]);
  for (const [index, fs] of readers) {
    if (fs.length > 1) errors.push({ file: source, row: null, column: headers[index]!, reason: `column "${headers[index]}" could be ${fs.join(' or ')}; map the one it is with --map ${kind}.<field>="${headers[index]}"` });
  }
  const columns = Object.values(byField).sort((a, b) => a.index - b.index);
  const used = new Set(columns.map((c) => c.index));
  const ignored = headers.filter((h, i) => !used.has(i) && h !== '');
  return { mapping: { byField: byField as Partial<Record<FieldOf<K>, MappedColumn>>, columns, ignored, troubled }, errors };
}

/** The index among `candidates` (normalised headers) that the field prefers over all the others, or -1. */
function mostPreferred(spec: FieldSpec, candidates: readonly string[]): number {
  if (!spec.prefer) return -1;
  const rank = (h: string) => {
    const r = spec.prefer!.findIndex((p) => normalHeader(p) === h);
    return r < 0 ? spec.prefer!.length : r;
  };
  const ranks = candidates.map(rank);
  const best = Math.min(...ranks);
  return best < spec.prefer.length && ranks.filter((r) => r === best).length === 1 ? ranks.indexOf(best) : -1;
}

/** A required field with no column: the error says which names were looked for and how to map one. */
export function missingColumn(kind: FileKind, source: string, field: string, headers: readonly string[], why = ''): ImportError {
  const spec = (FIELDS[kind] as Record<string, FieldSpec>)[field]!;
  return {
    file: source, row: null, column: null,
    reason: `no column for the ${spec.label} (${field})${why}: looked for ${quoteList(spec.headers.slice(0, 6))}…; the file has ${quoteList(headers)}. Map one with --map ${kind}.${field}="<header>"`,
  };
}

export function quoteList(items: readonly string[], max = 12): string {
  const shown = items.slice(0, max).map((h) => `"${h}"`).join(', ');
  return items.length > max ? `${shown}, … (${items.length} in all)` : shown;
}
