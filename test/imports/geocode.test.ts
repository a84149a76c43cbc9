/** Offline geocoding: US postal codes, city + country (largest population wins), country names in English and German. */
import { describe, expect, it } from 'vitest';
import { countryCode, geocode } from '../../src/imports/geocode.ts';

describe('countryCode', () => {
  it.each([['DE', 'DE'], ['deu', 'DE'], ['Germany', 'DE'], ['Deutschland', 'DE'], ['deutschland', 'DE'], ['Österreich', 'AT'], ['United States', 'US'], ['USA', 'US'], ['UK', 'GB'], ['Schweiz', 'CH']])('%s is %s', (text, code) => {
    expect(countryCode(text)).toBe(code);
  });
  it('knows no made-up country', () => {
    expect(countryCode('Atlantis')).toBeUndefined();
  });
});

describe('geocode', () => {
  it('places a US ZIP (and ZIP+4) by the postal-code table', () => {
    const placed = geocode({ postalCode: '10001-1234', country: 'US' });
    expect(placed).toMatchObject({ ok: true, how: 'postal code', place: 'New York, NY, US' });
    if (placed.ok) expect(placed.lat).toBeCloseTo(40.75, 1);
  });

  it('places a city in a country, the largest of the places of that name', () => {
    const placed = geocode({ city: 'Würzburg', country: 'Deutschland' });
    expect(placed).toMatchObject({ ok: true, how: 'city', query: 'Würzburg, DE' });
    if (placed.ok) expect([placed.lat, placed.lon].map((x) => Math.round(x * 10) / 10)).toEqual([49.8, 10]);
    const springfield = geocode({ city: 'Springfield', country: 'US' });
    expect(springfield).toMatchObject({ ok: true, note: expect.stringMatching(/^largest of \d+ places named "Springfield" in US$/) });
    expect(geocode({ city: 'München', country: 'DE' })).toMatchObject({ ok: true, place: expect.stringMatching(/^Munich, DE/) });
  });

  it('does not trust a 5-digit code with no country when the city disagrees (80331 is Munich and a US ZIP)', () => {
    expect(geocode({ postalCode: '80331', city: 'München', defaultCountry: 'DE' })).toMatchObject({ ok: true, how: 'city' });
  });

  it('says why a row cannot be placed', () => {
    expect(geocode({ city: 'Nowhereville', country: 'DE' })).toEqual({ ok: false, reason: 'city "Nowhereville" in DE is not in the offline gazetteer (GeoNames places of 1,000+ inhabitants); check the spelling, or give latitude/longitude' });
    expect(geocode({ city: 'Paris', country: 'Atlantis' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^"Atlantis" is not a country/) });
    expect(geocode({ postalCode: '80331', country: 'DE' })).toMatchObject({ ok: false, reason: expect.stringMatching(/outside the US and Canada/) });
  });
});
