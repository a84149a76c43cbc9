/**
 * Builds `data/crm/accounts.csv` and `data/crm/users.csv`: the Bavaria / Baden-Württemberg sample
 * (`sample-bavaria-bw.json`) as a Salesforce report export would give it, to try `territory import`
 * on (docs/importing.md):
 * - accounts: `Account ID, Account Name, Billing City, Billing Country, Billing Latitude,
 *   Billing Longitude, Annual Revenue, Account Owner, Industry`; revenue written with thousands
 *   separators (`"1,234,567"`), owners by full name ("Lena Huber"), new accounts with no owner;
 *   every eighth account has no coordinates, only its city, so the import geocodes it (only towns
 *   whose name the gazetteer places at the town itself, within 1 km, are chosen for that);
 * - users: `User ID, Full Name, Email, Title, Home Latitude, Home Longitude`, Salesforce-like user
 *   ids; the sample's capacities, roles, skills, locks and call patterns are not in it (no CRM holds
 *   them): the import fills them in from its defaults.
 * Deterministic: running it again gives the same bytes; test/imports/crm-sample.test.ts checks
 * that and imports and solves the files. Run with `node --import tsx data/build-crm-sample.ts`;
 * importing this module writes nothing.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import type { ProblemInput } from '../solver/problem.ts';
import { haversineKm } from '../solver/travel.ts';
import { geocode } from '../src/imports/geocode.ts';

export const CRM_DIR = 'crm';
export const CRM_FILES = ['accounts.csv', 'users.csv'] as const;

/** Every n-th account is exported without coordinates (when its city geocodes to the town itself). */
const NO_COORDINATES_EVERY = 8;
/** Industries, cycled, as an ignored CRM column. */
const INDUSTRIES = ['Manufacturing', 'Retail', 'Healthcare', 'Construction', 'Wholesale', 'Hospitality'];

const TITLES: Readonly<Record<string, string>> = {
  field: 'Field Sales Representative',
  'field-key': 'Senior Field Sales Representative, Key Accounts',
  inside: 'Inside Sales Representative',
};

/** "Lena Huber (Munich)" -> "Lena Huber": the CRM holds the person's name, not the territory. */
function fullName(name: string): string {
  return name.replace(/\s*\(.*\)\s*$/, '');
}

function email(name: string): string {
  return `${fullName(name).toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, '.')}@example.com`;
}

/** Salesforce-like 15-character user ids. */
function userId(k: number): string {
  return `0058d00000${String(1001 + k).padStart(5, '0')}`;
}

/** 1234567 -> "1,234,567". */
function thousands(x: number): string {
  return Math.round(x).toLocaleString('en-US');
}

export function buildCrmSample(sample: ProblemInput): Record<(typeof CRM_FILES)[number], string> {
  const idOf = new Map(sample.reps.map((r, k) => [r.id, userId(k)]));
  const nameOf = new Map(sample.reps.map((r) => [r.id, fullName(r.name ?? r.id)]));
  const users = sample.reps.map((r) => [
    idOf.get(r.id)!,
    nameOf.get(r.id)!,
    email(r.name ?? r.id),
    TITLES[r.role === 'field' && (r.skills ?? []).includes('key-account') ? 'field-key' : r.role]!,
    r.lat,
    r.lon,
  ]);
  let withoutCoordinates = 0;
  const accounts = sample.accounts.map((a, i) => {
    let lat: number | string = a.lat!;
    let lon: number | string = a.lon!;
    if (i % NO_COORDINATES_EVERY === 3) {
      const placed = geocode({ city: a.name!, country: 'Germany' });
      if (placed.ok && haversineKm(placed.lat, placed.lon, a.lat!, a.lon!) < 1) {
        lat = '';
        lon = '';
        withoutCoordinates++;
      }
    }
    return [a.id.replace(/^acc-/, '0018d00000'), a.name, a.name, 'Germany', lat, lon, thousands(a.value), a.currentRepId === undefined ? '' : nameOf.get(a.currentRepId)!, INDUSTRIES[i % INDUSTRIES.length]];
  });
  if (withoutCoordinates < 20) throw new Error(`only ${withoutCoordinates} accounts without coordinates`);
  return {
    'accounts.csv': stringify([['Account ID', 'Account Name', 'Billing City', 'Billing Country', 'Billing Latitude', 'Billing Longitude', 'Annual Revenue', 'Account Owner', 'Industry'], ...accounts], { record_delimiter: '\r\n' }),
    'users.csv': stringify([['User ID', 'Full Name', 'Email', 'Title', 'Home Latitude', 'Home Longitude'], ...users], { record_delimiter: '\r\n' }),
  };
}

export function readSample(): ProblemInput {
  return JSON.parse(readFileSync(new URL('sample-bavaria-bw.json', import.meta.url), 'utf8')) as ProblemInput;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = new URL(`${CRM_DIR}/`, import.meta.url);
  mkdirSync(dir, { recursive: true });
  const files = buildCrmSample(readSample());
  for (const [name, text] of Object.entries(files)) writeFileSync(new URL(name, dir), text);
  process.stderr.write(`wrote ${Object.keys(files).map((n) => `${CRM_DIR}/${n}`).join(', ')}\n`);
}
