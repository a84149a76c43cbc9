/** Header names -> fields: CRM names, the explicit mapping, and the errors for ambiguity and unknown headers. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIELDS, FILE_KINDS, mapColumns, normalHeader } from '../../src/imports/columns.ts';

describe('mapColumns', () => {
  it('maps a Salesforce account export by its header names, in any order', () => {
    const headers = ['Annual Revenue', 'Account Owner', 'Billing Longitude', 'Account Name', 'Billing Latitude', 'Account ID', 'Industry'];
    const { mapping, errors } = mapColumns('accounts', 'accounts.csv', headers);
    expect(errors).toEqual([]);
    expect(Object.fromEntries(mapping.columns.map((c) => [c.header, c.field]))).toEqual({
      'Annual Revenue': 'value', 'Account Owner': 'owner', 'Billing Longitude': 'lon', 'Account Name': 'name', 'Billing Latitude': 'lat', 'Account ID': 'id',
    });
    expect(mapping.ignored).toEqual(['Industry']);
  });

  it('maps HubSpot, Dynamics and German headers, ignoring case, accents and punctuation', () => {
    expect(mapColumns('accounts', 'a.csv', ['Record ID', 'Company name', 'Company owner', 'annualrevenue', 'City', 'Country/Region']).mapping.columns.map((c) => c.field)).toEqual(['id', 'name', 'owner', 'value', 'city', 'country']);
    expect(mapColumns('accounts', 'a.csv', ['accountid', 'name', 'revenue', 'address1_latitude', 'address1_longitude', 'ownerid']).mapping.columns.map((c) => c.field)).toEqual(['id', 'name', 'value', 'lat', 'lon', 'owner']);
    expect(mapColumns('accounts', 'a.csv', ['Kundennummer', 'Firma', 'Jahresumsatz', 'PLZ', 'Ort', 'Betreuer', 'LÄNGENGRAD', 'Breitengrad']).mapping.columns.map((c) => c.field)).toEqual(['id', 'name', 'value', 'postalCode', 'city', 'owner', 'lon', 'lat']);
    expect(mapColumns('reps', 'u.csv', ['User ID', 'First Name', 'Last Name', 'E-Mail', 'Job Title']).mapping.columns.map((c) => c.field)).toEqual(['id', 'firstName', 'lastName', 'email', 'title']);
  });

  it('lets the mapping choose a column, and wins over the names', () => {
    const { mapping, errors } = mapColumns('accounts', 'a.csv', ['Id', 'Umsatz 2024', 'Revenue'], { value: 'Umsatz 2024' });
    expect(errors).toEqual([]);
    expect(mapping.byField.value).toMatchObject({ header: 'Umsatz 2024', how: 'mapping' });
    expect(mapping.ignored).toEqual(['Revenue']);
  });

  it('refuses two headers for one field and says how to choose', () => {
    const { errors } = mapColumns('accounts', 'accounts.csv', ['Account ID', 'Billing Latitude', 'Shipping Latitude']);
    expect(errors).toEqual([{
      file: 'accounts.csv', row: null, column: 'Billing Latitude',
      reason: 'columns "Billing Latitude" and "Shipping Latitude" could both be the latitude (lat); say which with --map accounts.lat="Billing Latitude" (or "mapping": { "accounts": { "lat": "…" } } in the API)',
    }]);
  });

  it('reads the owner from its id column when the file also has the owner\'s name or e-mail (an id identifies most exactly)', () => {
    for (const headers of [['account_id', 'owner_id', 'owner_name'], ['Account ID', 'Account Owner', 'Account Owner ID', 'Account Owner Email']]) {
      const { mapping, errors } = mapColumns('accounts', 'a.csv', headers);
      expect(errors).toEqual([]);
      expect(mapping.byField.owner?.header).toMatch(/owner.?id$/i);
      expect(mapping.ignored.length).toBe(headers.length - 2);
    }
    // Two columns neither of which is more exact than the other: still a question for the user.
    const { errors } = mapColumns('accounts', 'a.csv', ['Account ID', 'Account Owner', 'Owner Name']);
    expect(errors.map((e) => e.reason)).toEqual([expect.stringMatching(/"Account Owner" and "Owner Name" could both be the current owner/)]);
  });

  it('refuses a mapping to a header the file does not have, and a field that does not exist', () => {
    const { errors } = mapColumns('accounts', 'accounts.csv', ['Account ID', 'Revenue'], { value: 'Annual Revenue', valu: 'Revenue' });
    expect(errors.map((e) => [e.column, e.reason])).toEqual([
      ['Annual Revenue', 'the mapping accounts.value="Annual Revenue" names a column the file does not have (it has "Account ID", "Revenue")'],
      [null, expect.stringMatching(/^the mapping names "valu", which is not a field of the accounts file \(fields: id, name, lat, lon, value/)],
    ]);
  });

  it('no header name is listed for two fields of one file', () => {
    for (const kind of FILE_KINDS) {
      const owner = new Map<string, string>();
      for (const [field, spec] of Object.entries(FIELDS[kind])) {
        for (const header of spec.headers) {
          const key = normalHeader(header);
          expect([undefined, field], `${kind}: "${header}" is listed for ${owner.get(key)} and ${field}`).toContain(owner.get(key));
          owner.set(key, field);
        }
      }
    }
  });
});

describe('docs/importing.md', () => {
  it('lists every field and every header name the import understands', () => {
    const doc = readFileSync(new URL('../../docs/importing.md', import.meta.url), 'utf8');
    for (const kind of FILE_KINDS) {
      for (const [field, spec] of Object.entries(FIELDS[kind])) {
        const row = doc.split('\n').find((line) => line.startsWith(`| \`${field}\` | ${spec.label} |`));
        expect(row, `${kind}.${field}`).toBeDefined();
        for (const header of spec.headers) expect(row, `${kind}.${field}: ${header}`).toContain(header);
      }
    }
  });
});
